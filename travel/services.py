"""Travel rules: the organisers set the budget, the rate table and the room blocks; each funded delegate's trip is
filled by them and by the delegate; the claim after the workshop is settled by the organisers.

Every operation that spends the budget or gives a room takes the workshop row lock first
(workshops.locking.lock_workshop), the lock seats take too: two organisers spending the last of the budget, or
giving the last room of a block, at the same moment are served one after the other. A refusal raises TravelError
and writes nothing; every change writes its activity entry, and a claim's decision its email, in its transaction.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import log_action
from core.errors import DomainError
from core.languages import recipient_language
from delegations.models import Funding, Nomination, NominationStatus
from materials.uploads import MaterialError, checked_image, checked_pdf, kept_name
from outbox.models import OutgoingEmail
from outbox.services import queue_rendered_email
from workshops.locking import lock_workshop

from .airports import airport, airport_zone
from .allowance import AllowanceError
from .models import BoardingPass, Claim, DsaRate, HotelBlock, RoomAssignment, TravelTerms, Trip
from .money import LARGEST_AMOUNT, MINOR_UNITS, money_text, rounded
from .selectors import budget_spent, days_attended_by, rate_table, rooms_assigned, travel_terms, trip_computation

# An itinerary's dates lie within this many days of the workshop's first and last days.
TRAVEL_WINDOW = datetime.timedelta(days=7)
MAX_TRAVEL_FILE_BYTES = 10 * 1024 * 1024
MAX_BOARDING_PASSES = 8
# Boarding passes and e-tickets are erased this long after the claim is settled (travel.privacy).
TRAVEL_FILES_KEPT = datetime.timedelta(days=90)


class TravelError(DomainError):
    """A travel rule refused the operation; nothing was written."""


def checked_amount(amount, currency, *, field, allow_zero=True):
    """The amount, refused when negative, absurd, or finer than the currency's minor unit."""
    if amount is None:
        return None
    amount = Decimal(amount)
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise TravelError(fields={field: _("Enter an amount above zero.")})
    if amount >= LARGEST_AMOUNT:
        raise TravelError(fields={field: _("This amount is too large: check the figure you typed.")})
    if rounded(amount, currency) != amount:
        raise TravelError(
            fields={
                field: _("%(currency)s has %(places)s decimal places.")
                % {"currency": currency, "places": MINOR_UNITS[currency]}
            }
        )
    return amount


def terms_of(workshop):
    terms = travel_terms(workshop)
    if terms is None:
        raise TravelError(_("Set the workshop's travel budget and currency first (Travel › Budget, rates and hotels)."))
    return terms


def refuse_over_budget(workshop, terms, *, more):
    """Refuse spending `more` when the budget does not hold it, saying by how much it would be exceeded."""
    spent = budget_spent(workshop)
    if more > 0 and spent + more > terms.budget:
        raise TravelError(
            _("This would exceed the travel budget by %(over)s (%(left)s left of %(budget)s).")
            % {
                "over": money_text(spent + more - terms.budget, terms.currency),
                "left": money_text(max(terms.budget - spent, 0), terms.currency),
                "budget": money_text(terms.budget, terms.currency),
            }
        )


def log_trip(trip, action, *, actor, now=None, **data):
    log_action(workshop=trip.workshop, action=action, obj=trip, actor=actor, data=data, at=now)


