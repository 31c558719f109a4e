"""Simultaneous requests against PostgreSQL's row locks: real threads, each with its own connection."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from participants import services
from participants.models import Registration
from tests.factories import ParticipantFactory, RegistrationFactory, WorkshopFactory

Status = Registration.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="SQLite serialises every write and has no row locks: run with DATABASE_URL=postgres://…",
    ),
]


def run_simultaneously(calls):
    """Run each call in its own thread, released together by a barrier; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def status_counts(workshop):
    counts = services.seat_counts(workshop)
    return {status: count for status, count in counts.items() if count}


def burst_of_registrations(workshop, size):
    participants = ParticipantFactory.create_batch(size)
    return run_simultaneously(
        [
            lambda participant_id=participant.pk: services.register(
                workshop_id=workshop.pk, participant_id=participant_id
            )
            for participant in participants
        ]
    )


def test_fifty_simultaneous_registrations_fill_ten_seats_and_waitlist_the_rest(transactional_db):
    workshop = WorkshopFactory(capacity=10)

    results, errors = burst_of_registrations(workshop, 50)

    assert errors == []
    assert len(results) == 50
    assert status_counts(workshop) == {Status.CONFIRMED: 10, Status.WAITLISTED: 40}


def test_without_the_row_lock_the_same_burst_overbooks(transactional_db, monkeypatch):
    # Shows the test above can see a race: the only thing switched off is the workshop row lock.
    monkeypatch.setattr(services, "LOCK_WORKSHOP_ROW", False)
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

    results, errors = run_simultaneously(
        [
            lambda registration_id=registration.pk: services.cancel_registration(registration_id=registration_id)
            for registration in leaving
        ]
    )

    assert errors == []
    assert len(results) == 20
    assert status_counts(workshop) == {Status.CONFIRMED: 10, Status.WAITLISTED: 10, Status.CANCELLED: 20}
    now_confirmed = set(workshop.registrations.filter(status=Status.CONFIRMED).values_list("pk", flat=True))
    assert now_confirmed == {registration.pk for registration in waiting[:10]}
    # Each person promoted got exactly one email saying so.
    promoted_emails = workshop.registrations.filter(emails__kind="registration_promoted").values_list("pk", flat=True)
    assert sorted(promoted_emails) == sorted(now_confirmed)
