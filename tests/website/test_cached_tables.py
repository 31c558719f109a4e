"""Every table a cached page part reads is covered by a version that names the part.

Each cached part is rendered cold (the cache missing everything) while its queries are captured: the workshop page's
content fragment, seat counts and the visitor's own registration, the `.ics`, the anonymous visitor's whole pages
(the workshop page, the home page, the list) and the console's dashboard overview, registrations table and check-in
desk. The tables named after FROM and JOIN in the captured SQL must each be covered (workshops.versions.COVERED_BY:
a change of its rows raises the version) by one of the versions that name the part (NAMED_BY below), or stand on the
allow-list with the reason no version needs to. A field or table a page starts to show without a version covering
it fails here, instead of being served stale from the cache.
"""

import datetime
import re
from collections import defaultdict

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import core.page_cache
import website.page_cache
from delegations.services import decide_funding
from documents.services import issue_certificates
from participants.models import Registration
from participants.services import cancel_registration, check_in, decide_registrations, register
from tests.delegations.test_delegation_flow import accept_by_email, approve, nominate
from tests.support.delegations import make_delegation
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    SpeakerFactory,
    WorkshopPartnerFactory,
)
from workshops.versions import CONTENT, COVERED_BY, REGISTRATIONS

pytestmark = pytest.mark.django_db
Status = Registration.Status

# The versions that name each kind of entry (the second part of its name: core.page_cache.key).
NAMED_BY = {
    "workshop-content": {CONTENT},  # website/page_cache.py
    "ics": {CONTENT},
    "seats": {REGISTRATIONS},
    "own-registration": {REGISTRATIONS},
    "documents": {CONTENT},  # the Documents section of the workshop page, as each audience reads it
    # An anonymous visitor's whole page: the workshop's two versions, or (home, list) a digest of every published
    # workshop's two versions (website/views/workshops.py).
    "page": {CONTENT, REGISTRATIONS},
    "console": {CONTENT, REGISTRATIONS},  # console/page_cache.py
}

# Tables a part may read that no version naming it covers, each with the reason none needs to.
ALLOWED = {
    # Joined for its id alone: the counts and the status are the registrations'.
    ("seats", "workshops_workshop"): "the registrations' workshop",
    ("own-registration", "workshops_workshop"): "the registration's workshop (and the order of a person's)",
}

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"')


def tables_read(queries):
    return {table for query in queries.captured_queries for table in TABLE.findall(query["sql"])}


def uncovered(reads):
    """{kind of entry: tables it read that neither a version naming it covers nor the allow-list lets through}."""
    found = {
        kind: sorted(
            table
            for table in tables
            if not COVERED_BY.get(table, set()) & NAMED_BY[kind] and (kind, table) not in ALLOWED
        )
        for kind, tables in reads.items()
    }
    return {kind: tables for kind, tables in found.items() if tables}


@pytest.fixture
def reads(monkeypatch):
    """{kind of entry: the tables read while building it}, for every entry built while the test runs; the cache
    holds nothing, so every part is built (nested parts count for the page around them too)."""
    found = defaultdict(set)

    def build_each(builders):
        values = {}
        for name, build in builders.items():
            with CaptureQueriesContext(connection) as queries:
                values[name] = build()
            found[name.split(":")[1]] |= tables_read(queries)
        return values

    monkeypatch.setattr(core.page_cache, "cached_many", build_each)
    monkeypatch.setattr(website.page_cache, "cached_many", build_each)
    return found


@pytest.fixture
def world():
    """A published workshop taking registrations and nominations, with everything its pages show: a programme (a
    speaker who is a participant, one named, both of organisations), a partner, people in every state decided
    and checked in by an organiser, a funded nominee, a certificate, a cancellation."""
    now = timezone.now()
    delegation = make_delegation(funding_deadline=now + datetime.timedelta(days=5), capacity=3, requires_approval=True)
    workshop = delegation.workshop
    session = ProgrammeSessionFactory(workshop=workshop, title="Opening ceremony")
    speaking = ParticipantFactory(full_name="Ana Speaker", organisation=OrganisationFactory(acronym="WCO"))
    SpeakerFactory(session=session, name="", participant=speaking, order=1)
    SpeakerFactory(session=session, name="Named Speaker", organisation=OrganisationFactory(), order=2)
    WorkshopPartnerFactory(workshop=workshop)
    organiser = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    people = [register(workshop_id=workshop.pk, participant_id=ParticipantFactory().pk) for _ in range(4)]
    decide_registrations(
        workshop_id=workshop.pk, registration_ids=[people[0].pk], decision=Status.CONFIRMED, actor=organiser
    )
    for day in range(len(workshop.days)):  # every day, as a certificate asks by default
        check_in(
            workshop_id=workshop.pk,
            registration_id=people[0].pk,
            actor=organiser,
            now=workshop.starts_at + datetime.timedelta(days=day, hours=9),
        )
    cancel_registration(registration_id=people[1].pk, actor=organiser)
    nomination = nominate(delegation, 1, funding_requested=True, funding_reason="Least developed country")
    approve(delegation, nomination)
    accept_by_email(Client(), nomination.email)
    decide_funding(workshop_id=workshop.pk, nomination_id=nomination.pk, grant=True, actor=organiser)
    issue_certificates(workshop_id=workshop.pk, actor=organiser, now=workshop.ends_at + datetime.timedelta(days=1))
    return {"workshop": workshop, "organiser": organiser, "registrant": people[2].participant.user}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_table_a_cached_part_reads_is_covered_by_a_version_that_names_it(world, reads, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    workshop = world["workshop"]
    page = f"/workshops/{workshop.slug}/"
    anonymous, registrant, organiser = Client(), logged_in(world["registrant"]), logged_in(world["organiser"])
    console = [reverse(f"console:{name}", kwargs={"slug": workshop.slug}) for name in ("dashboard", "registrations")]
    checkin = reverse("console:checkin", kwargs={"slug": workshop.slug})
    for client, url in [
        (anonymous, "/"),
        (anonymous, "/workshops/"),
        (anonymous, page),
        (anonymous, f"{page}programme.ics"),
        (registrant, page),
        *((organiser, url) for url in console),
        (organiser, f"{console[1]}?status=confirmed"),
        (organiser, checkin),
        (organiser, f"{checkin}?q=a"),
    ]:
        assert client.get(url).status_code == 200, url
    assert set(reads) == set(NAMED_BY), "every kind of cached entry was built, and each is named here"
    # The world shows what the parts can show: the registrations table reads the nominations (their funding,
    # through the accepted invitation), the accounts (who decided) and the registrations' histories.
    assert {"programme_speaker", "workshops_workshoppartner"} <= reads["workshop-content"]
    assert {"delegations_nomination", "participants_invitation", "accounts_user", "activity_activityentry"} <= reads[
        "console"
    ]
    assert uncovered(reads) == {}


def test_a_table_read_by_a_part_its_versions_do_not_cover_is_found():
    reads = {"seats": {"participants_registration", "programme_programmesession"}, "ics": {"programme_speaker"}}
    assert uncovered(reads) == {"seats": ["programme_programmesession"]}


def test_every_table_the_versions_cover_is_a_table():
    tables = set(connection.introspection.table_names())
    assert set(COVERED_BY) <= tables
    assert {table for _kind, table in ALLOWED} <= tables
