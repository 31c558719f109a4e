import base64
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from . import delivery
from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def build_message(email):
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to_email]
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message


def claim(email_id):
    """Move a queued row to `sending` and return it; None if it is sent, being sent, failed or gone.

    The row lock with SKIP LOCKED makes simultaneous deliveries of one row (a redelivered
    message, a sweep) see it as taken instead of waiting and sending it a second time.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return None
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.save(update_fields=["status", "attempts", "updated_at"])
    return email


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_outgoing_email(self, email_id):
    """Deliver one outbox row: temporary failures retry with backoff, permanent ones end as failed."""
    email = claim(email_id)
    if email is None:
        return
    try:
        build_message(email).send()
    except Exception as error:  # every failure of the mail backend is recorded on the row
        give_up = delivery.is_permanent(error) or email.attempts >= delivery.MAX_ATTEMPTS
        logger.warning("Sending email %s (attempt %s) failed: %s", email_id, email.attempts, error)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED if give_up else OutgoingEmail.Status.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            updated_at=timezone.now(),
        )
        if not give_up:
            raise self.retry(countdown=delivery.retry_delay(email.attempts), exc=error) from error
        return
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
        body_text=delivery.without_secrets(email.body_text),
        body_html=delivery.without_secrets(email.body_html),
    )


@shared_task(ignore_result=True)
def send_outgoing_emails(email_ids):
    """Fan out: one delivery task per row, so that each row retries on its own."""
    for email_id in email_ids:
        send_outgoing_email.delay(email_id)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Hand rows stuck in queued or sending (a broker that was down, a worker killed mid-send) back to the workers."""
    from .services import requeue_stale_emails

    requeue_stale_emails()
