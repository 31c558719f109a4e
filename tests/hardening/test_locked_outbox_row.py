"""Defect 10: a delivery that finds its outbox row locked by another transaction retries shortly instead of
leaving it to the sweeper for 30 minutes."""

import threading

import pytest
from django.db import connections, transaction

from outbox import delivery
from outbox.models import OutgoingEmail
from tests.support.concurrency import requires_postgres

Status = OutgoingEmail.Status


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_finding_its_row_locked_asks_to_be_retried_shortly_then_sends_it(mail_server):
    email = OutgoingEmail.objects.create(to_email="a@example.org", subject="s", body_text="b", dedup_key="a")
    locked, release = threading.Event(), threading.Event()

    def hold_the_row():
        try:
            with transaction.atomic():
                OutgoingEmail.objects.select_for_update().get(pk=email.pk)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert locked.wait(10)
        outcome = delivery.deliver(email.pk)
    finally:
        release.set()
        holder.join()

    assert outcome.status is None
    assert 0 < outcome.retry_in <= 30
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 0)

    assert delivery.deliver(email.pk).status == Status.SENT
    assert len(mail_server.messages) == 1
