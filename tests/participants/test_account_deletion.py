"""Deleting an account leaves no personal data behind: not in any table of the database, not in the cache.

A confirmed delegate (nominated, approved, registered through the invitation) with an issued visa letter, a
certificate of an earlier workshop, log entries and emails sent deletes their account through /me/delete/. Then
every text and JSON column of every table, and every value of the page cache, is searched for their email, their
names and their passport number.
"""

import datetime
import json
import uuid

import pytest
import redis
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import personal_data
from core.personal_data import Person
from delegations.models import Nomination
from documents.models import VisaLetterRequest
from outbox.models import OutgoingEmail
from participants.models import Registration
from tests.delegations.test_delegation_flow import LINK, approve, nominate
from tests.documents.test_visa_letters import form_data
from tests.support.delegations import make_delegation
from tests.support.factories import (
    OrganiserMembershipFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    record_days,
)
from tests.support.workers import REDIS_CONFIGURED, TEST_REDIS_URL

# Transactions commit, as in production: the page cache stores its entries, and the outbox sends its rows, on commit.
pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "zoljargal.tserenbat@customs.example.mn"
NAME = "Zoljargal Tserenbat"
PASSPORT_NAME = "TSERENBAT ZOLJARGAL"
PASSPORT_NUMBER = "ZX7654321"
PASSWORD = "correct horse battery staple"  # UserFactory's


def database_holding(needle):
    """Every (table, column) of the database whose value, read as text, holds `needle` (any case): every table
    Django's introspection lists, every column of it."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                quoted_table, quoted_column = connection.ops.quote_name(table), connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT 1 FROM {quoted_table} WHERE UPPER(CAST({quoted_column} AS TEXT)) LIKE UPPER(%s) LIMIT 1",  # noqa: S608 (names from the catalogue)
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.append((table, column.name))
    return found


@pytest.fixture
def redis_cache(settings):
    if not REDIS_CONFIGURED:
        pytest.skip("needs Redis, where the page cache lives in production: set TEST_CELERY_BROKER_URL=redis://…")
    """The page cache in Redis, as in production, under a prefix of this test's own."""
    prefix = f"deletion-test-{uuid.uuid4().hex}"
    backend = "greencustoms.cache.DegradingRedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix}}
    client = redis.Redis.from_url(TEST_REDIS_URL)
    yield client, prefix
    names = list(client.scan_iter(match=f"{prefix}:*"))
    if names:
        client.delete(*names)
    client.close()


def cache_holding(redis_cache, needle):
    """The names of the cached values holding `needle` (Django pickles strings as UTF-8)."""
    client, prefix = redis_cache
    wanted = needle.encode()
    return [name for name in client.scan_iter(match=f"{prefix}:*") if wanted in (client.get(name) or b"")]


def a_delegate_with_documents(client):
    """The person, their registrations (the coming workshop's, with an issued visa letter; a past one's, with a
    certificate) and the organiser of the coming workshop."""
    delegation = make_delegation()
    workshop = delegation.workshop
    nomination = nominate(delegation, passport_name=PASSPORT_NAME, email=EMAIL)
    approve(delegation, nomination)
    # The link is in the message sent (sending blanked it in the outbox row).
    link = LINK.search(next(sent.body for sent in mail.outbox[::-1] if EMAIL in sent.to)).group(1)
    user = UserFactory(email=EMAIL, name=NAME)
    # Django admin's own log of a change to the account names the person (object_repr) and quotes them.
    LogEntry.objects.log_actions(
        user_id=UserFactory(is_staff=True, is_superuser=True).pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=f"Corrected the address to {EMAIL}",
    )
    client.force_login(user)
    client.get(link)
    answer = {"answer": "accept", "full_name": NAME, "position": "Customs officer", "country": "MN"}
    client.post("/invitations/answer/", {**answer, "new_organisation": "Mongolian Customs"}, follow=True)
    registration = Registration.objects.get(participant__user=user, workshop=workshop)
    assert registration.status == Registration.Status.CONFIRMED

    visa_form = form_data(workshop, passport_name=PASSPORT_NAME, passport_number=PASSPORT_NUMBER)
    client.post(reverse("documents:visa_letter_request", kwargs={"pk": registration.pk}), visa_form)
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    client.force_login(organiser)
    client.post(
        reverse("console:visa_letters_issue", kwargs={"slug": workshop.slug}),
        {"requests": [VisaLetterRequest.objects.get().pk]},
    )

    past = WorkshopFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=20),
        end_date=timezone.localdate() - datetime.timedelta(days=18),
    )
    attended = RegistrationFactory(workshop=past, participant=registration.participant)
    record_days(attended, past.days)
    client.force_login(user)
    assert client.post(reverse("documents:certificate", kwargs={"pk": attended.pk})).status_code == 200
    return user, workshop, organiser


