import base64
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

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


@shared_task(ignore_result=True)
def send_outgoing_email(email_id):
    """Deliver one outbox row. A row that is not queued (already sent, or being sent) is left alone."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.save(update_fields=["status", "attempts", "updated_at"])
    try:
        build_message(email).send()
    except Exception as error:  # any failure of the mail backend is recorded on the row
        logger.warning("Sending email %s failed: %s", email_id, error)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED, last_error=str(error)[:2000], updated_at=timezone.now()
        )
        return
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )
