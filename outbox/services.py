"""Writing emails to the outbox. Delivery happens in outbox.tasks, after the transaction commits."""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutgoingEmail


def render_email(*, template, context, language=None):
    """Render templates/emails/<template>.{subject,txt,html} in the given language.

    Returns (subject, text body, HTML body); the subject is one line whatever the template's whitespace.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}.subject", context).split())
        body_text = render_to_string(f"emails/{template}.txt", context)
        body_html = render_to_string(f"emails/{template}.html", context)
    return subject, body_text, body_html


def queue_email(
    *,
    to_email,
    subject,
    body_text,
    dedup_key,
    kind=OutgoingEmail.Kind.OTHER,
    body_html="",
    registration=None,
    invitation=None,
    attachments=(),
):
    """Write one email to the outbox and deliver it once the surrounding transaction commits.

    The dedup key names the event the email reports; queueing the same event again returns the
    row already written instead of a second email.
    """
    from .tasks import send_outgoing_email

    with transaction.atomic():
        try:
            with transaction.atomic():
                email = OutgoingEmail.objects.create(
                    to_email=to_email,
                    subject=subject,
                    body_text=body_text,
                    body_html=body_html,
                    kind=kind,
                    registration=registration,
                    invitation=invitation,
                    attachments=list(attachments),
                    dedup_key=dedup_key,
                )
        except IntegrityError:
            return OutgoingEmail.objects.get(dedup_key=dedup_key)
        email_id = email.pk
        transaction.on_commit(lambda: send_outgoing_email.delay(email_id))
    return email
