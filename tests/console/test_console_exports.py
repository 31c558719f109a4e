"""The console's exports byte for byte: the CSV file and the printed list stay what they were before streaming."""

import datetime
import pathlib
import tracemalloc

import pytest
from django.urls import reverse

from delegations.models import Nomination
from participants.models import Registration
from tests.console.test_console_pages import bulk_registrations
from tests.support.factories import (
    InvitationFactory,
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops.models import Organisation

pytestmark = pytest.mark.django_db
Status = Registration.Status
# The files the export wrote before it streamed (commit "golden CSV"), kept as they came out, BOM and CRLF included.
GOLDEN = pathlib.Path(__file__).parent / "golden"
UTC = datetime.UTC


def at(day, hour, minute=0):
    return datetime.datetime(2015, 10, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def world(client):
    """Registrations in every status and source, with and without organisation, country, gender and funding."""
    workshop = WorkshopFactory(
        slug="seoul-export",
        title="Asia/Pacific Regional Green Customs Workshop",
        start_date=datetime.date(2015, 11, 10),
        end_date=datetime.date(2015, 11, 13),
        city="Seoul",
        country="KR",
        time_zone="Asia/Seoul",
        capacity=50,
    )
    organiser = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    client.force_login(organiser)
    kcs = OrganisationFactory(name="Korea Customs Service", acronym="KCS", country="KR")
    unep = OrganisationFactory(name="UN Environment", acronym="UNEP", kind=Organisation.Kind.UN_PROGRAMME, country="")
    people = [
        ("김민준", "kim@example.org", kcs, "KR", "male", "Inspector", Status.CONFIRMED, "online"),
        ("สมชาย ใจดี", "somchai@example.org", kcs, "TH", "female", '=HYPERLINK("x")', Status.PENDING, "invitation"),
        ("Батбаяр Дорж", "bat@example.org", None, "MN", "", "", Status.WAITLISTED, "organiser"),
        ("Émile Zola, Jr.", "emile@example.org", unep, "", "other", 'Officer; "trade"', Status.REJECTED, "online"),
        ("Ana Ruiz", "ana@example.org", unep, "ES", "undisclosed", "+1 line\nnext", Status.CANCELLED, "online"),
        ("lee Seo-yeon", "lee@example.org", kcs, "KR", "female", "Director", Status.CONFIRMED, "online"),
        ("Kim Ji-woo", "jiwoo@example.org", kcs, "KR", "", "", Status.CONFIRMED, "organiser"),
    ]
    for n, (name, email, organisation, country, gender, position, status, source) in enumerate(people):
        participant = ParticipantFactory(
            full_name=name,
            user__email=email,
            user__password=None,
            organisation=organisation,
            country=country,
            gender=gender,
            position=position,
            dietary_needs="halal" if n % 2 else "",
            accessibility_needs="step-free access" if n == 2 else "",
        )
        registration = RegistrationFactory(
            workshop=workshop,
            participant=participant,
            status=status,
            source=source,
            created_at=at(1 + n, 23, 30),
            decided_at=at(5 + n, 1, 5) if status != Status.PENDING else None,
            decided_by=organiser if status != Status.PENDING else None,
            attended_at=at(20, 0, 15) if status == Status.CONFIRMED else None,
            note="@note" if n == 3 else "",
        )
        if source == "invitation":
            invitation = InvitationFactory(workshop=workshop, email=email, registration=registration)
            Nomination.objects.create(
                workshop=workshop,
                organisation=kcs,
                passport_name=name,
                email=email,
                position="Inspector",
                funding=Nomination.Funding.GRANTED,
                status=Nomination.Status.APPROVED,
                invitation=invitation,
            )
    return workshop


def streamed(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_csv_export_is_byte_identical_to_the_file_it_always_wrote(client, world, language):
    response = client.get(
        reverse("console:registrations_export", kwargs={"slug": world.slug}), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="seoul-export-registrations.csv"'
    assert streamed(response) == (GOLDEN / f"registrations-{language}.csv").read_bytes()


def printed_list(response):
    """The list itself: from the article's start to its end (the page around it carries a fresh CSRF token)."""
    page = streamed(response).decode()
    return page[page.index('<article class="participant-list') : page.index("</article>") + len("</article>")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_printed_list_is_the_same_list_it_always_was(client, world, language):
    Registration.objects.filter(workshop=world).exclude(status=Status.CANCELLED).update(status=Status.CONFIRMED)
    response = client.get(
        reverse("console:participant_list", kwargs={"slug": world.slug}), HTTP_ACCEPT_LANGUAGE=language
    )
    assert printed_list(response) == (GOLDEN / f"participant-list-{language}.html").read_text()


def peak_memory_of_reading(client, path):
    """The most memory Python held while the response was built and read to its end (bytes)."""
    tracemalloc.start()
    try:
        streamed(client.get(path))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["registrations_export", "participant_list"])
def test_the_exports_memory_stays_flat_from_100_to_5000_registrations(client, name):
    """Streamed in chunks, 5,000 rows hold little more memory than 100: about one chunk's worth (built whole, the
    export of 10,000 took 34 MB more, the printed list 17 MB)."""
    peaks = []
    for count in (100, 5000):
        workshop = WorkshopFactory(capacity=10_000)
        client.force_login(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
        bulk_registrations(workshop, count)
        Registration.objects.filter(workshop=workshop).update(status=Status.CONFIRMED)
        path = reverse(f"console:{name}", kwargs={"slug": workshop.slug})
        streamed(client.get(path))  # templates and translations loaded once, outside the measure
        peaks.append(peak_memory_of_reading(client, path))
    assert peaks[1] - peaks[0] < 4 * 2**20, f"{peaks[0] / 2**20:.1f} MB for 100 rows, {peaks[1] / 2**20:.1f} for 5,000"