def set_terms(*, workshop_id, actor, currency, budget, dsa_percentage, terminal_expenses):
    """Set the workshop's travel budget, currency, default DSA share and terminal expenses."""
    if currency not in MINOR_UNITS:
        raise TravelError(fields={"currency": _("Choose a currency of the list.")})
    budget = checked_amount(budget, currency, field="budget")
    terminal_expenses = checked_amount(terminal_expenses, currency, field="terminal_expenses")
    if not Decimal(0) <= Decimal(dsa_percentage) <= 100:
        raise TravelError(fields={"dsa_percentage": _("Enter a share between 0 and 100 %.")})
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        terms = travel_terms(workshop)
        if terms and terms.currency != currency and DsaRate.objects.filter(workshop=workshop).exists():
            raise TravelError(
                fields={
                    "currency": _("The rate table is in %(currency)s; the budget must be too.")
                    % {"currency": terms.currency}
                }
            )
        spent = budget_spent(workshop)
        if budget < spent:
            raise TravelError(
                fields={
                    "budget": _("Tickets and DSA already granted come to %(spent)s; the budget cannot be less.")
                    % {"spent": money_text(spent, currency)}
                }
            )
        terms, _created = TravelTerms.objects.update_or_create(
            workshop=workshop,
            defaults={
                "currency": currency,
                "budget": budget,
                "dsa_percentage": dsa_percentage,
                "terminal_expenses": terminal_expenses,
            },
        )
        log_action(
            workshop=workshop,
            action=Action.TRAVEL_TERMS_SET,
            actor=actor,
            data={"budget": str(budget), "currency": currency},
        )
    return terms


