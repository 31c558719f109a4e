"""The forms of travel, used by the delegate's "My travel" page and by the console alike. They read what was typed;
the services (travel.services) decide whether it may be."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import validate_supported_date, with_weekday

from .airports import airport_zone
from .models import HotelBlock, Trip
from .money import CURRENCY_CHOICES, LARGEST_AMOUNT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AIRPORT_INPUT = forms.TextInput(
    attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false", "size": 4, "maxlength": 3}
)


def money_field(label, **options):
    # max_digits bounds what is parsed: "1e999999" or 5,000 digits become a message, never a Decimal overflow.
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=0, max_value=LARGEST_AMOUNT, **options
    )


def date_field(label):
    return forms.DateField(label=label, widget=DATE_INPUT, validators=[validate_supported_date])


class TravelForm(forms.Form):
    def refused(self, error):
        """Show a service's refusal (travel.services.TravelError) beside the field it names, else on top."""
        if not error.message_dict:
            self.add_error(None, error.message)
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class ItineraryForm(TravelForm):
    own_arrangement = forms.BooleanField(
        label=_("I travel by my own arrangement (no flight booked by the organisers)"), required=False
    )
    origin_airport = forms.CharField(label=_("From (airport code)"), max_length=3, required=False, widget=AIRPORT_INPUT)
    via_airports = forms.CharField(
        label=_("Via (airport codes, separated by spaces)"),
        max_length=40,
        required=False,
        help_text=_("For example: BKK HKG"),
    )
    arrival_airport = forms.CharField(label=_("Arrival airport"), max_length=3, required=False, widget=AIRPORT_INPUT)
    arrival_local = forms.DateTimeField(
        label=_("Arrival (local time at the airport)"), widget=DATETIME_INPUT, validators=[validate_supported_date]
    )
    arrival_flight = forms.CharField(label=_("Arrival flight"), max_length=40, required=False)
    departure_airport = forms.CharField(
        label=_("Departure airport"), max_length=3, required=False, widget=AIRPORT_INPUT
    )
    departure_local = forms.DateTimeField(
        label=_("Departure (local time at the airport)"), widget=DATETIME_INPUT, validators=[validate_supported_date]
    )
    departure_flight = forms.CharField(label=_("Departure flight"), max_length=40, required=False)

    @classmethod
    def initial_of(cls, trip):
        if trip is None:
            return {}
        return {
            "own_arrangement": trip.own_arrangement,
            "origin_airport": trip.origin_airport,
            "via_airports": trip.via_airports,
            "arrival_airport": trip.arrival_airport,
            "arrival_local": local_time(trip.arrival_at, trip.arrival_airport, trip.workshop),
            "arrival_flight": trip.arrival_flight,
            "departure_airport": trip.departure_airport,
            "departure_local": local_time(trip.departure_at, trip.departure_airport, trip.workshop),
            "departure_flight": trip.departure_flight,
        }


def local_time(moment, code, workshop):
    """A stored moment on the clock it was typed on (the airport's, or the workshop's for an own arrangement)."""
    if moment is None:
        return None
    zone = airport_zone(code) if code else workshop.tzinfo
    return moment.astimezone(zone).replace(tzinfo=None)


class TicketForm(TravelForm):
    ticket_by = forms.ChoiceField(label=_("Who buys the ticket"), choices=Trip.TicketBuyer.choices, required=False)
    cost = money_field(_("Ticket cost"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    file = forms.FileField(label=_("E-ticket (PDF)"), required=False)


class RoomForm(TravelForm):
    block = forms.ModelChoiceField(label=_("Hotel room block"), queryset=HotelBlock.objects.none())

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = HotelBlock.objects.filter(workshop=workshop)


class DsaForm(TravelForm):
    percentage = forms.DecimalField(
        label=_("Share of the DSA paid (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Empty: the workshop's."),
    )
    excused_days = forms.MultipleChoiceField(
        label=_("Days not attended but excused"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop_days = {day.isoformat(): day for day in workshop.days}
        self.fields["excused_days"].choices = [
            (key, with_weekday(day, "MONTH_DAY_FORMAT")) for key, day in self.workshop_days.items()
        ]

    def clean_excused_days(self):
        return [self.workshop_days[key] for key in self.cleaned_data["excused_days"]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BoardingPassesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(BoardingPassesField, self).clean(file, initial) for file in files if file]


class ClaimForm(TravelForm):
    arrived_on = date_field(_("The day you arrived"))
    left_on = date_field(_("The day you left"))
    ticket_cost = money_field(_("What your ticket cost"), required=False)
    boarding_passes = BoardingPassesField(
        label=_("Boarding passes (PDF or pictures, up to 8 files)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )


class ClaimDecisionForm(TravelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("adjust", _("Approve another amount")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    amount = money_field(_("Amount paid (when adjusted)"), required=False)
    reason = forms.CharField(label=_("Why the amount differs"), max_length=1000, required=False)
    message = forms.CharField(
        label=_("Message to the delegate"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TermsForm(TravelForm):
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    budget = money_field(_("Travel budget"))
    dsa_percentage = forms.DecimalField(
        label=_("Share of the DSA paid (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    terminal_expenses = money_field(_("Terminal expenses per journey"))


class RateForm(TravelForm):
    place = forms.CharField(label=_("Place"), max_length=120)
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"))
    rate = money_field(_("Rate per night"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)


class BlockForm(TravelForm):
    hotel = forms.CharField(label=_("Hotel"), max_length=200)
    first_night = date_field(_("First night"))
    last_night = date_field(_("Last night"))
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=1000)
