"""The workshop's changes that reach its programme and its registrations: an edit moves the sessions with the
dates and gives added seats to the waitlist, a cancellation writes to every registrant, a copy takes the
programme along. They live here, in the highest app they touch (workshops/services.py has the rest).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activity.models import Action
from activity.services import changes, log_action
from questions.models import Purpose
from questions.services import copy_questionnaire
from sessions.models import ProgrammeSession, Speaker
from workshops.locking import lock_workshop
from workshops.models import OrganiserMembership, Workshop, WorkshopPartner
from workshops.services import EDITABLE_FIELDS, WorkshopError, WorkshopStateError, validate_workshop
from workshops.versions import raise_content_version, raises_versions

from .emails import queue_workshop_cancelled_emails
from .models import Registration
from .selectors import seat_counts
from .services import promote_waitlist


@raises_versions
def update_workshop(*, workshop_id, fields, actor):
    """Change a workshop's details (`fields`: some of EDITABLE_FIELDS; those left out keep their values). The row
    lock keeps the capacity check true while registrations arrive.

    The log keeps each changed field's old and new value; saving an unchanged form logs nothing. The workshop's
    save raises its content version (which names the sessions moved with it); promote_waitlist() raises its
    registrations version if anyone moves up.
    """
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        before = {name: getattr(workshop, name) for name in EDITABLE_FIELDS}
        old_start_date, old_zone = workshop.start_date, workshop.tzinfo
        # A form shows the text columns of the workshop's languages only.
        for name in EDITABLE_FIELDS:
            if name in fields:
                setattr(workshop, name, fields[name])
        validate_workshop(workshop, seats=seat_counts(workshop))
        sessions = programme_moved_with(workshop, old_start_date=old_start_date, old_zone=old_zone)
        workshop.save()
        ProgrammeSession.objects.bulk_update(sessions, ["starts_at", "ends_at"])
        changed = changes(before, {name: getattr(workshop, name) for name in EDITABLE_FIELDS})
        if changed:
            log_action(workshop=workshop, action=Action.WORKSHOP_EDITED, actor=actor, data={"fields": changed})
        # Added seats go to the waitlist first, not to the next newcomer.
        if workshop.status != Workshop.Status.CANCELLED:
            promote_waitlist(workshop=workshop, now=timezone.now(), actor=actor)
    return workshop


def programme_moved_with(workshop, *, old_start_date, old_zone):
    """The sessions, unsaved, moved as the workshop moved: by as many days as its first day, at the
    same wall-clock times in its (possibly new) time zone. Raises WorkshopError when the new dates
    leave sessions outside the workshop's days, so nothing is half-moved."""
    days = (workshop.start_date - old_start_date).days
    moved = bool(days) or workshop.tzinfo != old_zone
    sessions = list(ProgrammeSession.objects.filter(workshop=workshop))
    for session in sessions if moved else []:
        session.starts_at = shift_datetime(session.starts_at, days=days, tzinfo=old_zone, to_tzinfo=workshop.tzinfo)
        session.ends_at = shift_datetime(session.ends_at, days=days, tzinfo=old_zone, to_tzinfo=workshop.tzinfo)
    outside = [session for session in sessions if not session_fits(session, workshop)]
    if outside:
        raise WorkshopError(
            fields={
                "end_date": ngettext(
                    "“%(title)s” would fall outside the new dates; move or delete it in the programme first.",
                    "%(count)s sessions, such as “%(title)s”, would fall outside the new dates; "
                    "move or delete them in the programme first.",
                    len(outside),
                )
                % {"count": len(outside), "title": outside[0].title}
            }
        )
    return sessions if moved else []


def session_fits(session, workshop):
    session.workshop = workshop
    try:
        session.clean()
    except ValidationError:
        return False
    return True


REGISTRATIONS_TOLD_OF_CANCELLATION = (
    Registration.Status.PENDING,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
)


