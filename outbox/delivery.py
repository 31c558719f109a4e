"""Delivering outbox rows: one attempt at sending a row, how long to wait before the next, which failures are
worth retrying, and handing stuck rows back. The Celery tasks in outbox.tasks only decide when these run."""

import base64
import contextlib
import dataclasses
import datetime
import logging
import random
import re
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from activity.models import Action
from activity.services import log_action

from .mime import OutboxMessage, shared_part
from .models import OutgoingEmail, SharedBody

logger = logging.getLogger(__name__)

# Attempts in all, the first one included; a temporary failure on the last one marks the row failed.
MAX_ATTEMPTS = 8
# Backoff: BASE * 2**(attempt-1) seconds, capped, plus up to JITTER of it at random so that a
# crowd of emails failing together does not retry together.
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 900
BACKOFF_JITTER = 0.25
MAX_BACKOFF_SECONDS = BACKOFF_CAP_SECONDS * (1 + BACKOFF_JITTER)
# A row still queued or sending this long after its last change is handed to the workers again.
# It exceeds the longest backoff, so the sweeper never steals a row that is only waiting for its retry.
STALE_AFTER_SECONDS = 1800
# A delivery waits this long for a row another transaction holds, then asks to be run again this much later.
LOCK_WAIT_SECONDS = 2
LOCKED_RETRY = 10
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's lock_not_available


def retry_delay(attempt, rng=random):
    """Seconds to wait after failed attempt number `attempt` (1-based)."""
    delay = min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS)
    return delay + rng.uniform(0, delay * BACKOFF_JITTER)


def visibility_timeout():
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


class PermanentFailure(Exception):
    """Trying again cannot help: the server refused the message or the address for good."""


def smtp_codes(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _message in error.recipients.values()]
    if isinstance(error, smtplib.SMTPResponseException):
        return [error.smtp_code]
    return []


def is_permanent(error):
    """SMTP 5xx replies and addresses that cannot be written are permanent; everything else
    (connection refused or dropped, timeouts, 4xx replies) is worth another attempt."""
    if isinstance(error, (PermanentFailure, ValueError, UnicodeError)):
        return True
    codes = smtp_codes(error)
    return bool(codes) and all(500 <= code < 600 for code in codes)


# Patterns of secrets (such as invitation links) that an email must carry but the outbox should not
# keep: once the message is accepted by the SMTP server they are blanked in the stored row. Apps add
# theirs in AppConfig.ready through forget_after_sending().
SECRET_PATTERNS = []
FORGOTTEN = "[removed after sending]"
# Secrets their app can issue afresh (invitation links, which would otherwise work until the invitation
# expires) are blanked as soon as their email fails too; retrying the email asks the app for a new one
# (outbox.services.retry_failed_emails), which takes the placeholder's place.
REISSUABLE_PATTERNS = []
REISSUERS = []
WITHHELD = "[removed: not delivered]"


def forget_after_sending(pattern, *, reissue=None):
    """Blank `pattern` in a row once it is sent. With `reissue`, blank it when the row fails too: `reissue`
    (email, *, actor, now) then gives a retry of that row a fresh secret, or None if the row is not its
    app's or must stay failed."""
    compiled = re.compile(pattern)
    SECRET_PATTERNS.append(compiled)
    if reissue:
        REISSUABLE_PATTERNS.append(compiled)
        REISSUERS.append(reissue)


def own_texts(email):
    """The texts a row stores for itself alone, where its secrets are: its bodies, or its merge values when its
    bodies are shared (a shared body holds only merge marks where the secrets go)."""
    yield email.body_text
    yield email.body_html
    yield from (value for value in email.merge_values.values() if isinstance(value, str))


def rewritten_texts(email, rewrite):
    """The row's own texts (bodies, merge values) that `rewrite` changes, as fields to update; none if nothing did."""
    fields = {}
    for field in ("body_text", "body_html"):
        text = getattr(email, field)
        if (rewritten := rewrite(text)) != text:
            fields[field] = rewritten
    values = {field: rewrite(value) if isinstance(value, str) else value for field, value in email.merge_values.items()}
    if values != email.merge_values:
        fields["merge_values"] = values
    return fields


def blanked_bodies(email, patterns=SECRET_PATTERNS, placeholder=FORGOTTEN):
    """The texts of `email` that carry a secret, with it blanked: fields to update, none if nothing changed."""

    def blanked(text):
        for pattern in patterns:
            text = pattern.sub(placeholder, text)
        return text

    return rewritten_texts(email, blanked)


def reissued_secret(email, *, actor, now):
    """A fresh secret for a failed row whose secret was withheld, from the first app that gives one; else None."""
    return next((secret for reissue in REISSUERS if (secret := reissue(email, actor=actor, now=now))), None)


# Where the programme attached to an email comes from: the programme app plugs in a function of a workshop's id
# that returns (filename, content, mimetype) in the active language, or None when the workshop has no programme.
PROGRAMME_MAKERS = []


