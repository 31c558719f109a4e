"""Reminders before a workshop: at 09:00 workshop-local time, `offset` days before the first day.

Due moments are computed at every sweep from the workshop as it is then, so a workshop that moves
takes its unsent reminders with it. The outbox's unique dedup key holds "at most once per
(registration or invitation, offset)"; the workshop row lock makes a second sweep running at the
same moment wait and then find the reminders written.
"""

import datetime
import logging
import typing

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activity.models import Action
from activity.services import log_action
from core.languages import recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email, written_keys
from sessions.selectors import programme_by_day, programme_sessions
from workshops.locking import lock_workshop
from workshops.models import Workshop

from .invitations import unanswered_invitations, write_with_links
from .models import Registration

logger = logging.getLogger(__name__)

REMINDER_TIME = datetime.time(9, 0)
# A reminder whose moment passed longer ago than this (the beat was down, the workshop was moved
# into the past) is not sent at all: a late reminder confuses more than it helps.
GRACE = datetime.timedelta(days=1)


def reminder_due_at(workshop, offset):
    day = workshop.start_date - datetime.timedelta(days=offset)
    return datetime.datetime.combine(day, REMINDER_TIME, tzinfo=workshop.tzinfo)


def due_offsets(workshop, now):
    return [
        offset
        for offset in workshop.reminder_offsets
        if reminder_due_at(workshop, offset) <= now < reminder_due_at(workshop, offset) + GRACE
    ]


def registration_key(registration_id, occasion):
    return f"reminder:registration:{registration_id}:{occasion}"


def invitation_key(invitation_id, occasion):
    return f"reminder:invitation:{invitation_id}:{occasion}"


def sweep_reminders(*, now=None):
    """Write every reminder that is due and not yet written; returns how many emails were queued.

    Each workshop is its own transaction: one that fails (a row the code cannot handle) is logged and
    the sweep goes on, so one bad workshop never costs the others their reminders.
    """
    now = now or timezone.now()
    today = now.date()
    # Only workshops that could have a reminder due: a day of slack either side for time zones.
    candidates = Workshop.objects.published().filter(
        start_date__gte=today - datetime.timedelta(days=1), start_date__lte=today + datetime.timedelta(days=367)
    )
    queued = 0
    for workshop in candidates.only("pk", "start_date", "time_zone", "reminder_offsets"):
        try:
            offsets = due_offsets(workshop, now)
            if offsets:
                occasions = [str(offset) for offset in offsets]
                queued += write_reminders(workshop_id=workshop.pk, occasions=occasions, now=now)
        except Exception:
            logger.exception("Reminder sweep: workshop %s failed and was skipped; the others go on.", workshop.pk)
    return queued


def send_reminders_now(*, workshop_id, actor, now=None):
    """The console's "send a reminder now": one more reminder to everyone, whatever the schedule."""
    now = now or timezone.now()
    return write_reminders(workshop_id=workshop_id, occasions=[f"now-{now.timestamp():.0f}"], now=now, actor=actor)


def write_reminders(*, workshop_id, occasions, now, actor=None):
    """Queue the reminders of `occasions` (offsets or one-off labels) that are not written yet.

    `actor` is the organiser who asked for them, None for the scheduled sweep.
    """
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        if workshop.status != Workshop.Status.PUBLISHED:
            return 0
        # Tuples, not model instances: building ten thousand registrations, participants and users cost more than
        # writing their reminders.
        registrations = [
            ConfirmedRecipient(*values)
            for values in Registration.objects.filter(workshop=workshop, status=Registration.Status.CONFIRMED)
            .order_by("pk")
            .values_list("pk", "participant__full_name", "participant__user__email", "participant__user__language")
        ]
        invitations = list(unanswered_invitations(workshop, now).select_for_update())
        # An invitation's reminder carries its link: only those not reminded of this occasion yet get one.
        wanted = [(invitation_key(i.pk, occasion), i) for i in invitations for occasion in occasions]
        written = written_keys(key for key, _invitation in wanted)
        keys_by_invitation = {invitation.pk: key for key, invitation in wanted if key not in written}
        sessions = programme_sessions(workshop)
        context = {
            "workshop": workshop,
            "programme": programme_by_day(workshop, sessions),
            "site_url": settings.SITE_URL,
        }
        programme_of = workshop if sessions else None
        emails = queue_bulk_email(
            template="reminder",
            context={**context, "participant": {"full_name": merge_mark("name")}},
            kind=OutgoingEmail.Kind.REMINDER,
            shared={"programme_of_id": workshop.pk if sessions else None},
            recipients=[
                BulkRecipient(
                    to_email=registration.email,
                    dedup_key=registration_key(registration.pk, occasion),
                    # The tuple carries the account's language as a user would.
                    language=recipient_language(user=registration, workshop=workshop),
                    values={"name": registration.full_name},
                    fields={"registration_id": registration.pk},
                )
                for registration in registrations
                for occasion in occasions
            ],
        )
        for invitation in invitations:
            invitation.workshop = workshop
        emails += write_with_links(
            [invitation for invitation in invitations if invitation.pk in keys_by_invitation],
            dedup_key=lambda invitation: keys_by_invitation[invitation.pk],
            now=now,
            kind=OutgoingEmail.Kind.REMINDER,
            template="reminder",
            extra_context=context,
            programme_of=programme_of,
        )
        if not emails:
            return 0
        log_action(
            workshop=workshop,
            action=Action.REMINDERS_QUEUED,
            actor=actor,
            data={"count": len(emails), "days_before": [int(o) for o in occasions if o.isdigit()]},
            at=now,
        )
    return len(emails)


class ConfirmedRecipient(typing.NamedTuple):
    """What a reminder needs of a confirmed registration."""

    pk: int
    full_name: str
    email: str
    language: str
