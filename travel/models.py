"""Travel of the funded delegates: the workshop's travel terms and budget, its DSA rate table and hotel room
blocks; each funded nominee's trip (itinerary, ticket, DSA), room, and claim with boarding passes."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

from .money import CURRENCY_CHOICES

MONEY = {"max_digits": 12, "decimal_places": 2}


class TravelTerms(models.Model):
    """What a workshop pays its funded delegates: the budget, the currency, the DSA's share and terminal expenses."""

    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="travel_terms")
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD")
    budget = models.DecimalField(
        _("travel budget"), **MONEY, help_text=_("Tickets and allowances of every funded delegate, in all.")
    )
    dsa_percentage = models.DecimalField(
        _("share of the DSA paid (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        help_text=_("100 %, or less where the hotel is provided. Each delegate's can differ."),
    )
    terminal_expenses = models.DecimalField(
        _("terminal expenses per journey"),
        **MONEY,
        default=0,
        help_text=_("A fixed sum for each journey to and from the airport."),
    )

    class Meta:
        verbose_name = _("travel terms")
        verbose_name_plural = _("travel terms")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="travel_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(dsa_percentage__gte=0) & Q(dsa_percentage__lte=100), name="travel_dsa_percentage_range"
            ),
            models.CheckConstraint(condition=Q(terminal_expenses__gte=0), name="travel_terminal_not_negative"),
            models.CheckConstraint(
                condition=Q(currency__in=[code for code, _ in CURRENCY_CHOICES]), name="travel_terms_currency_known"
            ),
        ]

    def __str__(self):
        return f"{self.workshop} — {self.budget} {self.currency}"


