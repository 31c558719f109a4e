"""Writing emails to the outbox. Delivery happens in outbox.tasks, after the transaction commits."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .delivery import WITHHELD, own_texts, reissued_secret, rewritten_texts
from .models import OutgoingEmail, SharedBody, current_language, fitted_subject, merged_text
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


class MergedEmail:
    """One email rendered once for many recipients, with marks where each one's own values go.

    A bulk send (an imported list, a reminder sweep) then costs one template render per language instead of
    one per person, and stores its bodies once (a SharedBody) instead of in every row. Templates must print merge
    fields as they are: a filter would act on the mark.
    """

    def __init__(self, *, template, context, language):
        self.subject, self.body_text, self.body_html = render_email(
            template=template, context=context, language=language
        )
        self.shared_body = None

    def row_fields(self, **values):
        """The fields of one recipient's outbox row: those all rows share and the recipient's own."""
        return {**self.shared_fields(), **self.own_fields(**values)}

    def shared_fields(self):
        """The bodies, shared by every recipient's row (written with the first row) and filled with each one's
        values when it is sent."""
        if self.shared_body is None:
            self.shared_body = SharedBody.objects.create(body_text=self.body_text, body_html=self.body_html)
        return {"shared_body": self.shared_body}

    def own_fields(self, **values):
        """The subject filled with `values` (strings) and fitted to its column, and the values themselves."""
        return {"subject": fitted_subject(merged_text(self.subject, values, html=False)), "merge_values": values}


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


def queue_rendered_email(*, template, context, language, **fields):
    """Render templates/emails/<template> in the recipient's language and queue it while that language is active,
    so the row, and what delivery adds at send time, follow it. `fields` are queue_email's (to_email, kind, ...)."""
    with translation.override(language):
        subject, body_text, body_html = render_email(template=template, context=context, language=language)
        return queue_email(subject=subject, body_text=body_text, body_html=body_html, **fields)


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
            .only("pk", "body_text", "body_html", "merge_values", "invitation_id")
            .order_by("pk")
        )
        retried = []
        for email in failed:
            if any(WITHHELD in text for text in own_texts(email)):
                secret = reissued_secret(email, actor=actor, now=now)
                if not secret:
                    continue
                OutgoingEmail.objects.filter(pk=email.pk).update(
                    **rewritten_texts(email, lambda text, secret=secret: text.replace(WITHHELD, secret))
                )
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
