"""Defect 3: a broker that accepts connections and never answers (or refuses them) does not hang a request in the
hand-off after commit (which gives up after outbox.tasks.HAND_OFF_TIMEOUT); the row stays queued for the sweeper.
A hang is caught by a watchdog, not by timing the call: how fast the request is belongs to `make bench`."""

import contextlib
import signal

import pytest

from greencustoms.celery_app import app
from outbox.models import OutgoingEmail
from participants.services import register
from tests.support.celery_testing import use_broker
from tests.support.factories import ParticipantFactory, WorkshopFactory
from tests.support.mailserver import refusing_port, silent_port

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def broker_at(port):
    previous = app.conf.broker_url
    use_broker(f"redis://127.0.0.1:{port}/0")
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        use_broker(previous)


class Hung(Exception):
    pass


@contextlib.contextmanager
def hung_after(seconds):
    """Fail a call that hangs (what the defect did: Celery's defaults wait for the broker for ever) instead of
    hanging the suite; `seconds` is many times the hand-off's own timeout."""

    def stop(_signum, _frame):
        raise Hung

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("broker", [silent_port, refusing_port])
def test_a_registration_returns_within_seconds_and_its_email_waits_for_the_sweeper(
    broker, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    participant = ParticipantFactory()
    with broker() as port, broker_at(port), hung_after(15), django_capture_on_commit_callbacks(execute=True):
        registration = register(workshop_id=workshop.pk, participant_id=participant.pk)

    assert registration.status == "confirmed"
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