@raises_versions
def cancel_workshop(*, workshop_id, message, actor):
    """Cancel a workshop and write the organisers' message to every registrant into the outbox.

    Registrations keep their statuses as a record of who was expected. Returns (workshop, emails queued).
    """
    if not message.strip():
        raise WorkshopStateError(_("Write a message to the registrants explaining the cancellation."))
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        if workshop.status == Workshop.Status.CANCELLED:
            raise WorkshopStateError(_("This workshop is already cancelled."))
        workshop.status = Workshop.Status.CANCELLED
        workshop.save(update_fields=["status", "updated_at"])
        registrations = Registration.objects.filter(
            workshop=workshop, status__in=REGISTRATIONS_TOLD_OF_CANCELLATION
        ).select_related("participant__user")
        emails = len(queue_workshop_cancelled_emails(workshop=workshop, registrations=registrations, message=message))
        log_action(
            workshop=workshop,
            action=Action.WORKSHOP_CANCELLED,
            actor=actor,
            data={"message": message, "emails": emails},
        )
    return workshop, emails


def shift_datetime(value, *, days, tzinfo, to_tzinfo=None):
    """The same wall-clock time `days` later in the workshop's zone, so 09:00 stays 09:00 across DST
    (and in `to_tzinfo`, when the workshop moves to another zone)."""
    local = value.astimezone(tzinfo)
    moved = datetime.datetime.combine(local.date() + datetime.timedelta(days=days), local.time().replace(tzinfo=None))
    return moved.replace(tzinfo=to_tzinfo or tzinfo)


@raises_versions
def duplicate_workshop(*, workshop_id, titles, slug, start_date, actor):
    """Copy a workshop as a draft starting on `start_date`: details in every language, partners, organisers,
    programme (shifted by the same number of days) and registration questions, never its registrations or
    invitations. `titles` gives the
    copy's title by language column (`{"title_en": ..., "title_fr": ...}`); a column it leaves out keeps the
    original's title."""
    with transaction.atomic():
        source = Workshop.objects.get(pk=workshop_id)
        days = (start_date - source.start_date).days
        tz = source.tzinfo

        def shifted(value):
            return shift_datetime(value, days=days, tzinfo=tz) if value else None

        copy = Workshop(
            **{name: getattr(source, name) for name in EDITABLE_FIELDS},
            reminder_offsets=source.reminder_offsets,
            status=Workshop.Status.DRAFT,
        )
        for name, title in titles.items():
            setattr(copy, name, title)
        copy.slug = slug
        copy.start_date = start_date
        # Both first days are supported dates, so the shift stays far inside the calendar; a copy that ends
        # after 2100 is refused by validate_workshop.
        copy.end_date = source.end_date + datetime.timedelta(days=days)
        copy.registration_opens_at = shifted(source.registration_opens_at)
        copy.registration_closes_at = shifted(source.registration_closes_at)
        copy.nomination_opens_at = shifted(source.nomination_opens_at)
        copy.nomination_closes_at = shifted(source.nomination_closes_at)
        copy.funding_deadline = shifted(source.funding_deadline)
        validate_workshop(copy)
        copy.save()
        WorkshopPartner.objects.bulk_create(
            WorkshopPartner(workshop=copy, organisation_id=p.organisation_id, role=p.role, order=p.order)
            for p in source.partners.all()
        )
        organisers = {m.user_id: m.role for m in source.organiser_memberships.all()}
        organisers[actor.pk] = OrganiserMembership.Role.ORGANISER
        OrganiserMembership.objects.bulk_create(
            OrganiserMembership(workshop=copy, user_id=user_id, role=role) for user_id, role in organisers.items()
        )
        for session in source.sessions.prefetch_related("speakers"):
            speakers = list(session.speakers.all())
            session.pk = None
            session.workshop = copy
            session.starts_at = shifted(session.starts_at)
            session.ends_at = shifted(session.ends_at)
            session.save()
            for speaker in speakers:
                speaker.pk = None
                speaker.session = session
            Speaker.objects.bulk_create(speakers)
        raise_content_version([copy.pk])  # its partners and speakers came by bulk_create
        # The registration questions come too (not their answers, nor archived questions); the surveys are made
        # for each workshop from its own programme.
        for questionnaire in source.questionnaires.filter(purpose=Purpose.REGISTRATION):
            copy_questionnaire(source_id=questionnaire.pk, workshop_id=copy.pk)
        # Logged on the copy, whose history starts here; the original is unchanged.
        log_action(
            workshop=copy,
            action=Action.WORKSHOP_DUPLICATED,
            actor=actor,
            data={"source": {"id": source.pk, "title": source.title, "slug": source.slug}},
        )
    return copy
