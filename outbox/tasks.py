"""Celery's side of the outbox: which delivery runs when. What an attempt does is in outbox.delivery."""

from celery import shared_task

from . import delivery


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_outgoing_email(self, email_id):
    """Deliver one outbox row: temporary failures retry with backoff, permanent ones end as failed."""
    outcome = delivery.deliver(email_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in, exc=outcome.error)


@shared_task(ignore_result=True)
def send_outgoing_emails(email_ids):
    """Fan out: one delivery task per row, so that each row retries on its own."""
    for email_id in email_ids:
        send_outgoing_email.delay(email_id)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Hand rows stuck in queued or sending (a broker that was down, a worker killed mid-send) back to the workers."""
    stale = delivery.requeue_stale_emails()
    if stale:
        send_outgoing_emails.delay(stale)
    return len(stale)
