"""Writing emails to the outbox. Delivery happens in outbox.tasks, after the transaction commits."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import delivery
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
        deliver_on_commit([email.pk])
    return email


def deliver_on_commit(email_ids):
    """Hand rows to the workers once the transaction commits.

    If the broker is unreachable the error is logged and the rows stay queued: the caller's work
    is already committed, and the sweeper delivers them when the broker is back.
    """
    from .tasks import send_outgoing_email

    for email_id in email_ids:
        transaction.on_commit(lambda email_id=email_id: send_outgoing_email.delay(email_id), robust=True)


STUCK_STATUSES = (OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING)


def requeue_stale_emails(*, older_than=datetime.timedelta(seconds=delivery.STALE_AFTER_SECONDS), now=None, limit=1000):
    """Queue again the rows left queued or sending for longer than `older_than`; returns how many.

    Rows another sweep holds are skipped, so two sweeps at once never hand out the same row twice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(status__in=STUCK_STATUSES, updated_at__lt=now - older_than)
            .order_by("updated_at")
            .values_list("pk", flat=True)[:limit]
        )
        OutgoingEmail.objects.filter(pk__in=stale).update(status=OutgoingEmail.Status.QUEUED, updated_at=now)
        deliver_on_commit(stale)
    return len(stale)


def retry_failed_emails(*, emails):
    """Give failed rows of `emails` (a queryset) a fresh set of attempts; returns how many."""
    with transaction.atomic():
        failed = list(
            emails.select_for_update().filter(status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=failed).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, updated_at=timezone.now()
        )
        deliver_on_commit(failed)
    return len(failed)


def outbox_summary():
    """Counts by status and the oldest row still waiting, for the status command and the console."""
    counts = dict.fromkeys(OutgoingEmail.Status.values, 0)
    counts.update(OutgoingEmail.objects.values_list("status").annotate(n=Count("pk")).order_by())
    oldest_queued = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).aggregate(Min("created_at"))
    return counts, oldest_queued["created_at__min"]
