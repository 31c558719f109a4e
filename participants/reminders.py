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
from django.utils import timezone, translation

from activity.models import Action
from activity.services import log_action
from core.bulk import insert_alike
from core.languages import recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import MergedEmail, deliver_on_commit
from sessions.selectors import programme_by_day, programme_sessions
from workshops.locking import lock_workshop
from workshops.models import Workshop

from .emails import by_language
from .invitations import rotate_and_write, unanswered_invitations
from .models import Invitation, Registration

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
        wanted = [(registration_key(r.pk, occasion), r, occasion) for r in registrations for occasion in occasions]
        wanted += [(invitation_key(i.pk, occasion), i, occasion) for i in invitations for occasion in occasions]
        written = set(
            OutgoingEmail.objects.filter(dedup_key__in=[key for key, _target, _occasion in wanted]).values_list(
                "dedup_key", flat=True
            )
        )
        missing = [(key, target) for key, target, _occasion in wanted if key not in written]
        if not missing:
            return 0
        sessions = programme_sessions(workshop)
        context = {
            "workshop": workshop,
            "programme": programme_by_day(workshop, sessions),
            "site_url": settings.SITE_URL,
        }
        programme_of = workshop if sessions else None
        # One render per language (core.languages.recipient_language of each person; a recipient tuple carries the
        # account's language as a user would).
        groups = by_language(
            [(key, target) for key, target in missing if isinstance(target, ConfirmedRecipient)],
            lambda pair: recipient_language(user=pair[1], workshop=workshop),
        )
        email_ids = []
        for language, pairs in groups.items():
            with translation.override(language):
                merged = MergedEmail(
                    template="reminder",
                    context={**context, "participant": {"full_name": merge_mark("name")}},
                    language=language,
                )
                email_ids += insert_alike(
                    OutgoingEmail,
                    alike={**merged.shared_fields(), "kind": OutgoingEmail.Kind.REMINDER, "programme_of": programme_of},
                    varying=REMINDER_ROW_FIELDS,
                    rows=[reminder_values(recipient, key, merged) for key, recipient in pairs],
                )
        keys_by_invitation = {target.pk: key for key, target in missing if isinstance(target, Invitation)}
        for invitation in invitations:
            invitation.workshop = workshop
        email_ids += [
            email.pk
            for email in rotate_and_write(
                [invitation for invitation in invitations if invitation.pk in keys_by_invitation],
                dedup_key=lambda invitation: keys_by_invitation[invitation.pk],
                now=now,
                kind=OutgoingEmail.Kind.REMINDER,
                template="reminder",
                extra_context=context,
                programme_of=programme_of,
            )
        ]
        deliver_on_commit(email_ids)
        log_action(
            workshop=workshop,
            action=Action.REMINDERS_QUEUED,
            actor=actor,
            data={"count": len(email_ids), "days_before": [int(o) for o in occasions if o.isdigit()]},
            at=now,
        )
    return len(email_ids)


class ConfirmedRecipient(typing.NamedTuple):
    """What a reminder needs of a confirmed registration."""

    pk: int
    full_name: str
    email: str
    language: str


# What differs from one confirmed registrant's reminder to another's (reminder_values), the rest being alike.
REMINDER_ROW_FIELDS = ("to_email", "subject", "merge_values", "registration_id", "dedup_key")


def reminder_values(registration, dedup_key, merged):
    own = merged.own_fields(name=registration.full_name)
    return (registration.email, own["subject"], own["merge_values"], registration.pk, dedup_key)
