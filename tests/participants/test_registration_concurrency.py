"""Simultaneous requests against PostgreSQL's row locks: real threads, each with its own connection."""

import pytest

from participants import services
from participants.models import Registration
from participants.selectors import seat_counts
from tests.support.concurrency import requires_postgres, run_concurrently, split_outcomes
from tests.support.factories import ParticipantFactory, RegistrationFactory, WorkshopFactory
from workshops import locking, versions

Status = Registration.Status

pytestmark = [pytest.mark.postgres, requires_postgres]


def status_counts(workshop):
    return {status: count for status, count in seat_counts(workshop).by_status.items() if count}


def burst_of_registrations(workshop, size):
    participants = ParticipantFactory.create_batch(size)
    return split_outcomes(
        run_concurrently(
            lambda index: services.register(workshop_id=workshop.pk, participant_id=participants[index].pk), size
        )
    )


def test_fifty_simultaneous_registrations_fill_ten_seats_and_waitlist_the_rest(transactional_db):
    workshop = WorkshopFactory(capacity=10)

    results, errors = burst_of_registrations(workshop, 50)

    assert errors == []
    assert len(results) == 50
    assert status_counts(workshop) == {Status.CONFIRMED: 10, Status.WAITLISTED: 40}


def test_without_the_row_lock_the_same_burst_overbooks(transactional_db, monkeypatch):
    # Shows the test above can see a race: the only thing switched off is the workshop row lock, with the raise of
    # the registrations version that follows it (its UPDATE of the workshop row would lock the row as well).
    monkeypatch.setattr(locking, "LOCK_WORKSHOP_ROW", False)
    monkeypatch.setattr(services, "raise_registrations_version", lambda workshops: None)
    monkeypatch.setattr(versions, "CHECK_SERVICES", False)
    workshop = WorkshopFactory(capacity=10)

    _results, errors = burst_of_registrations(workshop, 50)

    assert errors == []
    counts = status_counts(workshop)
    assert counts[Status.CONFIRMED] > 10, counts


def test_twenty_simultaneous_cancellations_promote_the_waitlist_in_order(transactional_db):
    workshop = WorkshopFactory(capacity=10)
    confirmed = RegistrationFactory.create_batch(10, workshop=workshop, status=Status.CONFIRMED)
    waiting = [RegistrationFactory(workshop=workshop, status=Status.WAITLISTED) for _ in range(30)]
    leaving = confirmed + waiting[20:]  # every seat holder, and the last ten in the queue

    results, errors = split_outcomes(
        run_concurrently(lambda index: services.cancel_registration(registration_id=leaving[index].pk), len(leaving))
    )

    assert errors == []
    assert len(results) == 20
    assert status_counts(workshop) == {Status.CONFIRMED: 10, Status.WAITLISTED: 10, Status.CANCELLED: 20}
    now_confirmed = set(workshop.registrations.filter(status=Status.CONFIRMED).values_list("pk", flat=True))
    assert now_confirmed == {registration.pk for registration in waiting[:10]}
    # Each person promoted got exactly one email saying so.
    promoted_emails = workshop.registrations.filter(emails__kind="registration_promoted").values_list("pk", flat=True)
    assert sorted(promoted_emails) == sorted(now_confirmed)