class DsaRate(models.Model):
    """A published daily subsistence allowance rate, per night, for a place and a period (typed by the organiser)."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="dsa_rates")
    place = models.CharField(_("place"), max_length=120)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    rate = models.DecimalField(_("rate per night"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)

    class Meta:
        verbose_name = _("DSA rate")
        verbose_name_plural = _("DSA rates")
        ordering = ["workshop", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="dsa_rate_period_ordered"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="dsa_rate_positive"),
        ]

    def __str__(self):
        return f"{self.place} {self.starts_on}–{self.ends_on}: {self.rate} {self.currency}"


class TicketBuyer(models.TextChoices):
    UNDECIDED = "", _("Not decided yet")
    ORGANISERS = "organisers", _("The organisers buy it")
    PARTICIPANT = "participant", _("The participant buys it and claims it")


def ticket_path(trip, filename):
    # The stored name is ours: the uploader's name is kept apart and never reaches the file system.
    return f"travel/{trip.workshop_id}/tickets/{trip.pk}-{trip.ticket_uploaded_at:%Y%m%d%H%M%S%f}.pdf"


class Trip(models.Model):
    """A funded nominee's journey to a workshop: itinerary, ticket and DSA. Made by the first change to it."""

    TicketBuyer = TicketBuyer

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="trips")
    nomination = models.OneToOneField("delegations.Nomination", on_delete=models.CASCADE, related_name="trip")
    own_arrangement = models.BooleanField(
        _("own arrangement"), default=False, help_text=_("The delegate comes by their own means: no flight, no ticket.")
    )
    origin_airport = models.CharField(_("from (airport)"), max_length=3, blank=True)
    via_airports = models.CharField(_("via (airports)"), max_length=40, blank=True)
    arrival_airport = models.CharField(_("arrival airport"), max_length=3, blank=True)
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    arrival_flight = models.CharField(_("arrival flight"), max_length=40, blank=True)
    departure_airport = models.CharField(_("departure airport"), max_length=3, blank=True)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    departure_flight = models.CharField(_("departure flight"), max_length=40, blank=True)
    ticket_by = models.CharField(
        _("ticket"), max_length=20, choices=TicketBuyer.choices, blank=True, default=TicketBuyer.UNDECIDED
    )
    ticket_cost = models.DecimalField(_("ticket cost"), **MONEY, null=True, blank=True)
    ticket_file = models.FileField(
        _("e-ticket"), storage=private_storage, upload_to=ticket_path, max_length=255, blank=True
    )
    ticket_file_name = models.CharField(_("e-ticket file name"), max_length=255, blank=True)
    ticket_uploaded_at = models.DateTimeField(null=True, blank=True)
    dsa_percentage = models.DecimalField(
        _("share of the DSA paid (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # ISO dates ("2015-11-12"): a JSON list, which SQLite (the first-hour demo) stores as well as PostgreSQL.
    excused_days = models.JSONField(_("days excused"), default=list, blank=True)
    dsa_granted = models.DecimalField(
        _("DSA granted"), **MONEY, null=True, blank=True, help_text=_("Counted in the travel budget once granted.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["workshop", "arrival_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival_at__isnull=True)
                | Q(departure_at__isnull=True)
                | Q(departure_at__gt=F("arrival_at")),
                name="trip_departs_after_arrival",
                violation_error_message=_("The departure must come after the arrival."),
            ),
            models.CheckConstraint(
                condition=Q(ticket_cost__isnull=True) | Q(ticket_cost__gte=0), name="trip_ticket_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(dsa_granted__isnull=True) | Q(dsa_granted__gte=0), name="trip_dsa_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(dsa_percentage__isnull=True) | (Q(dsa_percentage__gte=0) & Q(dsa_percentage__lte=100)),
                name="trip_dsa_percentage_range",
            ),
            models.CheckConstraint(condition=Q(ticket_by__in=TicketBuyer.values), name="trip_ticket_by_valid"),
        ]

    def __str__(self):
        return f"{self.nomination.display_name} — {self.workshop}"

    @property
    def via_list(self):
        return self.via_airports.split()

    @property
    def excused_dates(self):
        return [datetime.date.fromisoformat(day) for day in self.excused_days]

    @property
    def committed(self):
        """What this trip takes of the budget: its ticket (once recorded) and its DSA (once granted)."""
        return (self.ticket_cost or 0) + (self.dsa_granted or 0)


class HotelBlock(models.Model):
    """Rooms the organisers hold at a hotel for a run of nights."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="hotel_blocks")
    hotel = models.CharField(_("hotel"), max_length=200)
    first_night = models.DateField(_("first night"))
    last_night = models.DateField(_("last night"))
    rooms = models.PositiveIntegerField(_("rooms"))

    class Meta:
        verbose_name = _("hotel room block")
        verbose_name_plural = _("hotel room blocks")
        ordering = ["workshop", "hotel", "first_night"]
        constraints = [
            models.CheckConstraint(condition=Q(last_night__gte=F("first_night")), name="hotel_block_nights_ordered"),
            models.CheckConstraint(condition=Q(rooms__gt=0), name="hotel_block_rooms_positive"),
        ]

    def __str__(self):
        return f"{self.hotel} ({self.first_night:%d %b}–{self.last_night:%d %b}, {self.rooms})"

    @property
    def nights(self):
        return (self.last_night - self.first_night).days + 1


class RoomAssignment(models.Model):
    """A funded delegate's room in a block: one a trip; never more than the block's rooms (counted under the lock)."""

    block = models.ForeignKey(HotelBlock, on_delete=models.CASCADE, related_name="assignments")
    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="room")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("room assignment")
        verbose_name_plural = _("room assignments")

    def __str__(self):
        return f"{self.block.hotel} — {self.trip}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    ADJUSTED = "adjusted", _("Approved with an adjustment")
    REJECTED = "rejected", _("Rejected")


SETTLED_CLAIM_STATUSES = (ClaimStatus.APPROVED, ClaimStatus.ADJUSTED, ClaimStatus.REJECTED)


class Claim(models.Model):
    """After the workshop, the delegate confirms their dates and shows their boarding passes; the organiser settles
    it. One claim a trip."""

    Status = ClaimStatus

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="claim")
    arrived_on = models.DateField(_("arrived on"))
    left_on = models.DateField(_("left on"))
    ticket_cost = models.DecimalField(
        _("ticket cost claimed"), **MONEY, null=True, blank=True, help_text=_("Only when you bought the ticket.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    amount = models.DecimalField(_("amount paid"), **MONEY, null=True, blank=True)
    reason = models.TextField(_("reason of the adjustment"), max_length=1000, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("travel claim")
        verbose_name_plural = _("travel claims")
        constraints = [
            models.CheckConstraint(condition=Q(left_on__gt=F("arrived_on")), name="claim_dates_ordered"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(ticket_cost__isnull=True) | Q(ticket_cost__gte=0), name="claim_ticket_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="claim_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.ADJUSTED) | ~Q(reason=""), name="claim_adjustment_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.trip} — {self.get_status_display()}"

    @property
    def is_settled(self):
        return self.status in SETTLED_CLAIM_STATUSES


def boarding_pass_path(boarding_pass, filename):
    claim = boarding_pass.claim
    return (
        f"travel/{claim.trip.workshop_id}/boarding-passes/{claim.pk}-"
        f"{boarding_pass.uploaded_at:%Y%m%d%H%M%S%f}.{boarding_pass.extension}"
    )


class BoardingPass(models.Model):
    """A boarding pass shown with a claim (PDF, PNG or JPEG, checked by content); erased some days after it is
    settled."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="boarding_passes")
    file = models.FileField(_("file"), storage=private_storage, upload_to=boarding_pass_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("boarding pass")
        verbose_name_plural = _("boarding passes")
        ordering = ["claim", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
