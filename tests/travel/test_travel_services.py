"""The travel rules through their services: the itinerary, the ticket within the budget, rooms, the DSA grant,
and the claim from submission to the email of its decision; each piece of bad input gets a message and writes
nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activity.models import Action, ActivityEntry
from outbox.models import OutgoingEmail
from tests.support.delegations import PDF, pdf_upload
from tests.support.factories import UserFactory, record_days
from tests.support.material_files import image_bytes
from tests.support.travel import funded_delegate, itinerary, local, travel_workshop
from travel import services
from travel.models import Claim, DsaRate, HotelBlock, Trip
from travel.services import TravelError

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    workshop = travel_workshop()
    nomination, registration = funded_delegate(workshop)
    return workshop, nomination, registration


def save(workshop, nomination, **changes):
    return services.save_itinerary(
        workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, **itinerary(workshop, **changes)
    )


def after_the_workshop(workshop):
    return datetime.datetime.combine(workshop.end_date + datetime.timedelta(days=2), datetime.time(12), workshop.tzinfo)


def test_an_itinerary_is_kept_on_the_airports_clocks(world):
    workshop, nomination, _registration = world
    trip = save(workshop, nomination)
    assert trip.via_list == ["BKK"]
    assert timezone.localtime(trip.arrival_at, workshop.tzinfo).hour == 17
    assert ActivityEntry.objects.filter(action=Action.ITINERARY_SAVED, object_id=trip.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"arrival_airport": "XQZ"}, "arrival_airport"),
        ({"via_airports": "BKK 12"}, "via_airports"),
        ({"arrival_airport": "ＩＣＮ"}, "arrival_airport"),
        ({"departure_local": None}, "arrival_local"),
    ],
)
def test_bad_itineraries_are_refused_writing_nothing(world, changes, field):
    workshop, nomination, _registration = world
    with pytest.raises(TravelError) as refused:
        save(workshop, nomination, **changes)
    assert field in refused.value.message_dict
    assert not Trip.objects.exists()


def test_a_departure_before_the_arrival_and_dates_far_from_the_workshop_are_refused(world):
    workshop, nomination, _registration = world
    with pytest.raises(TravelError, match="departure must come after the arrival"):
        save(workshop, nomination, departure_local=local(workshop, -2, 9))
    with pytest.raises(TravelError, match="within 7 days"):
        save(workshop, nomination, arrival_local=local(workshop, -9, 9))
    assert not Trip.objects.exists()


def test_a_nominee_not_funded_has_no_trip(world):
    workshop, nomination, _registration = world
    nomination.funding = "requested"
    nomination.save()
    with pytest.raises(TravelError, match="funding is granted"):
        save(workshop, nomination)


def test_a_ticket_within_the_budget_is_recorded_with_its_e_ticket_and_one_beyond_is_refused_by_how_much(world):
    workshop, nomination, _registration = world
    other, _ = funded_delegate(workshop, name="Bo Chen")
    trip = services.record_ticket(
        workshop_id=workshop.pk,
        nomination_id=nomination.pk,
        actor=None,
        ticket_by=Trip.TicketBuyer.ORGANISERS,
        cost=Decimal("9000.00"),
        currency="USD",
        upload=pdf_upload("e-ticket KE652.pdf"),
    )
    assert trip.ticket_file_name == "e-ticket KE652.pdf" and trip.ticket_file.read() == PDF
    with pytest.raises(TravelError) as refused:
        services.record_ticket(
            workshop_id=workshop.pk,
            nomination_id=other.pk,
            actor=None,
            ticket_by=Trip.TicketBuyer.ORGANISERS,
            cost=Decimal("1500.50"),
            currency="USD",
        )
    assert refused.value.message == (
        "This would exceed the travel budget by 500.50 USD (1,000.00 USD left of 10,000.00 USD)."
    )
    assert not Trip.objects.filter(nomination=other).exists()


@pytest.mark.parametrize(
    ("cost", "currency", "upload", "expected"),
    [
        (Decimal("-5"), "USD", None, "above zero"),
        (Decimal("1" + "0" * 30), "USD", None, "too large"),
        (Decimal("10.005"), "USD", None, "2 decimal places"),
        (Decimal("900"), "KRW", None, "enter the ticket's cost in USD"),
        (Decimal("900"), "USD", SimpleUploadedFile("ticket.pdf", b"MZ\x90\x00not a pdf"), "as a PDF file"),
    ],
)
def test_bad_tickets_are_refused(world, cost, currency, upload, expected):
    workshop, nomination, _registration = world
    with pytest.raises(TravelError, match=expected):
        services.record_ticket(
            workshop_id=workshop.pk,
            nomination_id=nomination.pk,
            actor=None,
            ticket_by=Trip.TicketBuyer.ORGANISERS,
            cost=cost,
            currency=currency,
            upload=upload,
        )
    assert not Trip.objects.exists()


def test_a_rate_overlapping_another_or_in_another_currency_is_refused(world):
    workshop, _nomination, _registration = world
    with pytest.raises(TravelError) as refused:
        services.add_rate(
            workshop_id=workshop.pk,
            actor=None,
            place="Seoul",
            starts_on=workshop.start_date,
            ends_on=workshop.end_date,
            rate=Decimal(250),
            currency="USD",
        )
    assert "overlaps the rate of Seoul" in refused.value.message_dict["starts_on"][0]
    with pytest.raises(TravelError, match="enter the rate in USD"):
        services.add_rate(
            workshop_id=workshop.pk,
            actor=None,
            place="Incheon",
            starts_on=workshop.end_date + datetime.timedelta(days=40),
            ends_on=workshop.end_date + datetime.timedelta(days=50),
            rate=Decimal(250),
            currency="EUR",
        )
    assert DsaRate.objects.count() == 1


def test_a_block_is_never_over_assigned(world):
    workshop, nomination, _registration = world
    block = HotelBlock.objects.create(
        workshop=workshop, hotel="Small Inn", first_night=workshop.start_date, last_night=workshop.end_date, rooms=1
    )
    other, _ = funded_delegate(workshop, name="Bo Chen")
    services.assign_room(workshop_id=workshop.pk, nomination_id=nomination.pk, block_id=block.pk, actor=None)
    with pytest.raises(TravelError, match="All 1 rooms of Small Inn are assigned"):
        services.assign_room(workshop_id=workshop.pk, nomination_id=other.pk, block_id=block.pk, actor=None)


def claim(workshop, nomination, **changes):
    arguments = {
        "workshop_id": workshop.pk,
        "nomination_id": nomination.pk,
        "actor": None,
        "arrived_on": workshop.start_date - datetime.timedelta(days=1),
        "left_on": workshop.end_date + datetime.timedelta(days=1),
        "uploads": [pdf_upload("boarding KE652.pdf"), SimpleUploadedFile("pass.png", image_bytes("PNG"))],
        "now": after_the_workshop(workshop),
        **changes,
    }
    return services.submit_claim(**arguments)


def test_the_claim_is_settled_against_attendance_and_mailed_in_the_delegates_language():
    workshop = travel_workshop(start_date=timezone.localdate() - datetime.timedelta(days=10))
    nomination, registration = funded_delegate(workshop, language="fr")
    save(workshop, nomination)
    record_days(registration, workshop.days[:3])
    granted = services.grant_dsa(workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None)
    # Nights from the eve to the last day: 5 × 240.00 + 2 × 38.00 = 1,276.00; the last day was not attended:
    # − 240.00 = 1,036.00.
    assert granted.dsa_granted == Decimal("1036.00")
    settled = claim(workshop, nomination)
    assert settled.boarding_passes.count() == 2
    organiser = UserFactory()
    decided = services.decide_claim(
        workshop_id=workshop.pk, nomination_id=nomination.pk, actor=organiser, decision="approve"
    )
    assert decided.amount == Decimal("1036.00")
    assert Trip.objects.get().dsa_granted == Decimal("1036.00")
    email = OutgoingEmail.objects.get(dedup_key=f"travel-claim:{decided.pk}:approved")
    assert email.language == "fr" and "1 036,00" in email.body_text.replace("\u202f", " ").replace("\xa0", " ")
    assert ActivityEntry.objects.filter(action=Action.CLAIM_APPROVED, actor=organiser).exists()
    with pytest.raises(TravelError, match="already claimed"):
        claim(workshop, nomination)


def test_bad_claims_are_refused_writing_nothing():
    workshop = travel_workshop(start_date=timezone.localdate() - datetime.timedelta(days=10))
    nomination, _registration = funded_delegate(workshop)
    save(workshop, nomination)
    refusals = [
        ({"uploads": [SimpleUploadedFile("pass.exe", b"MZ\x90\x00 a program")]}, "Upload a PDF, PNG or JPEG file"),
        ({"uploads": [SimpleUploadedFile("pass.jpg", b"\xff\xd8\xff broken")]}, "image cannot be read"),
        ({"uploads": []}, "boarding passes"),
        ({"left_on": workshop.start_date - datetime.timedelta(days=2)}, "must come after the day you arrived"),
        ({"left_on": workshop.end_date + datetime.timedelta(days=9)}, "within 7 days"),
    ]
    for changes, expected in refusals:
        with pytest.raises(TravelError, match=expected):
            claim(workshop, nomination, **changes)
    assert not Claim.objects.exists()


def test_an_adjustment_needs_a_reason_and_a_rejection_a_message():
    workshop = travel_workshop(start_date=timezone.localdate() - datetime.timedelta(days=10))
    nomination, _registration = funded_delegate(workshop)
    save(workshop, nomination)
    claim(workshop, nomination)
    decide = {"workshop_id": workshop.pk, "nomination_id": nomination.pk, "actor": None}
    with pytest.raises(TravelError) as refused:
        services.decide_claim(**decide, decision="adjust", amount=Decimal(500))
    assert "reason" in refused.value.message_dict
    with pytest.raises(TravelError) as refused:
        services.decide_claim(**decide, decision="reject")
    assert "message" in refused.value.message_dict
    adjusted = services.decide_claim(**decide, decision="adjust", amount=Decimal(500), reason="Left a day early")
    assert adjusted.status == Claim.Status.ADJUSTED and adjusted.amount == Decimal(500)


def test_a_ticket_the_delegate_bought_is_claimed_and_paid_within_the_budget():
    # Budget 2,000.00: the DSA (5 × 240.00 + 76.00 − 4 days not attended × 240.00 = 316.00) and a ticket of
    # 1,500.00 fit (1,816.00); a ticket of 1,700.00 would exceed it by 16.00.
    workshop = travel_workshop(budget="2000.00", start_date=timezone.localdate() - datetime.timedelta(days=10))
    nomination, _registration = funded_delegate(workshop)
    save(workshop, nomination)
    services.record_ticket(
        workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, ticket_by=Trip.TicketBuyer.PARTICIPANT
    )
    with pytest.raises(TravelError) as refused:
        claim(workshop, nomination)
    assert "ticket_cost" in refused.value.message_dict
    claim(workshop, nomination, ticket_cost=Decimal("1700.00"))
    decide = {"workshop_id": workshop.pk, "nomination_id": nomination.pk, "actor": None}
    with pytest.raises(TravelError, match="exceed the travel budget by 16.00 USD"):
        services.decide_claim(**decide, decision="approve")
    adjusted = services.decide_claim(**decide, decision="adjust", amount=Decimal("1816.00"), reason="Economy fare")
    trip = Trip.objects.get()
    assert adjusted.amount == Decimal("1816.00")
    assert (trip.ticket_cost, trip.dsa_granted) == (Decimal("1700.00"), Decimal("116.00"))
