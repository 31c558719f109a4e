"""Who raises a workshop's versions (workshops/versions.py): the services, explicitly and once; the receivers, as the
safety net, once per transaction inside a request; a rolled-back raise is made again; `raise_page_versions`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.page_cache import cached_many
from core.versions import once_per_transaction
from participants.models import Registration
from participants.services import decide_registrations
from tests.support.factories import (
    InvitationFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops import versions
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status


def version_numbers(workshop):
    return Workshop.objects.values_list("content_version", "registrations_version").get(pk=workshop.pk)


def workshop_updates(queries):
    return [query for query in queries.captured_queries if query["sql"].startswith('UPDATE "workshops_workshop"')]


@pytest.mark.parametrize("decision", [Status.CONFIRMED, Status.REJECTED])
def test_a_bulk_decision_raises_the_registrations_version_once(decision):
    """200 registrations decided (and, on rejection, 20 promoted from the waitlist): one UPDATE of the workshop row,
    where a receiver on each save made one per registration (200, 220)."""
    workshop = WorkshopFactory(capacity=300, requires_approval=True)
    pending = RegistrationFactory.create_batch(200, workshop=workshop, status=Status.PENDING)
    RegistrationFactory.create_batch(20, workshop=workshop, status=Status.WAITLISTED)
    organiser = UserFactory()
    content, registrations = version_numbers(workshop)
    with CaptureQueriesContext(connection) as queries:
        decided, _no_seat = decide_registrations(
            workshop_id=workshop.pk,
            registration_ids=[registration.pk for registration in pending],
            decision=decision,
            actor=organiser,
        )
    assert len(decided) == 200
    assert len(workshop_updates(queries)) == 1
    assert version_numbers(workshop) == (content, registrations + 1)
    if not connection.features.has_select_for_update:
        return  # SQLite (the portal's try-out database) takes no row lock: there is no order to check
    # After the lock: the workshop row is locked first, then the registrations.
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, text in enumerate(sql) if text.startswith('SELECT "workshops_') and "FOR UPDATE" in text)
    first_write = next(i for i, text in enumerate(sql) if text.startswith(('UPDATE "participants', "INSERT")))
    assert lock < sql.index(workshop_updates(queries)[0]["sql"]) < first_write


def session_with_speakers(workshop, speakers=5):
    session = ProgrammeSessionFactory(workshop=workshop)
    SpeakerFactory.create_batch(speakers, session=session, name="Named")
    return session


def test_admin_deleting_sessions_and_their_speakers_raises_the_content_version_once(admin_client):
    """The safety net within a request: a delete of 3 sessions and their 15 speakers (18 receivers) is one raise."""
    workshop = WorkshopFactory()
    sessions = [session_with_speakers(workshop) for _ in range(3)]
    content, registrations = version_numbers(workshop)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(
            "/admin/programme/programmesession/",
            {"action": "delete_selected", "_selected_action": [session.pk for session in sessions], "post": "yes"},
        )
    assert response.status_code == 302
    assert not workshop.sessions.exists()
    assert len(workshop_updates(queries)) == 1
    assert version_numbers(workshop) == (content + 1, registrations)


def test_outside_a_service_or_a_request_each_save_raises():
    """A shell's saves: whoever reads the versions between two of them (as this test does) sees each raised."""
    workshop = WorkshopFactory()
    registrations = RegistrationFactory.create_batch(3, workshop=workshop)
    before = version_numbers(workshop)[1]
    with transaction.atomic():
        for number, registration in enumerate(registrations, start=1):
            registration.save()
            assert version_numbers(workshop)[1] == before + number


def test_within_once_per_transaction_the_receivers_raise_once():
    workshop = WorkshopFactory()
    registrations = RegistrationFactory.create_batch(5, workshop=workshop)
    before = version_numbers(workshop)[1]
    with once_per_transaction(), transaction.atomic(), CaptureQueriesContext(connection) as queries:
        for registration in registrations:
            registration.save()
    assert len(workshop_updates(queries)) == 1
    assert version_numbers(workshop)[1] == before + 1


def test_a_raise_rolled_back_with_its_savepoint_is_made_again():
    workshop = WorkshopFactory()
    registration = RegistrationFactory(workshop=workshop)
    before = version_numbers(workshop)[1]
    with once_per_transaction(), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            registration.save()
            assert version_numbers(workshop)[1] == before + 1
            raise RuntimeError
        assert version_numbers(workshop)[1] == before
        registration.save()  # the raise above was rolled back: it is made again
        assert version_numbers(workshop)[1] == before + 1
        with transaction.atomic():
            registration.save()  # raised already, in a part of the transaction that stands
        assert version_numbers(workshop)[1] == before + 1


def test_a_cache_entry_built_after_a_raise_makes_the_next_change_raise_again():
    """The entry is stored on commit under the raised number: the next change of the same transaction must name
    another."""
    workshop = WorkshopFactory()
    registration = RegistrationFactory(workshop=workshop)
    before = version_numbers(workshop)[1]
    with once_per_transaction(), transaction.atomic():
        registration.save()
        cached_many({"built-from-the-half-done-transaction": lambda: "built"})
        registration.save()
    assert version_numbers(workshop)[1] == before + 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_nothing_remembered_for_the_next():
    workshop = WorkshopFactory()
    registration = RegistrationFactory(workshop=workshop)
    before = version_numbers(workshop)[1]
    with once_per_transaction():
        with pytest.raises(RuntimeError), transaction.atomic():
            registration.save()
            raise RuntimeError
        assert version_numbers(workshop)[1] == before
        with transaction.atomic():
            registration.save()
        assert version_numbers(workshop)[1] == before + 1
        with transaction.atomic():  # committed: the next transaction raises again
            registration.save()
        assert version_numbers(workshop)[1] == before + 2


def test_a_service_that_leaves_a_raise_to_the_receivers_fails_the_tests():
    workshop = WorkshopFactory()
    registration = RegistrationFactory(workshop=workshop)

    @versions.raises_versions
    def forgetful_service():
        with transaction.atomic():
            registration.save()

    with pytest.raises(versions.MissedRaise, match="registrations_version"):
        forgetful_service()


def test_the_receivers_raise_nothing_while_a_service_runs(monkeypatch):
    monkeypatch.setattr(versions, "CHECK_SERVICES", False)
    workshop = WorkshopFactory()
    registration = RegistrationFactory(workshop=workshop)
    before = version_numbers(workshop)

    @versions.raises_versions
    def service():
        registration.save()

    service()
    assert version_numbers(workshop) == before


def test_an_accepted_invitation_deleted_raises_the_registrations_version():
    """It links the registration to the nomination whose funding the console shows beside it."""
    workshop = WorkshopFactory()
    registration = RegistrationFactory(workshop=workshop)
    accepted = InvitationFactory(workshop=workshop, registration=registration)
    pending = InvitationFactory(workshop=workshop)
    before = version_numbers(workshop)
    pending.delete()
    assert version_numbers(workshop) == before
    accepted.delete()
    assert version_numbers(workshop) == (before[0], before[1] + 1)


def test_raise_page_versions_raises_both_versions_of_every_workshop_past_any_number_the_cache_may_hold():
    workshops = WorkshopFactory.create_batch(3)
    before = {workshop.pk: version_numbers(workshop) for workshop in workshops}
    out = StringIO()
    call_command("raise_page_versions", stdout=out)
    assert out.getvalue().startswith("Raised the page versions of 3 workshops")
    for workshop in workshops:
        content, registrations = version_numbers(workshop)
        assert content - before[workshop.pk][0] == registrations - before[workshop.pk][1] >= 2**32
