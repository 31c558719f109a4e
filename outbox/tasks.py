"""Celery's side of the outbox: which delivery runs when. What an attempt does is in outbox.delivery."""

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