def organiser_pages(client, organiser, workshop):
    """What the organiser reads of the workshop (cached parts among them)."""
    client.force_login(organiser)
    pages = ["registrations", "checkin", "timeline", "delegations", "documents", "dashboard"]
    return {name: client.get(reverse(f"console:{name}", kwargs={"slug": workshop.slug})) for name in pages}


def test_deleting_the_account_leaves_the_person_in_no_table_and_no_cached_entry(client, redis_cache):
    user, workshop, organiser = a_delegate_with_documents(client)
    assert VisaLetterRequest.objects.get().status == VisaLetterRequest.Status.ISSUED
    assert OutgoingEmail.objects.filter(to_email=EMAIL, status=OutgoingEmail.Status.SENT).count() >= 3
    before = organiser_pages(client, organiser, workshop)
    assert NAME in before["registrations"].content.decode() and EMAIL in before["delegations"].content.decode()
    # The checks can see the person where they are: in the tables and in the cached parts.
    assert database_holding(EMAIL) and database_holding(NAME) and database_holding(PASSPORT_NAME)
    assert cache_holding(redis_cache, NAME)
    assert VisaLetterRequest.objects.get().passport_number == PASSPORT_NUMBER

    client.force_login(user)
    response = client.post(reverse("participants:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302

    needles = (EMAIL, NAME, PASSPORT_NAME, PASSPORT_NUMBER)
    assert {needle: database_holding(needle) for needle in needles} == dict.fromkeys(needles, [])
    assert {needle: cache_holding(redis_cache, needle) for needle in needles} == dict.fromkeys(needles, [])
    after = organiser_pages(client, organiser, workshop)
    for name, page in after.items():
        assert page.status_code == 200, name
        assert NAME not in page.content.decode() and EMAIL not in page.content.decode(), name
    assert "Deleted participant" in after["delegations"].content.decode()
    assert "Deleted participant" in after["registrations"].content.decode()
    assert "Deleted participant" in after["timeline"].content.decode()
    # Counts stay: the nomination, the registrations and the letter are still counted, without the person.
    assert Nomination.objects.filter(workshop=workshop, status=Nomination.Status.APPROVED).count() == 1
    assert Registration.objects.filter(participant__user=user).count() == 2
    assert VisaLetterRequest.objects.filter(status=VisaLetterRequest.Status.ISSUED).count() == 1


def test_the_export_lists_what_deletion_erases(client):
    """/me/data.json and deletion read the same registry entries: each lists the rows the other erases, and every
    personal value exported is gone from those rows after the deletion."""
    user, _workshop, _organiser = a_delegate_with_documents(client)
    person = Person(user_id=user.pk, email=user.email)
    client.force_login(user)
    exported = json.loads(client.get(reverse("participants:my_data_json")).content)
    # The account and the profile are one object each; every other section a list of rows.
    exported["account"], exported["profile"] = [exported["account"]], [exported["profile"]]
    assert set(exported) == {entry.section for entry in personal_data.entries()}
    (visa_request,) = exported["visa_letter_requests"]
    assert (visa_request["passport_number"], visa_request["passport_name"]) == (PASSPORT_NUMBER, PASSPORT_NAME)
    assert [nomination["email"] for nomination in exported["nominations"]] == [EMAIL]
    assert len(exported["certificates"]) == 1 and exported["certificates"][0]["code"]
    entries = personal_data.entries()
    rows_of = {entry.section: list(entry.rows(person).values_list("pk", flat=True)) for entry in entries}

    client.post(reverse("participants:delete_account"), {"password": PASSWORD})

    for entry in entries:
        assert len(exported[entry.section]) == len(rows_of[entry.section]), entry.section
        rows = entry.model_class().objects.filter(pk__in=rows_of[entry.section])
        if entry.erased is None:
            assert not rows.exists(), entry.section
            continue
        for name in entry.fields:
            before = {json.dumps(row[name]) for row in exported[entry.section] if row[name] not in ("", None, {}, [])}
            after = {json.dumps(personal_data.plain(value)) for value in rows.values_list(name, flat=True)}
            assert not before & after, (entry.section, name)
