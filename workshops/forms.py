import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.dates import validate_supported_date

from .models import WcoRegion, Workshop


class WorkshopClockMixin:
    """For a workshop's form: its registration window is typed on the workshop's clock.

    The page shows the times in the active time zone (the workshop's stored one when it has one);
    they are read back as wall-clock times in the zone chosen on the form, so changing the zone
    keeps 09:00 at 09:00. Every date is bounded by the field itself, before any time zone arithmetic.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_supported_date)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        # An unknown zone is left for the model's validator to name beside the field.
        if zone_name and zone_name in zoneinfo.available_timezones():
            zone = Workshop(time_zone=zone_name).tzinfo
            for name in ("registration_opens_at", "registration_closes_at"):
                if cleaned.get(name):
                    cleaned[name] = timezone.make_aware(timezone.make_naive(cleaned[name]), zone)
        return cleaned


class WorkshopFilterForm(forms.Form):
    """The filters of the public workshop list; every choice is optional and read from the query string."""

    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("WCO region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, years=(), country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["year"].choices = every + [(year, str(year)) for year in years]
        self.fields["region"].choices = every + list(WcoRegion.choices)
        self.fields["country"].choices = every + sorted(
            ((code, countries.name(code)) for code in country_codes), key=lambda choice: choice[1]
        )

    def filter(self, workshops):
        if not self.is_valid():
            return workshops
        data = self.cleaned_data
        if data["q"]:
            workshops = workshops.filter(title__icontains=data["q"])
        if data["year"]:
            # A workshop belongs to every year it touches (one spanning New Year is in both).
            workshops = workshops.filter(start_date__year__lte=data["year"], end_date__year__gte=data["year"])
        if data["region"]:
            workshops = workshops.filter(wco_region=data["region"])
        if data["country"]:
            workshops = workshops.filter(country=data["country"])
        return workshops
