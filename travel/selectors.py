"""Reading travel: the funded delegates of a workshop and their trips, the budget spent, a room block's use, and a
trip's DSA computation. The budget is counted here and nowhere else."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from delegations.models import Funding, Nomination, NominationStatus
from participants.selectors import attended_days

from .allowance import AllowanceError, Computation, Item, Line, Rate, dsa_computation
from .models import SETTLED_CLAIM_STATUSES, Claim, DsaRate, HotelBlock, RoomAssignment, TravelTerms, Trip
from .money import rounded

ZERO = Decimal(0)


def funded_nominations(workshop):
    """The workshop's funded delegates: approved nominations with funding granted, with their trips, rooms and
    claims read in the same query."""
    return (
        Nomination.objects.filter(workshop=workshop, status=NominationStatus.APPROVED, funding=Funding.GRANTED)
        .select_related(
            "organisation", "invitation__registration__participant__user", "trip__room__block", "trip__claim"
        )
        .order_by("passport_name", "pk")
    )


def trip_of(nomination):
    """The nomination's trip, or None before anyone filled it."""
    return getattr(nomination, "trip", None) if nomination.pk else None


def own_funded_nomination(*, workshop, user):
    """The user's funded nomination at this workshop (through the registration its invitation made), or None."""
    return (
        funded_nominations(workshop).filter(invitation__registration__participant__user=user).first()
        if user.is_authenticated
        else None
    )


def own_funded_nominations(user):
    """Every funded nomination of the user, newest workshop first (the "My travel" list)."""
    return (
        Nomination.objects.filter(
            status=NominationStatus.APPROVED,
            funding=Funding.GRANTED,
            invitation__registration__participant__user=user,
        )
        .select_related("workshop", "trip__claim")
        .order_by("-workshop__start_date")
    )


def travel_terms(workshop):
    return TravelTerms.objects.filter(workshop=workshop).first()


def rate_table(workshop):
    return list(DsaRate.objects.filter(workshop=workshop).order_by("starts_on"))


def budget_spent(workshop):
    """What the trips of the workshop take of its budget: tickets recorded and DSA granted."""
    return Trip.objects.filter(workshop=workshop).aggregate(
        spent=Coalesce(Sum("ticket_cost"), ZERO) + Coalesce(Sum("dsa_granted"), ZERO)
    )["spent"]


@dataclass(frozen=True)
class BudgetUse:
    budget: Decimal
    spent: Decimal
    currency: str

    @property
    def left(self):
        return self.budget - self.spent


def budget_use(workshop, terms=None):
    terms = terms or travel_terms(workshop)
    if terms is None:
        return None
    return BudgetUse(terms.budget, budget_spent(workshop), terms.currency)


def blocks_with_use(workshop):
    """The workshop's hotel blocks annotated with `assigned` (rooms given)."""
    return (
        HotelBlock.objects.filter(workshop=workshop)
        .annotate(assigned=Count("assignments"))
        .order_by("hotel", "first_night")
    )


def rooms_assigned(block):
    return RoomAssignment.objects.filter(block=block).count()


def local_date(moment, workshop):
    return timezone.localtime(moment, workshop.tzinfo).date()


def stay_dates(trip):
    """(arrival date, departure date) the DSA counts: the claim's confirmed dates once claimed, else the
    itinerary's, on the workshop's clock; None while the itinerary lacks either."""
    claim = getattr(trip, "claim", None)
    if claim is not None:
        return claim.arrived_on, claim.left_on
    if trip.arrival_at and trip.departure_at:
        return local_date(trip.arrival_at, trip.workshop), local_date(trip.departure_at, trip.workshop)
    return None


def trip_computation(trip, *, terms, rates, attended):
    """The trip's payments, line by line: the DSA's lines (computation from the rate table and attendance) and the
    ticket when the delegate bought it and claims it. None while the dates are missing. AllowanceError when the rate
    table lacks a night."""
    dates = stay_dates(trip)
    if dates is None or terms is None:
        return None
    workshop = trip.workshop
    percentage = terms.dsa_percentage if trip.dsa_percentage is None else trip.dsa_percentage
    computation = dsa_computation(
        arrival=dates[0],
        departure=dates[1],
        first_day=workshop.start_date,
        last_day=workshop.end_date,
        rates=[Rate(rate.starts_on, rate.ends_on, rate.rate) for rate in rates],
        currency=terms.currency,
        percentage=percentage,
        terminal_expenses=terms.terminal_expenses,
        journeys=0 if trip.own_arrangement else 2,
        attended_days=attended,
        excused_days=trip.excused_dates,
    )
    claim = getattr(trip, "claim", None)
    if trip.ticket_by == Trip.TicketBuyer.PARTICIPANT and claim is not None and claim.ticket_cost is not None:
        ticket = Line(
            Item.TICKET,
            gettext("The ticket you bought"),
            rounded(claim.ticket_cost, terms.currency),
        )
        computation = Computation(
            computation.currency, (*computation.lines, ticket), computation.nights, computation.deducted_days
        )
    return computation


def days_attended_by(nomination):
    """The workshop days the nominee was recorded at (none before they registered)."""
    registration = nomination.invitation.registration if nomination.invitation_id else None
    if registration is None:
        return []
    return attended_days(nomination.workshop, [registration.pk])[registration.pk]


def computation_of(trip):
    """A trip's computation, reading what it needs (terms, rates, attendance)."""
    workshop = trip.workshop
    return trip_computation(
        trip,
        terms=travel_terms(workshop),
        rates=rate_table(workshop),
        attended=days_attended_by(trip.nomination),
    )


def shown_computation(trip, workshop):
    """(the trip's computation, or None; why it cannot be computed, or "") for a page: no trip, nothing; a night no
    rate covers, the reason, for the organiser to add the rate."""
    if trip is None:
        return None, ""
    trip.workshop = workshop
    try:
        return computation_of(trip), ""
    except AllowanceError as error:
        return None, error.message


def claims_waiting(workshop):
    return Claim.objects.filter(trip__workshop=workshop, status=Claim.Status.SUBMITTED).count()


def settled_nomination_ids(workshop, organisation_id):
    """The organisation's nominees at the workshop whose travel is settled (their claim decided): all a focal point
    is shown of their travel, never documents nor amounts."""
    return set(
        Claim.objects.filter(
            trip__workshop=workshop,
            trip__nomination__organisation_id=organisation_id,
            status__in=SETTLED_CLAIM_STATUSES,
        ).values_list("trip__nomination_id", flat=True)
    )
