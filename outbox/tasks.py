"""Celery's side of the outbox: which delivery runs when. What an attempt does is in outbox.delivery."""

import collections

from celery import current_app, shared_task

from . import delivery

# Seconds the web process may wait on the broker when it hands rows over after a commit. A broker that
# is down or stalled then costs a request this much at most; the rows stay queued for the sweeper.
HAND_OFF_TIMEOUT = 1.0


def hand_off(task, *args):
    """Publish `task` once, on a connection of its own with short timeouts and no retries.

    Celery's defaults suit workers (wait and retry until the broker answers), not a request: a
    silent broker would hold it until the web server kills it. Raises when the broker does not answer.
    """
    app = current_app
    if app.conf.task_always_eager:
        task.delay(*args)
        return
    options = {
        **app.conf.broker_transport_options,
        "socket_timeout": HAND_OFF_TIMEOUT,
        "socket_connect_timeout": HAND_OFF_TIMEOUT,
        "max_retries": 0,
    }
    with app.connection_for_write(connect_timeout=HAND_OFF_TIMEOUT, transport_options=options) as connection:
        task.apply_async(args, connection=connection, retry=False)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_outgoing_email(self, email_id):
    """Deliver one outbox row: temporary failures retry with backoff, permanent ones end as failed."""
    outcome = delivery.deliver(email_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in, exc=outcome.error)


@shared_task(ignore_result=True)
def send_outgoing_emails(email_ids):
    """Deliver many rows over one SMTP connection; those to try again are handed back as one later task per delay."""
    retries = collections.defaultdict(list)
    for email_id, outcome in delivery.deliver_all(email_ids).items():
        if outcome.retry_in is not None:
            retries[outcome.retry_in].append(email_id)
    for retry_in, retried_ids in retries.items():
        send_outgoing_emails.apply_async((retried_ids,), countdown=retry_in)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Hand rows stuck in queued or sending (a broker that was down, a worker killed mid-send) back to the workers."""
    stale = delivery.requeue_stale_emails()
    if stale:
        send_outgoing_emails.delay(stale)
    return len(stale)


@shared_task(ignore_result=True)
def prune_sent_emails():
    """Remove the content of emails sent longer ago than the retention period (the rows stay)."""
    return delivery.prune_sent_emails()