def add_rate(*, workshop_id, actor, place, starts_on, ends_on, rate, currency):
    """Add a published DSA rate; refused if its period overlaps another's or its currency is not the budget's."""
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        terms = terms_of(workshop)
        if currency != terms.currency:
            raise TravelError(
                fields={
                    "currency": _("The travel budget is in %(currency)s: enter the rate in %(currency)s.")
                    % {"currency": terms.currency}
                }
            )
        rate = checked_amount(rate, currency, field="rate", allow_zero=False)
        if ends_on < starts_on:
            raise TravelError(fields={"ends_on": _("The period must end on or after the day it starts.")})
        overlapping = DsaRate.objects.filter(workshop=workshop, starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        if overlapping:
            raise TravelError(
                fields={
                    "starts_on": _("This period overlaps the rate of %(place)s from %(start)s to %(end)s.")
                    % {
                        "place": overlapping.place,
                        "start": date_format(overlapping.starts_on, "DATE_FORMAT"),
                        "end": date_format(overlapping.ends_on, "DATE_FORMAT"),
                    }
                }
            )
        added = DsaRate.objects.create(
            workshop=workshop, place=place.strip(), starts_on=starts_on, ends_on=ends_on, rate=rate, currency=currency
        )
        log_action(
            workshop=workshop,
            action=Action.DSA_RATE_ADDED,
            actor=actor,
            data={"place": added.place, "rate": str(rate), "currency": currency},
        )
    return added


def add_hotel_block(*, workshop_id, actor, hotel, first_night, last_night, rooms):
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        if last_night < first_night:
            raise TravelError(fields={"last_night": _("The last night cannot come before the first.")})
        if not (within_window(first_night, workshop) and within_window(last_night, workshop)):
            raise TravelError(fields={"first_night": _("The nights must lie within 7 days of the workshop.")})
        if not 0 < rooms <= 1000:
            raise TravelError(fields={"rooms": _("Enter between 1 and 1,000 rooms.")})
        block = HotelBlock.objects.create(
            workshop=workshop, hotel=hotel.strip(), first_night=first_night, last_night=last_night, rooms=rooms
        )
        log_action(
            workshop=workshop, action=Action.HOTEL_BLOCK_ADDED, actor=actor, data={"hotel": block.hotel, "rooms": rooms}
        )
    return block


def within_window(day, workshop):
    return workshop.start_date - TRAVEL_WINDOW <= day <= workshop.end_date + TRAVEL_WINDOW


def funded_trip(workshop, nomination_id):
    """The funded nomination's trip, locked, made if it has none yet; TravelError for a nomination not funded."""
    nomination = (
        Nomination.objects.filter(
            workshop=workshop, pk=nomination_id, status=NominationStatus.APPROVED, funding=Funding.GRANTED
        )
        .select_related("organisation")
        .first()
    )
    if nomination is None:
        raise TravelError(_("Only an approved nominee whose funding is granted has travel arranged."))
    trip, _created = Trip.objects.select_for_update().get_or_create(
        nomination=nomination, defaults={"workshop": workshop}
    )
    trip.workshop, trip.nomination = workshop, nomination
    return trip


def refuse_once_claimed(trip):
    if Claim.objects.filter(trip=trip).exists():
        raise TravelError(_("The claim is submitted: the trip can no longer change."))


def checked_airport(code, field, *, required=True):
    code = (code or "").strip().upper()
    if not code and not required:
        return ""
    if airport(code) is None:
        raise TravelError(
            fields={field: _("“%(code)s” is no airport's IATA code (three letters, e.g. ICN).") % {"code": code[:10]}}
        )
    return code


def save_itinerary(
    *,
    workshop_id,
    nomination_id,
    actor,
    own_arrangement=False,
    origin_airport="",
    via_airports="",
    arrival_airport="",
    arrival_local=None,
    arrival_flight="",
    departure_airport="",
    departure_local=None,
    departure_flight="",
    now=None,
):
    """Save a funded delegate's itinerary. Times are typed as the boarding pass prints them: on the clock of the
    airport they are at (its time zone comes from the bundled airport list)."""
    if arrival_local is None or departure_local is None:
        raise TravelError(fields={"arrival_local": _("Enter the day and time of arrival and of departure.")})
    if own_arrangement:
        origin_airport = via_airports = arrival_airport = departure_airport = arrival_flight = departure_flight = ""
        zone_in = zone_out = None
    else:
        origin_airport = checked_airport(origin_airport, "origin_airport", required=False)
        via_airports = " ".join(checked_airport(code, "via_airports") for code in (via_airports or "").split())
        if len(via_airports) > Trip._meta.get_field("via_airports").max_length:
            raise TravelError(fields={"via_airports": _("Name at most ten airports on the way.")})
        arrival_airport = checked_airport(arrival_airport, "arrival_airport")
        departure_airport = checked_airport(departure_airport, "departure_airport")
        zone_in, zone_out = airport_zone(arrival_airport), airport_zone(departure_airport)
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        trip = funded_trip(workshop, nomination_id)
        refuse_once_claimed(trip)
        arrival_at = arrival_local.replace(tzinfo=zone_in or workshop.tzinfo)
        departure_at = departure_local.replace(tzinfo=zone_out or workshop.tzinfo)
        if departure_at <= arrival_at:
            raise TravelError(fields={"departure_local": _("The departure must come after the arrival.")})
        if not within_window(arrival_local.date(), workshop) or not within_window(departure_local.date(), workshop):
            raise TravelError(
                fields={
                    "arrival_local": _("Arrive and leave within 7 days of the workshop (%(start)s – %(end)s).")
                    % {
                        "start": date_format(workshop.start_date, "DATE_FORMAT"),
                        "end": date_format(workshop.end_date, "DATE_FORMAT"),
                    }
                }
            )
        if arrival_local.date() > workshop.end_date or departure_local.date() < workshop.start_date:
            raise TravelError(fields={"arrival_local": _("The stay must cover at least one day of the workshop.")})
        trip.own_arrangement = own_arrangement
        trip.origin_airport, trip.via_airports = origin_airport, via_airports
        trip.arrival_airport, trip.arrival_at, trip.arrival_flight = arrival_airport, arrival_at, arrival_flight.strip()
        trip.departure_airport, trip.departure_at = departure_airport, departure_at
        trip.departure_flight = departure_flight.strip()
        if own_arrangement:
            trip.ticket_by = Trip.TicketBuyer.UNDECIDED
        trip.save()
        log_trip(trip, Action.ITINERARY_SAVED, actor=actor, now=now)
    return trip


def checked_travel_file(upload, *, images=True):
    """(extension, kept name) of an uploaded e-ticket (PDF) or boarding pass (PDF, PNG or JPEG), judged by its bytes
    with the checks of the workshop documents (materials.uploads)."""
    if not upload.size:
        raise TravelError(_("The file is empty. Choose the file again."))
    if upload.size > MAX_TRAVEL_FILE_BYTES:
        raise TravelError(_("The file is larger than 10 MB. Save or scan it smaller and upload it again."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            kind = checked_pdf(upload)
        elif images and (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            kind = checked_image(upload)
        else:
            raise TravelError(
                _("Upload a PDF, PNG or JPEG file.") if images else _("Upload the e-ticket as a PDF file.")
            )
    except MaterialError as error:
        raise TravelError(error.message) from error
    finally:
        upload.seek(0)
    return kind.extension, kept_name(upload.name or "", kind)


def record_ticket(*, workshop_id, nomination_id, actor, ticket_by, cost=None, currency=None, upload=None, now=None):
    """The organiser records who buys the ticket; when they do, its cost (within the budget) and its e-ticket."""
    now = now or timezone.now()
    if ticket_by not in Trip.TicketBuyer.values:
        raise TravelError(fields={"ticket_by": _("Choose who buys the ticket.")})
    kept = checked_travel_file(upload, images=False) if upload else None
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        terms = terms_of(workshop)
        trip = funded_trip(workshop, nomination_id)
        refuse_once_claimed(trip)
        if trip.own_arrangement and ticket_by:
            raise TravelError(_("The delegate travels by their own arrangement: there is no ticket."))
        if ticket_by == Trip.TicketBuyer.ORGANISERS:
            if currency != terms.currency:
                raise TravelError(
                    fields={
                        "currency": _(
                            "The budget and the rate table are in %(currency)s: enter the ticket's "
                            "cost in %(currency)s."
                        )
                        % {"currency": terms.currency}
                    }
                )
            if cost is None:
                raise TravelError(fields={"cost": _("Enter the ticket's cost.")})
            cost = checked_amount(cost, currency, field="cost", allow_zero=False)
            refuse_over_budget(workshop, terms, more=cost - (trip.ticket_cost or 0))
        else:
            cost = None
        trip.ticket_by, trip.ticket_cost = ticket_by, cost
        if kept:
            trip.ticket_uploaded_at = now
            trip.ticket_file_name = kept[1]
            trip.ticket_file.save("ticket.pdf", upload, save=False)
        trip.save()
        log_trip(
            trip,
            Action.TICKET_RECORDED,
            actor=actor,
            now=now,
            ticket_by=ticket_by,
            cost=str(cost) if cost is not None else None,
        )
    return trip


def assign_room(*, workshop_id, nomination_id, block_id, actor):
    """Give a funded delegate a room of a block; refused when the block's rooms are all given."""
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        trip = funded_trip(workshop, nomination_id)
        block = HotelBlock.objects.filter(workshop=workshop, pk=block_id).first()
        if block is None:
            raise TravelError(fields={"block": _("Choose a room block of this workshop.")})
        current = RoomAssignment.objects.filter(trip=trip).first()
        if current and current.block_id == block.pk:
            return current
        if rooms_assigned(block) >= block.rooms:
            raise TravelError(
                fields={
                    "block": _("All %(rooms)s rooms of %(hotel)s are assigned. Add a block or free a room first.")
                    % {"rooms": block.rooms, "hotel": block.hotel}
                }
            )
        if current:
            current.delete()
        assignment = RoomAssignment.objects.create(block=block, trip=trip)
        log_trip(trip, Action.ROOM_ASSIGNED, actor=actor, hotel=block.hotel)
    return assignment


def set_dsa(*, workshop_id, nomination_id, actor, percentage, excused_days):
    """The delegate's share of the DSA and the workshop days excused from deduction."""
    if percentage is not None and not Decimal(0) <= Decimal(percentage) <= 100:
        raise TravelError(fields={"percentage": _("Enter a share between 0 and 100 %.")})
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        trip = funded_trip(workshop, nomination_id)
        days = sorted(set(excused_days))
        if any(day not in workshop.days for day in days):
            raise TravelError(fields={"excused_days": _("Excuse days of the workshop only.")})
        trip.dsa_percentage, trip.excused_days = percentage, [day.isoformat() for day in days]
        trip.save(update_fields=["dsa_percentage", "excused_days", "updated_at"])
        log_trip(trip, Action.DSA_SET, actor=actor, percentage=None if percentage is None else str(percentage))
    return trip


def computed(trip, terms):
    try:
        computation = trip_computation(
            trip, terms=terms, rates=rate_table(trip.workshop), attended=days_attended_by(trip.nomination)
        )
    except AllowanceError as error:
        raise TravelError(error.message) from error
    if computation is None:
        raise TravelError(_("The itinerary has no dates yet: fill in the arrival and the departure first."))
    return computation


def grant_dsa(*, workshop_id, nomination_id, actor):
    """Grant the DSA the itinerary gives (its computation), within the budget: the advance the letter states."""
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        terms = terms_of(workshop)
        trip = funded_trip(workshop, nomination_id)
        refuse_once_claimed(trip)
        amount = computed(trip, terms).total
        refuse_over_budget(workshop, terms, more=amount - (trip.dsa_granted or 0))
        trip.dsa_granted = amount
        trip.save(update_fields=["dsa_granted", "updated_at"])
        log_trip(trip, Action.DSA_GRANTED, actor=actor, amount=str(amount), currency=terms.currency)
    return trip


def submit_claim(*, workshop_id, nomination_id, actor, arrived_on, left_on, ticket_cost=None, uploads=(), now=None):
    """The delegate confirms their dates after the workshop and shows their boarding passes. One claim a trip."""
    now = now or timezone.now()
    uploads = list(uploads)
    if not uploads:
        raise TravelError(fields={"boarding_passes": _("Upload your boarding passes (PDF or pictures).")})
    if len(uploads) > MAX_BOARDING_PASSES:
        raise TravelError(fields={"boarding_passes": _("Upload at most 8 files.")})
    kept = []
    for upload in uploads:
        try:
            kept.append(checked_travel_file(upload))
        except TravelError as error:
            raise TravelError(fields={"boarding_passes": f"{upload.name[:80]}: {error.message}"}) from error
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        terms = terms_of(workshop)
        trip = funded_trip(workshop, nomination_id)
        if Claim.objects.filter(trip=trip).exists():
            raise TravelError(_("You have already claimed this trip; the organisers are settling it."))
        if now.astimezone(workshop.tzinfo).date() < workshop.start_date:
            raise TravelError(_("Claims open once the workshop has started."))
        if left_on <= arrived_on:
            raise TravelError(fields={"left_on": _("The day you left must come after the day you arrived.")})
        if not within_window(arrived_on, workshop) or not within_window(left_on, workshop):
            raise TravelError(fields={"arrived_on": _("The dates must lie within 7 days of the workshop.")})
        if trip.ticket_by == Trip.TicketBuyer.PARTICIPANT:
            if ticket_cost is None:
                raise TravelError(fields={"ticket_cost": _("Enter what your ticket cost.")})
            ticket_cost = checked_amount(ticket_cost, terms.currency, field="ticket_cost", allow_zero=False)
        else:
            ticket_cost = None
        claim = Claim.objects.create(
            trip=trip, arrived_on=arrived_on, left_on=left_on, ticket_cost=ticket_cost, submitted_at=now
        )
        for upload, (extension, name) in zip(uploads, kept, strict=True):
            boarding_pass = BoardingPass(
                claim=claim, original_name=name, extension=extension, size=upload.size, uploaded_at=now
            )
            boarding_pass.file.save(f"boarding-pass.{extension}", upload, save=False)
            boarding_pass.save()
        log_trip(trip, Action.CLAIM_SUBMITTED, actor=actor, now=now)
    return claim


CLAIM_DECISIONS = {"approve": Claim.Status.APPROVED, "adjust": Claim.Status.ADJUSTED, "reject": Claim.Status.REJECTED}
CLAIM_ACTIONS = {
    Claim.Status.APPROVED: Action.CLAIM_APPROVED,
    Claim.Status.ADJUSTED: Action.CLAIM_ADJUSTED,
    Claim.Status.REJECTED: Action.CLAIM_REJECTED,
}


def decide_claim(*, workshop_id, nomination_id, actor, decision, amount=None, reason="", message="", now=None):
    """Approve a claim at its computation, approve it at another amount with a reason, or reject it with a message.

    The amount paid replaces the DSA granted in the budget (and the delegate's ticket, when they bought it), so an
    approval that would exceed the budget is refused. The delegate is emailed in their language.
    """
    now = now or timezone.now()
    status = CLAIM_DECISIONS.get(decision)
    if status is None:
        raise TravelError(_("Choose approve, adjust or reject."))
    reason, message = reason.strip(), message.strip()
    if status == Claim.Status.ADJUSTED and not reason:
        raise TravelError(fields={"reason": _("Say why the amount differs from the computation.")})
    if status == Claim.Status.REJECTED and not message:
        raise TravelError(fields={"message": _("Tell the delegate why the claim is rejected.")})
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        terms = terms_of(workshop)
        trip = funded_trip(workshop, nomination_id)
        claim = Claim.objects.select_for_update().filter(trip=trip).first()
        if claim is None:
            raise TravelError(_("This delegate has not claimed yet."))
        if claim.is_settled:
            raise TravelError(_("This claim is settled already."))
        trip.claim = claim
        computation = computed(trip, terms)
        if status == Claim.Status.REJECTED:
            paid = None
        elif status == Claim.Status.ADJUSTED:
            if amount is None:
                raise TravelError(fields={"amount": _("Enter the amount paid.")})
            paid = checked_amount(amount, terms.currency, field="amount")
        else:
            paid = computation.total
        if paid is not None:
            before = trip.committed
            ticket_in_paid = Decimal(0)
            if trip.ticket_by == Trip.TicketBuyer.PARTICIPANT:
                # The amount paid holds the ticket the delegate bought: the budget counts it as the ticket.
                ticket_in_paid = trip.ticket_cost = min(claim.ticket_cost or 0, paid)
            trip.dsa_granted = paid - ticket_in_paid
            refuse_over_budget(workshop, terms, more=trip.committed - before)
            trip.save(update_fields=["dsa_granted", "ticket_cost", "updated_at"])
        claim.status, claim.amount, claim.reason, claim.message = status, paid, reason, message
        claim.settled_at, claim.settled_by = now, actor
        claim.save()
        log_trip(
            trip,
            CLAIM_ACTIONS[status],
            actor=actor,
            now=now,
            amount=None if paid is None else str(paid),
            reason=reason,
        )
        queue_claim_email(trip, claim, terms)
    return claim


def queue_claim_email(trip, claim, terms):
    """The decision, emailed to the delegate in their language (core.languages.recipient_language)."""
    nomination, workshop = trip.nomination, trip.workshop
    registration = nomination.registration
    user = registration.participant.user if registration else None
    language = recipient_language(user=user, invitation=nomination, workshop=workshop)
    with timezone.override(workshop.tzinfo):
        return queue_rendered_email(
            template="travel_claim_decided",
            context={
                "workshop": workshop,
                "claim": claim,
                "participant": registration.participant if registration else None,
                "message": claim.message,
                "currency": terms.currency,
                "travel_url": f"{settings.SITE_URL}{reverse('participants:my_trip', kwargs={'slug': workshop.slug})}",
                "site_url": settings.SITE_URL,
            },
            language=language,
            to_email=user.email if user else nomination.email,
            kind=OutgoingEmail.Kind.DELEGATION,
            dedup_key=f"travel-claim:{claim.pk}:{claim.status}",
            registration=registration,
        )
