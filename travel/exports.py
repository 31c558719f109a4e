"""What the organisers' travel lists hold, row by row: the payments file (one row a funded delegate, the amounts by
item, their total, and a totals row equal to the sum of the rows to the cent), the arrivals for the airport pick-up
by day and hour, and the rooming list per hotel and night. The console writes them as pages, CSV and XLSX."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.selectors import attended_days

from .allowance import AllowanceError, Item
from .money import rounded
from .selectors import funded_nominations, rate_table, stay_dates, travel_terms, trip_computation

ZERO = Decimal(0)
PAYMENT_ITEMS = (Item.TICKET, Item.DSA, Item.TERMINAL, Item.DEDUCTION, "adjustment")


def item_labels():
    """The payment items' names, in PAYMENT_ITEMS' order."""
    return [
        str(_("Ticket")),
        str(_("DSA")),
        str(_("Terminal expenses")),
        str(_("Days not attended")),
        str(_("Adjustment")),
    ]


def payment_header():
    return [
        str(_("Payee")),
        str(_("Organisation")),
        str(_("Country")),
        *item_labels(),
        str(_("Total")),
        str(_("Currency")),
        str(_("Claim")),
    ]


@dataclass(frozen=True)
class PaymentRow:
    payee: str
    organisation: str
    country: str
    amounts: dict
    currency: str
    claim: str

    @property
    def total(self):
        return sum(self.amounts.values(), ZERO)

    @property
    def labelled(self):
        return list(zip(item_labels(), (self.amounts[item] for item in PAYMENT_ITEMS), strict=True))

    def cells(self):
        return [
            self.payee,
            self.organisation,
            self.country,
            *(self.amounts[item] for item in PAYMENT_ITEMS),
            self.total,
            self.currency,
            self.claim,
        ]


def trip_amounts(trip, computation):
    """The trip's committed amounts by item: its ticket, the granted DSA's lines, and what the organiser's
    adjustment (or a DSA granted before the attendance changed) makes up, so the items add up to the ticket and the
    DSA granted exactly."""
    amounts = dict.fromkeys(PAYMENT_ITEMS, ZERO)
    amounts[Item.TICKET] = trip.ticket_cost or ZERO
    if trip.dsa_granted is None:
        return amounts
    for item in (Item.DSA, Item.TERMINAL, Item.DEDUCTION):
        amounts[item] = computation.amount_of(item) if computation else ZERO
    amounts["adjustment"] = trip.dsa_granted - amounts[Item.DSA] - amounts[Item.TERMINAL] - amounts[Item.DEDUCTION]
    return amounts


def payment_rows(workshop):
    """(rows, totals by item, grand total, currency) of the workshop's funded delegates with a trip."""
    terms = travel_terms(workshop)
    nominations = [nomination for nomination in funded_nominations(workshop) if hasattr(nomination, "trip")]
    rates = rate_table(workshop)
    registrations = {n.pk: n.invitation.registration for n in nominations if n.invitation_id}
    days = attended_days(workshop, [r.pk for r in registrations.values() if r])
    rows = []
    for nomination in nominations:
        trip = nomination.trip
        trip.workshop = workshop
        registration = registrations.get(nomination.pk)
        try:
            computation = trip_computation(
                trip, terms=terms, rates=rates, attended=days.get(registration.pk, []) if registration else []
            )
        except AllowanceError:
            computation = None
        claim = getattr(trip, "claim", None)
        participant = registration.participant if registration else None
        rows.append(
            PaymentRow(
                payee=nomination.display_name,
                organisation=nomination.organisation.name,
                country=str(participant.country.name) if participant and participant.country else "",
                amounts={
                    item: rounded(amount, terms.currency) if terms else amount
                    for item, amount in trip_amounts(trip, computation).items()
                },
                currency=terms.currency if terms else "",
                claim=claim.get_status_display() if claim else str(_("Not claimed")),
            )
        )
    totals = {item: sum((row.amounts[item] for row in rows), ZERO) for item in PAYMENT_ITEMS}
    return rows, totals, sum(totals.values(), ZERO), terms.currency if terms else ""


def payment_table(workshop):
    """The payments file's cells: the header, a row per delegate, the totals row."""
    rows, totals, total, currency = payment_rows(workshop)
    return [
        payment_header(),
        *(row.cells() for row in rows),
        [str(_("Total")), "", "", *(totals[item] for item in PAYMENT_ITEMS), total, currency, ""],
    ]


@dataclass(frozen=True)
class Arrival:
    moment: datetime.datetime
    name: str
    organisation: str
    flight: str
    airport: str
    hotel: str


def arrivals(workshop):
    """[(day, [(hour, [Arrival])])] of the flights to meet, on the workshop's clock, in order."""
    found = []
    for nomination in funded_nominations(workshop):
        trip = getattr(nomination, "trip", None)
        if trip is None or trip.own_arrangement or trip.arrival_at is None:
            continue
        room = getattr(trip, "room", None)
        found.append(
            Arrival(
                timezone.localtime(trip.arrival_at, workshop.tzinfo),
                nomination.display_name,
                nomination.organisation.short_name,
                trip.arrival_flight,
                trip.arrival_airport,
                room.block.hotel if room else "",
            )
        )
    found.sort(key=lambda arrival: (arrival.moment, arrival.name))
    return [
        (day, [(hour, list(at_hour)) for hour, at_hour in groupby(on_day, key=lambda a: a.moment.hour)])
        for day, on_day in ((day, list(group)) for day, group in groupby(found, key=lambda a: a.moment.date()))
    ]


def rooming(workshop):
    """[(block, [(night, [guest names])])]: who sleeps in each block on each of its nights (their stay's nights
    within the block's)."""
    guests = {}
    for nomination in funded_nominations(workshop):
        trip = getattr(nomination, "trip", None)
        room = getattr(trip, "room", None) if trip else None
        if room is None:
            continue
        trip.workshop = workshop
        guests.setdefault(room.block, []).append((nomination.display_name, stay_dates(trip)))
    listing = []
    for block in sorted(guests, key=lambda block: (block.hotel, block.first_night)):
        nights = [block.first_night + datetime.timedelta(days=n) for n in range(block.nights)]
        listing.append(
            (
                block,
                [
                    (
                        night,
                        sorted(name for name, dates in guests[block] if dates is None or dates[0] <= night < dates[1]),
                    )
                    for night in nights
                ],
            )
        )
    return listing