def make_programmes_with(make):
    PROGRAMME_MAKERS[:] = [make]


class Programmes:
    """The programmes attached to the emails of one delivery run, each made once per workshop and language, as the
    shared part (shared_part) that every message about that workshop in that language carries."""

    def __init__(self):
        self.made = {}

    def part(self, email):
        key = (email.programme_of_id, email.language)
        if key not in self.made:
            (make,) = PROGRAMME_MAKERS
            with translation.override(email.language):
                programme = make(email.programme_of_id)
            self.made[key] = programme and shared_part(*programme)
        return self.made[key]


def build_message(email, programmes):
    message = OutboxMessage(
        subject=email.subject,
        body=email.filled_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        headers={"Message-ID": email.message_id},
    )
    if html := email.filled_html:
        message.attach_alternative(html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    if email.programme_of_id and (programme := programmes.part(email)):
        message.attach(programme)
    return message


class RowLocked(Exception):
    """Another transaction held the row longer than a delivery waits for it."""


# Rows claimed together in one transaction (each is marked sent on its own, the moment the server accepts its message):
# a worker killed mid-batch leaves at most this many in `sending` for the sweeper, all but one of them never sent, and a
# claim holds their locks only for the moment it takes to mark them.
CLAIM_BATCH_SIZE = 50


def claim(email_ids):
    """Move the queued rows among `email_ids` to `sending` and return them; rows sent, being sent, failed or gone are
    left out.

    Simultaneous deliveries of one row (a redelivered message, a sweep) wait for each other's claim, which commits at
    once, and then see the row taken instead of sending it a second time: PostgreSQL checks `status` again on the row
    it waited for. A row held longer (an admin's transaction, say) raises RowLocked after LOCK_WAIT_SECONDS.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS * 1000:.0f}ms'")
            emails = list(
                OutgoingEmail.objects.select_for_update()
                .filter(pk__in=email_ids, status=OutgoingEmail.Status.QUEUED)
                .prefetch_related("shared_body")
                .order_by("pk")
            )
            OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).update(
                status=OutgoingEmail.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
            )
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise RowLocked from error
        raise
    for email in emails:
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
    return emails


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a delivery did with a row.

    `status` is the row's status afterwards (sent, queued or failed), or None when the row was not the delivery's to
    send (sent, being sent, failed or gone; or locked, and then `retry_in` is set). A failure carries its `error`; a
    temporary one leaves the row queued and sets `retry_in`, the seconds to wait before the next attempt.
    """

    status: OutgoingEmail.Status | None
    error: Exception | None = None
    retry_in: float | None = None


@contextlib.contextmanager
def commits_unflushed():
    """For the length of a delivery run, the commits of the database connection do not wait for PostgreSQL to flush
    them to disk (synchronous_commit off); afterwards they wait again.

    Waiting for the flush of each row's mark cost more than sending its message. A commit not flushed yet is seen by
    every other transaction at once and outlives the worker; only a crash of the database server itself loses the
    commits of its last moments (at most three times wal_writer_delay: 0.6 s by default), and then the rows they
    changed are back in `queued` or `sending` for the sweeper, which sends them again with their Message-IDs.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    try:
        yield
    finally:
        # A connection that broke is thrown away, and a SET inside a transaction that failed is undone with it.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def deliver(email_id):
    """Make one attempt at sending a queued row and record how it went; returns an Outcome."""
    return deliver_all([email_id]).get(email_id, Outcome(status=None))


@commits_unflushed()
def deliver_all(email_ids):
    """Make one attempt at sending each queued row of `email_ids`, over one SMTP connection; returns {id: Outcome}
    for the rows it claimed or found locked (the others were not its to send).

    Rows are claimed CLAIM_BATCH_SIZE at a time, and each is marked sent as soon as the server accepted its own
    message (mark_sent: one short UPDATE, committed at once, without waiting for the disk: commits_unflushed), so a
    failure later in the run never undoes or repeats it.
    A worker killed at the worst moment (the server has accepted a message, the worker has not marked it) leaves that
    one row in `sending`, beside the batch's rows it never sent; the sweeper hands them back after
    STALE_AFTER_SECONDS, and that one message goes again with its Message-ID, so mail clients show it once.

    A server that refuses one message (a reply code) costs only that row; a connection that breaks or cannot be made
    fails the rest of the run with the same error, without waiting on the server again. Rows failing alike wait
    alike: one retry delay per attempt number.
    """
    outcomes = {}
    programmes = Programmes()
    delays = {}
    backend = get_connection()
    broken = None
    try:
        for start in range(0, len(email_ids), CLAIM_BATCH_SIZE):
            batch = email_ids[start : start + CLAIM_BATCH_SIZE]
            try:
                emails = claim(batch)
            except RowLocked as error:
                logger.info(
                    "Emails %s are locked by another transaction; delivery retries in %s s.", batch, LOCKED_RETRY
                )
                outcomes.update(
                    (email_id, Outcome(status=None, error=error, retry_in=LOCKED_RETRY)) for email_id in batch
                )
                continue
            for email in emails:
                error = broken or send(backend, email, programmes)
                if error is None:
                    mark_sent(email)
                    outcomes[email.pk] = Outcome(status=OutgoingEmail.Status.SENT)
                    continue
                if not (broken or answered(error)):
                    broken = error
                outcomes[email.pk] = record_failure(email, error, delays)
    finally:
        close_quietly(backend)
    return outcomes


def send(backend, email, programmes):
    """Send one row's message on the open connection (opening it if needed); returns the error, None once accepted."""
    try:
        message = build_message(email, programmes)
    except Exception as error:  # a message that cannot be made (its workshop just deleted, say) is this row's alone
        logger.warning("Email %s (attempt %s) could not be made: %s", email.pk, email.attempts, error)
        return MessageNotMade(error)
    try:
        backend.open()
        backend.send_messages([message])
    except Exception as error:  # every failure of the mail backend is recorded on the row
        logger.warning("Sending email %s (attempt %s) failed: %s", email.pk, email.attempts, error)
        # Whatever the server answered, the next message starts on a fresh connection.
        close_quietly(backend)
        return error
    return None


class MessageNotMade(Exception):
    """Building a row's message failed before the mail server was reached; worth another attempt."""


def answered(error):
    """Whether `error` is about this message alone (the server replied, or the message cannot be made or written),
    so the next one may still go through; otherwise the connection itself failed."""
    return bool(smtp_codes(error)) or isinstance(error, (MessageNotMade, PermanentFailure, ValueError, UnicodeError))


def close_quietly(backend):
    with contextlib.suppress(Exception):  # a connection that broke cannot say goodbye
        backend.close()


def record_failure(email, error, delays):
    if is_permanent(error) or email.attempts >= MAX_ATTEMPTS:
        mark_failed(email, error)
        return Outcome(status=OutgoingEmail.Status.FAILED, error=error)
    mark_queued_again(email, error)
    retry_in = delays.setdefault(email.attempts, retry_delay(email.attempts))
    return Outcome(status=OutgoingEmail.Status.QUEUED, error=error, retry_in=retry_in)


def error_text(error):
    return f"{type(error).__name__}: {error}"[:2000]


def mark_sent(email):
    """Mark a row sent, its secrets blanked, the moment the server accepted its message: one short UPDATE of that row
    alone, committed at once. A worker killed after it never sends the row again; one killed before it sends again
    this row only.
    """
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT, sent_at=now, last_error="", updated_at=now, **blanked_bodies(email)
    )


