"""Travel through its pages: the delegate's "My travel", what the focal point sees, who is refused, the payments
file (its totals, CSV and XLSX alike), the letter, the data export and the files' retention."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from console.urls import urlpatterns as console_patterns
from delegations.models import FocalPoint, Quota
from participants.privacy import delete_account, erase_personal_fields, personal_data
from tests.support.delegations import pdf_upload
from tests.support.factories import OrganiserMembershipFactory, ParticipantFactory, UserFactory, WorkshopFactory
from tests.support.travel import funded_delegate, itinerary, travel_workshop, trip_with_files
from travel import services
from travel.models import BoardingPass, Claim, Trip
from travel.services import TRAVEL_FILES_KEPT

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    workshop = travel_workshop(start_date=timezone.localdate() - datetime.timedelta(days=10))
    nomination, registration = funded_delegate(workshop)
    return workshop, nomination, registration


def client_of(client, user):
    client.force_login(user)
    return client


def itinerary_post(workshop, **changes):
    values = itinerary(workshop)
    values.update(changes)
    return {
        f"itinerary-{name}": value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime.datetime) else value
        for name, value in values.items()
    }


def test_the_delegate_fills_their_itinerary_and_sees_the_computation(client, world):
    workshop, nomination, registration = world
    page = reverse("participants:my_trip", kwargs={"slug": workshop.slug})
    client_of(client, registration.participant.user)
    response = client.post(page, itinerary_post(workshop))
    assert response.status_code == 302
    trip = Trip.objects.get(nomination=nomination)
    assert (trip.arrival_airport, trip.via_airports, trip.arrival_flight) == ("ICN", "BKK", "KE 652")
    shown = client.get(page).content.decode()
    # Nothing attended: 5 nights × 240.00 + 76.00, less the 4 days not attended (960.00) = 316.00.
    assert "5 nights × 240.00 USD × 100 %" in shown and "316.00 USD" in shown


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"arrival_airport": "ZZZ"}, "is no airport"),
        ({"arrival_airport": "IC\x00"}, "Null characters are not allowed"),
        ({"arrival_local": "9" * 5000}, "Enter a valid date/time"),
        ({"via_airports": "BKK ☃"}, "is no airport"),
        ({"arrival_local": "2015-01-01T10:00"}, "within 7 days"),
    ],
)
def test_bad_input_on_my_travel_gets_a_message_and_writes_nothing(client, world, changes, expected):
    workshop, _nomination, registration = world
    client_of(client, registration.participant.user)
    response = client.post(
        reverse("participants:my_trip", kwargs={"slug": workshop.slug}), itinerary_post(workshop, **changes)
    )
    assert response.status_code == 400
    assert expected in response.content.decode().replace("&#x27;", "'")
    assert not Trip.objects.exists()


def test_the_claim_is_sent_from_the_page_once(client, world):
    workshop, nomination, registration = world
    services.save_itinerary(workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, **itinerary(workshop))
    client_of(client, registration.participant.user)
    page = reverse("participants:my_trip_claim", kwargs={"slug": workshop.slug})
    data = {
        "claim-arrived_on": (workshop.start_date - datetime.timedelta(days=1)).isoformat(),
        "claim-left_on": (workshop.end_date + datetime.timedelta(days=1)).isoformat(),
    }
    assert client.post(page, {**data, "claim-boarding_passes": [pdf_upload("pass.pdf")]}).status_code == 302
    second = client.post(page, {**data, "claim-boarding_passes": [pdf_upload("pass.pdf")]})
    assert second.status_code == 400 and "already claimed" in second.content.decode()
    assert Claim.objects.count() == 1 and BoardingPass.objects.count() == 1


def test_another_participant_and_a_focal_point_are_refused_every_travel_page_and_file(client, world):
    workshop, nomination, _registration = world
    trip, boarding_pass = trip_with_files(workshop, nomination)
    focal_point = UserFactory(email="focal@customs.example")
    FocalPoint.objects.create(organisation=nomination.organisation, email=focal_point.email)
    other_organiser = OrganiserMembershipFactory(workshop=WorkshopFactory()).user
    me_pages = [
        reverse(f"participants:{name}", kwargs={"slug": workshop.slug})
        for name in ("my_trip", "my_trip_claim", "my_ticket", "my_travel_letter")
    ]
    values = {"slug": workshop.slug, "nomination_id": nomination.pk, "boarding_pass_id": boarding_pass.pk}
    console_pages = [
        reverse(f"console:{pattern.name}", kwargs={name: values[name] for name in pattern.pattern.converters})
        for pattern in console_patterns
        if pattern.name.startswith("travel")
    ]
    for user in (ParticipantFactory().user, focal_point, other_organiser):
        client_of(client, user)
        for url in me_pages:
            assert client.get(url).status_code in (404, 405), url
        for url in console_pages:
            response = client.get(url)
            assert response.status_code == 403, url
            assert b"%PDF" not in response.content


def test_the_focal_point_sees_only_whether_travel_is_settled(client, world):
    workshop, nomination, _registration = world
    trip_with_files(workshop, nomination)
    focal_point = UserFactory(email="focal@customs.example")
    FocalPoint.objects.create(organisation=nomination.organisation, email=focal_point.email)
    Quota.objects.create(workshop=workshop, organisation=nomination.organisation, seats=2, funded_seats=1)
    client_of(client, focal_point)
    page = reverse(
        "delegations:delegation", kwargs={"slug": workshop.slug, "organisation_id": nomination.organisation_id}
    )
    assert "Travel settled: no" in client.get(page).content.decode()
    services.decide_claim(workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, decision="approve")
    shown = client.get(page).content.decode()
    assert "Travel settled: yes" in shown
    assert "USD" not in shown and "e-ticket" not in shown and "boarding" not in shown


def test_the_payments_file_totals_equal_its_lines_and_csv_and_xlsx_agree(client, world):
    workshop, nomination, registration = world
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    trip_with_files(workshop, nomination)
    others = [funded_delegate(workshop, name=name)[0] for name in ("Bo Chen", "Carla Ruiz")]
    for other in others:
        services.save_itinerary(workshop_id=workshop.pk, nomination_id=other.pk, actor=None, **itinerary(workshop))
        services.record_ticket(
            workshop_id=workshop.pk,
            nomination_id=other.pk,
            actor=None,
            ticket_by=Trip.TicketBuyer.ORGANISERS,
            cost=Decimal("1234.57"),
            currency="USD",
        )
        services.set_dsa(
            workshop_id=workshop.pk,
            nomination_id=other.pk,
            actor=None,
            percentage=Decimal("33.33"),
            excused_days=workshop.days[:1],
        )
        services.grant_dsa(workshop_id=workshop.pk, nomination_id=other.pk, actor=None)
    services.decide_claim(
        workshop_id=workshop.pk,
        nomination_id=nomination.pk,
        actor=None,
        decision="adjust",
        amount=Decimal("999.99"),
        reason="Paid in part before the trip",
    )
    client_of(client, organiser)
    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(reverse("console:travel_payments_csv", kwargs={"slug": workshop.slug})).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(reverse("console:travel_payments_xlsx", kwargs={"slug": workshop.slug})).streaming_content
            )
        ),
        read_only=True,
    )
    xlsx_rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert len(csv_rows) == len(xlsx_rows) == 5  # header, three delegates, totals
    amount_columns = range(3, 9)
    lines, totals = csv_rows[1:-1], csv_rows[-1]
    for column in amount_columns:
        assert Decimal(totals[column]) == sum(Decimal(line[column]) for line in lines)
    for line in lines:
        assert Decimal(line[8]) == sum(Decimal(line[column]) for column in range(3, 8))
    for csv_row, xlsx_row in zip(csv_rows[1:], xlsx_rows[1:], strict=True):
        assert [Decimal(cell) for cell in csv_row[3:9]] == [Decimal(str(cell)) for cell in xlsx_row[3:9]]
        assert csv_row[:3] == [cell or "" for cell in xlsx_row[:3]]
    assert Decimal(totals[8]) == Decimal("999.99") + 600 + 2 * Decimal("1234.57") + sum(
        Trip.objects.get(nomination=other).dsa_granted for other in others
    )


def test_the_letter_is_a_pdf_in_the_delegates_language(client, world):
    workshop, nomination, registration = world
    services.save_itinerary(workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, **itinerary(workshop))
    client_of(client, registration.participant.user)
    response = client.get(reverse("participants:my_travel_letter", kwargs={"slug": workshop.slug}))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert nomination.passport_name in text and "Incheon International Airport" in text and "BKK" in text
    assert "316.00 USD" in text


def test_the_export_holds_the_travel_and_retention_erases_the_files(world, django_capture_on_commit_callbacks):
    workshop, nomination, registration = world
    trip, boarding_pass = trip_with_files(workshop, nomination)
    exported = personal_data(registration.participant.user)
    assert exported["trips"][0]["arrival_flight"] == "KE 652"
    assert exported["boarding_passes"][0]["original_name"] == "boarding.pdf"
    settled = services.decide_claim(
        workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, decision="approve"
    )
    storage, names = trip.ticket_file.storage, [trip.ticket_file.name, boarding_pass.file.name]
    erase_personal_fields(now=settled.settled_at + TRAVEL_FILES_KEPT - datetime.timedelta(days=1))
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_fields(now=settled.settled_at + TRAVEL_FILES_KEPT + datetime.timedelta(days=1))
    assert not BoardingPass.objects.exists() and not Trip.objects.get().ticket_file
    assert not any(storage.exists(name) for name in names)


def test_deleting_the_account_deletes_the_e_ticket_and_the_boarding_passes(world, django_capture_on_commit_callbacks):
    workshop, nomination, registration = world
    trip, boarding_pass = trip_with_files(workshop, nomination)
    storage, names = trip.ticket_file.storage, [trip.ticket_file.name, boarding_pass.file.name]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user_id=registration.participant.user_id)
    trip.refresh_from_db()
    assert not BoardingPass.objects.exists() and not trip.ticket_file and not trip.arrival_flight
    assert not any(storage.exists(name) for name in names)


@pytest.mark.parametrize("page", ["travel", "travel_arrivals", "travel_rooming", "travel_payments"])
def test_the_travel_lists_read_as_many_rows_in_as_many_queries(client, world, page):
    """One delegate more adds no query: trips, rooms, claims and attendance are read with the list."""
    workshop, nomination, _registration = world
    client_of(client, OrganiserMembershipFactory(workshop=workshop).user)
    url = reverse(f"console:{page}", kwargs={"slug": workshop.slug})

    def queries_with(count):
        for index in range(count):
            other, _registration = funded_delegate(workshop, name=f"Delegate {count} {index}")
            trip, _boarding_pass = trip_with_files(workshop, other)
            services.assign_room(
                workshop_id=workshop.pk, nomination_id=other.pk, block_id=workshop.hotel_blocks.get().pk, actor=None
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(3)
