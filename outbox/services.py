"""Writing emails to the outbox. Delivery happens in outbox.tasks, after the transaction commits."""

import typing
from types import MappingProxyType

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.languages import by_language

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

    A bulk send (an imported list, a reminder sweep: queue_bulk_email) then costs one template render per language
    instead of one per person, and stores its bodies once (a SharedBody) instead of in every row. Templates must
    print merge fields as they are: a filter would act on the mark (one that only wraps it, as `bdi` does, keeps it
    whole).
    """

    def __init__(self, *, template, context, language):
        self.subject, self.body_text, self.body_html = render_email(
            template=template, context=context, language=language
        )
        self.shared_body = None

    def shared_fields(self):
        """The bodies, shared by every recipient's row (written with the first row) and filled with each one's
        values when it is sent."""
        if self.shared_body is None:
            self.shared_body = SharedBody.objects.create(body_text=self.body_text, body_html=self.body_html)
        return {"shared_body_id": self.shared_body.pk}

    def own_fields(self, **values):
        """The subject filled with `values` (strings) and fitted to its column, and the values themselves."""
        return {"subject": fitted_subject(merged_text(self.subject, values, html=False)), "merge_values": values}


NOTHING = MappingProxyType({})
# Rows a bulk send writes with one INSERT.
BULK_BATCH_SIZE = 1000


class BulkRecipient(typing.NamedTuple):
    """One recipient of a bulk send (queue_bulk_email)."""

    to_email: str
    # Names the event the email reports: a recipient whose key the outbox holds already is not written again.
    dedup_key: str
    # core.languages.recipient_language's.
    language: str
    # The recipient's values for the merge marks of the templates (strings): name, link…
    values: typing.Mapping = NOTHING
    # The row's other fields of its own, by attribute name: the registration_id or invitation_id it is about.
    fields: typing.Mapping = NOTHING
    # What else than the language its rendering depends on (an invitation's expiry): given to `context` when that
    # is a function; each language and group is rendered once.
    group: typing.Hashable = None


def queue_bulk_email(*, template, context, kind, recipients, shared=NOTHING, batch_size=BULK_BATCH_SIZE):
    """Write templates/emails/<template> to each of `recipients` (BulkRecipients) whose dedup key the outbox does
    not hold yet, and deliver them once the surrounding transaction commits; returns the rows written.

    The recipients are grouped by language (core.languages.by_language) and each language is rendered once, with
    it active, as a MergedEmail: `context` prints merge_mark(field) where each recipient's `values` go (or is a
    function of a recipient's `group` giving that context). The bodies are stored once (SharedBody); each row
    keeps its subject, its values and its `fields`, and every row the fields of `shared` (programme_of).
    """
    recipients = list(recipients)
    # Each key once: those written already and those met before in `recipients` are passed over.
    keys = written_keys(recipient.dedup_key for recipient in recipients)
    fresh = []
    for recipient in recipients:
        if recipient.dedup_key not in keys:
            keys.add(recipient.dedup_key)
            fresh.append(recipient)
    groups = by_language(fresh, lambda recipient: (recipient.language, recipient.group))
    rows = []
    for (language, group), members in groups.items():
        with translation.override(language):
            merged = MergedEmail(
                template=template, context=context(group) if callable(context) else context, language=language
            )
            alike = {**merged.shared_fields(), **shared, "kind": kind, "language": language}
            rows += [
                OutgoingEmail(
                    **alike,
                    **merged.own_fields(**recipient.values),
                    **recipient.fields,
                    to_email=recipient.to_email,
                    dedup_key=recipient.dedup_key,
                )
                for recipient in members
            ]
    emails = OutgoingEmail.objects.bulk_create(rows, batch_size=batch_size)
    deliver_on_commit([email.pk for email in emails])
    return emails


def written_keys(keys):
    """Those of the dedup keys `keys` that the outbox holds already (one query)."""
    return set(OutgoingEmail.objects.filter(dedup_key__in=list(keys)).values_list("dedup_key", flat=True))


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


def hand_off_nothing_on_commit():
    """Hand the workers an empty batch once the transaction commits: the broker's round trip that deliver_on_commit
    costs a request, for one that must take as long as if it had queued an email but sends none (a password reset
    asked for an address without an account, website.forms.ResetPasswordForm). The worker has nothing to do."""
    transaction.on_commit(lambda: hand_off(send_outgoing_emails, []), robust=True)


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