def mark_queued_again(email, error):
    """A temporary failure: the row waits, queued, for the attempt its caller schedules."""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.QUEUED, last_error=error_text(error), updated_at=timezone.now()
    )


def mark_failed(email, error):
    """Give up on a row for good: the one place where delivery ends a row as failed.

    An email about a workshop (a registration's, an invitation's) also goes to that workshop's activity
    log, by the system, so its organisers see who did not hear from them and why. A secret its app can
    issue afresh is blanked: a retry asks for a new one, so the stored row holds no working link.
    """
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.FAILED,
            last_error=error_text(error),
            updated_at=timezone.now(),
            **blanked_bodies(email, REISSUABLE_PATTERNS, WITHHELD),
        )
        workshop_ids = OutgoingEmail.objects.filter(pk=email.pk).values_list(
            "registration__workshop_id", "invitation__workshop_id"
        )
        workshop_id = next((found for found in workshop_ids.get() if found), None)
        if workshop_id:
            log_action(
                workshop=workshop_id,
                action=Action.EMAIL_FAILED,
                obj=email,
                data={"subject": email.subject, "kind": email.kind, "error": error_text(error)[:300]},
            )


STUCK_STATUSES = (OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING)


def requeue_stale_emails(*, older_than=datetime.timedelta(seconds=STALE_AFTER_SECONDS), now=None, limit=1000):
    """Queue again the rows left queued or sending for longer than `older_than`; returns their ids,
    for the caller to hand to the workers once this has committed.

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
    return stale


def prune_sent_emails(*, now=None, batch_size=1000):
    """Remove the bodies, merge values and attachments of the emails sent more than OUTBOX_RETENTION_DAYS ago;
    returns how many. Shared bodies no row points at any more go too.

    The row stays, with its recipient, subject, status and dedup key: the event it reported is never mailed again,
    and the admin still shows what was sent to whom and when. Each batch is its own transaction, so a large backlog
    never holds many rows at once.
    """
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT,
        sent_at__lt=now - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS),
        pruned_at__isnull=True,
    )
    pruned = 0
    while batch := list(due.values_list("pk", flat=True)[:batch_size]):
        pruned += OutgoingEmail.objects.filter(pk__in=batch).update(
            body_text="", body_html="", shared_body=None, merge_values={}, attachments=[], pruned_at=now
        )
    # A body being shared by a send still in its transaction is invisible here until its rows are too.
    SharedBody.objects.filter(emails__isnull=True).delete()
    return pruned
