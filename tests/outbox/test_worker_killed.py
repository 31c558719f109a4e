"""A Celery worker killed in the middle of a batch, at the worst moment (the SMTP server has accepted a message and the
worker has not heard so yet), leaves only that one message to be sent again: each row is marked sent as soon as the
server accepts its message. The sweeper sends it again with the row's Message-ID, so mail clients show it once."""

import collections
import datetime
import os

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from outbox import delivery
from outbox.models import OutgoingEmail
from outbox.services import BulkRecipient, queue_bulk_email
from outbox.tasks import sweep_outbox
from tests.outbox.test_bulk_email import cancellation
from tests.support.celery_testing import TEST_BROKER_URL, running_worker_process, wait_for
from tests.support.concurrency import requires_postgres
from tests.support.factories import WorkshopFactory

pytestmark = [pytest.mark.redis, requires_postgres, pytest.mark.django_db(transaction=True)]

EMAILS = 200
# As in the issue: the server had accepted 74 messages, the 74th the worker's last, when the worker died (in its second
# claimed batch: delivery.CLAIM_BATCH_SIZE is 50).
KILLED_AT = 74


def worker_environment(mail_server):
    """The worker process reads the test database, the test broker and the test's SMTP server. It waits on a held
    reply far longer than the test takes to kill it, so that it dies still waiting."""
    database = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": TEST_BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
        "EMAIL_TIMEOUT": "300",
        "DJANGO_SETTINGS_MODULE": "greencustoms.settings",
    }


def test_a_worker_killed_mid_batch_sends_again_only_the_message_in_flight_with_its_message_id(
    redis_broker, mail_server
):
    workshop = WorkshopFactory()
    held = mail_server.hold_reply_to(KILLED_AT)
    environment = worker_environment(mail_server)
    with running_worker_process(env=environment) as worker:
        # A bulk send: its rows go to the worker as one task, sent over one connection in claimed batches.
        with timezone.override(workshop.tzinfo):
            emails = queue_bulk_email(
                template="workshop_cancelled",
                context=cancellation(workshop),
                kind=OutgoingEmail.Kind.WORKSHOP_CANCELLED,
                recipients=[
                    BulkRecipient(
                        to_email=f"delegate{n:03}@customs.example",
                        dedup_key=f"killed-worker:{n}",
                        language=settings.LANGUAGE_CODE,
                        values={"name": f"Delegate {n}"},
                    )
                    for n in range(EMAILS)
                ],
            )

        def holding_the_reply():
            """the SMTP server holding its reply to the message the worker is to die sending"""
            assert worker.process.poll() is None, f"the worker exited:\n{worker.output}"
            return held.is_set()

        wait_for(holding_the_reply, timeout=60)
        worker.kill()

    in_flight = emails[KILLED_AT - 1]
    # Every message the server had answered is marked sent; the one it accepted without the worker hearing so is not.
    sent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT)
    assert sent.count() == KILLED_AT - 1
    assert not sent.filter(pk=in_flight.pk).exists()

    # Half an hour later the sweeper (celery beat's sweep_outbox) hands the rows left behind to another worker.
    mail_server.release_reply()
    OutgoingEmail.objects.update(
        updated_at=timezone.now() - datetime.timedelta(seconds=delivery.STALE_AFTER_SECONDS + 60)
    )
    with running_worker_process(env=environment) as worker:
        sweep_outbox.delay()

        def all_sent():
            """every row marked sent after the sweep"""
            assert worker.process.poll() is None, f"the worker exited:\n{worker.output}"
            return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == EMAILS

        wait_for(all_sent, timeout=120)

    received = collections.defaultdict(list)
    for message in mail_server.messages:
        received[message["To"]].append(message["Message-ID"])
    # Every row's message arrived, each time with the row's own Message-ID; only the one in flight arrived twice.
    assert received == {
        email.to_email: [email.message_id] * (2 if email.pk == in_flight.pk else 1)
        for email in OutgoingEmail.objects.all()
    }
