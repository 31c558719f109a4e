"""Writing emails to the outbox. Delivery happens in outbox.tasks, after the transaction commits."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from .delivery import WITHHELD, reissued_secret
from .models import OutgoingEmail, current_language, fitted_subject
from .tasks import hand_off, send_outgoing_email, send_outgoing_emails


def render_email(*, template, context, language):
    """Render templates/emails/<template>.{subject,txt,html} in `language` (core.languages.recipient_language's).

    Returns (subject, text body, HTML body); the subject is one line whatever the template's whitespace. The
    subject and text templates turn autoescaping off (plain text); the HTML one escapes.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}.subject", context).split())
        body_text = render_to_string(f"emails/{template}.txt", context)
        body_html = render_to_string(f"emails/{template}.html", context)
    return subject, body_text, body_html


def merge_mark(field):
    return f"[[merge:{field}]]"


class MergedEmail:
    """One email rendered once for many recipients, with marks where each one's own values go.

    A bulk send (an imported list, a reminder sweep) then costs one template render per language instead of
    one per person. Templates must print merge fields as they are: a filter would act on the mark.
    """

    def __init__(self, *, template, context, language):
        self.subject, self.body_text, self.body_html = render_email(
            template=template, context=context, language=language
        )

    def fill(self, **values):
        """(subject, text, HTML) for one recipient; values are escaped in the HTML body, the subject fits its column."""

        def merged(text, html):
            for field, value in values.items():
                text = text.replace(merge_mark(field), escape(value) if html else value)
            return text

        return fitted_subject(merged(self.subject, False)), merged(self.body_text, False), merged(self.body_html, True)


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
    programme_of=None,
    language=None,
):
    """Write one email to the outbox and deliver it once the surrounding transaction commits.

    The dedup key names the event the email reports; queueing the same event again returns the
    row already written instead of a second email. A subject too long for its column is shortened.
    `attachments` are files made for this recipient; `programme_of` (a workshop) attaches its programme,
    made when the email is sent, in `language` (by default the active one, which the bodies were rendered in).
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                email = OutgoingEmail.objects.create(
                    to_email=to_email,
                    subject=fitted_subject(subject),
                    body_text=body_text,
                    body_html=body_html,
                    kind=kind,
                    registration=registration,
                    invitation=invitation,
                    attachments=list(attachments),
                    programme_of=programme_of,
                    language=language or current_language(),
                    dedup_key=dedup_key,
                )
        except IntegrityError:
            return OutgoingEmail.objects.get(dedup_key=dedup_key)
        deliver_on_commit([email.pk])
    return email


def deliver_on_commit(email_ids):
    """Hand rows to the workers once the transaction commits.

    Many rows go as one fan-out message that a worker splits, so that a request writing thousands
    of emails publishes once. If the broker is unreachable or silent, the hand-off gives up within about
    a second (outbox.tasks.hand_off), the error is logged and the rows stay queued: the caller's work is
    committed, and the sweeper delivers them when the broker is back.
    """
    email_ids = list(email_ids)
    if len(email_ids) == 1:
        transaction.on_commit(lambda: hand_off(send_outgoing_email, email_ids[0]), robust=True)
    elif email_ids:
        transaction.on_commit(lambda: hand_off(send_outgoing_emails, email_ids), robust=True)


def retry_failed_emails(*, emails, actor=None, now=None):
    """Give failed rows of `emails` (a queryset) a fresh set of attempts; returns how many were queued again.

    A row whose secret was withheld when it failed (an invitation link) gets a new one from its app, which
    logs it; a row that cannot have one (its invitation was answered, revoked or has expired) stays failed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked by primary key: `emails` may join other tables, which FOR UPDATE cannot always lock.
        failed = (
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=emails.filter(status=OutgoingEmail.Status.FAILED).values("pk"))
            .only("pk", "body_text", "body_html", "invitation_id")
            .order_by("pk")
        )
        retried = []
        for email in failed:
            if WITHHELD in email.body_text:
                secret = reissued_secret(email, actor=actor, now=now)
                if not secret:
                    continue
                email.body_text = email.body_text.replace(WITHHELD, secret)
                rewritten = ["body_text"]
                if WITHHELD in email.body_html:
                    email.body_html = email.body_html.replace(WITHHELD, secret)
                    rewritten.append("body_html")
                email.save(update_fields=rewritten)
            retried.append(email.pk)
        OutgoingEmail.objects.filter(pk__in=retried).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, updated_at=now
        )
        deliver_on_commit(retried)
    return len(retried)


def outbox_summary():
    """Counts by status and the oldest row still waiting, for the status command and the console."""
    counts = dict.fromkeys(OutgoingEmail.Status.values, 0)
    counts.update(OutgoingEmail.objects.values_list("status").annotate(n=Count("pk")).order_by())
    oldest_queued = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).aggregate(Min("created_at"))
    return counts, oldest_queued["created_at__min"]
