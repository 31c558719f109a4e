"""Programme operations of the organiser console: sessions and their speakers.

Every operation that places a session in time locks the workshop row first, so two organisers
editing the programme at once cannot both put a session into the same free room. Every change
writes its activity-log entry in the same transaction; `actor` is the user who asked.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Upper
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import changes, log_action
from core.errors import DomainError
from core.languages import column, language_codes, shown_text
from workshops.locking import lock_workshop
from workshops.versions import raise_content_version, raises_versions

from .models import ProgrammeSession, Speaker

# The text people read in their own language: one column per language (sessions/translation.py).
TRANSLATED_FIELDS = ("title", "description", "room")
SESSION_FIELDS = (
    *(column(name, language) for name in TRANSLATED_FIELDS for language in language_codes()),
    "kind",
    "starts_at",
    "ends_at",
    "topics",
    "takes_attendance",
)
SPEAKER_FIELDS = ("participant", "name", "organisation", "role")


class ProgrammeError(DomainError):
    """A programme rule refused the operation; `message_dict` names the fields it is about, if any."""


def full_clean(instance):
    """The model's own validation (Model.full_clean), its refusal a ProgrammeError naming the fields."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ProgrammeError(fields=error.message_dict) from error


def room_clash(session):
    """Another session of the workshop in the same room at an overlapping time, or None."""
    if not session.room.strip():
        return None
    return (
        # The room as each session shows it in the active language (a room named only in English is the same
        # room on a French page).
        ProgrammeSession.objects.alias(shown_room=Upper(shown_text("room")))
        .filter(
            workshop_id=session.workshop_id,
            shown_room=session.room.strip().upper(),
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .order_by("starts_at")
        .first()
    )


def validate_session(session):
    full_clean(session)
    clash = room_clash(session)
    if clash:
        tz = session.workshop.tzinfo
        raise ProgrammeError(
            fields={
                "room": _("%(room)s is already taken by “%(other)s” (%(start)s–%(end)s, %(zone)s).")
                % {
                    "room": clash.room,
                    "other": clash.title,
                    "start": date_format(clash.starts_at.astimezone(tz), "D j N H:i"),
                    "end": date_format(clash.ends_at.astimezone(tz), "H:i"),
                    "zone": session.workshop.time_zone,
                }
            }
        )


def session_times(session):
    return {"starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat()}


@raises_versions
def create_session(*, workshop_id, fields, actor):
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        # A form shows the text columns of the workshop's languages only: the others take the model's defaults.
        session = ProgrammeSession(
            workshop=workshop, **{name: fields[name] for name in SESSION_FIELDS if name in fields}
        )
        validate_session(session)
        session.save()
        log_action(
            workshop=workshop, action=Action.SESSION_ADDED, obj=session, actor=actor, data=session_times(session)
        )
    return session


@raises_versions
def update_session(*, workshop_id, session_id, fields, actor):
    """Change a session (`fields`: some of SESSION_FIELDS; those left out keep their values, as the text columns of
    a language the workshop does not offer); the log keeps each changed field's old and new value (nothing when
    nothing changed)."""
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        session = ProgrammeSession.objects.get(workshop=workshop, pk=session_id)
        session.workshop = workshop
        before = {name: getattr(session, name) for name in SESSION_FIELDS}
        for name in SESSION_FIELDS:
            if name in fields:
                setattr(session, name, fields[name])
        validate_session(session)
        session.save()
        changed = changes(before, {name: getattr(session, name) for name in SESSION_FIELDS})
        if changed:
            log_action(
                workshop=workshop, action=Action.SESSION_EDITED, obj=session, actor=actor, data={"fields": changed}
            )
    return session


@raises_versions
def delete_session(*, workshop_id, session_id, actor):
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        session = ProgrammeSession.objects.get(workshop=workshop, pk=session_id)
        log_action(
            workshop=workshop, action=Action.SESSION_DELETED, obj=session, actor=actor, data=session_times(session)
        )
        session.delete()


@raises_versions
def move_session(*, workshop_id, session_id, earlier, actor):
    """Swap a session with its neighbour on the same day, each keeping its own length.

    The pair keeps the span it occupied and the gap between them: the one moving first starts
    when the first of them started, the other ends when the second of them ended. Sessions
    running at the same time (parallel rooms) have no order to swap.
    """
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        session = ProgrammeSession.objects.get(workshop=workshop, pk=session_id)
        day = session.starts_at.astimezone(workshop.tzinfo).date()
        same_day = [
            s
            for s in ProgrammeSession.objects.filter(workshop=workshop).order_by("starts_at", "room", "pk")
            if s.starts_at.astimezone(workshop.tzinfo).date() == day
        ]
        position = [s.pk for s in same_day].index(session.pk)
        neighbour_position = position - 1 if earlier else position + 1
        if not 0 <= neighbour_position < len(same_day):
            raise ProgrammeError(
                _("“%(title)s” is already the %(which)s session of its day.")
                % {"title": session.title, "which": _("first") if earlier else _("last")}
            )
        neighbour = same_day[neighbour_position]
        if session.starts_at < neighbour.ends_at and neighbour.starts_at < session.ends_at:
            raise ProgrammeError(
                _("“%(title)s” runs at the same time as “%(other)s”; change its times instead.")
                % {"title": session.title, "other": neighbour.title}
            )
        before = session_times(session)
        first, second = sorted([session, neighbour], key=lambda s: s.starts_at)
        start, end = first.starts_at, second.ends_at
        first_length, second_length = first.ends_at - first.starts_at, second.ends_at - second.starts_at
        second.starts_at, second.ends_at = start, start + second_length
        first.starts_at, first.ends_at = end - first_length, end
        for moved in (second, first):
            moved.save(update_fields=["starts_at", "ends_at"])
        # Checked once both have moved: each one's old slot is the other's new one.
        for moved in (second, first):
            moved.workshop = workshop
            validate_session(moved)
        log_action(
            workshop=workshop,
            action=Action.SESSION_MOVED,
            obj=session,
            actor=actor,
            data={"from": before, "to": session_times(session), "swapped_with": neighbour.title},
        )
    return session


def next_speaker_order(session):
    return (session.speakers.aggregate(last=Max("order"))["last"] or 0) + 1


def log_speaker_change(speaker, *, action, actor, **data):
    """Speakers are logged on their session: the timeline says what the programme looks like."""
    log_action(
        workshop=speaker.session.workshop_id,
        action=action,
        obj=speaker.session,
        actor=actor,
        data={"speaker": speaker.display_name, **data},
    )


@raises_versions
def create_speaker(*, workshop_id, session_id, fields, actor):
    with transaction.atomic():
        raise_content_version([workshop_id])
        session = ProgrammeSession.objects.get(workshop_id=workshop_id, pk=session_id)
        speaker = Speaker(session=session, order=next_speaker_order(session), **{n: fields[n] for n in SPEAKER_FIELDS})
        full_clean(speaker)
        speaker.save()
        log_speaker_change(speaker, action=Action.SPEAKER_ADDED, actor=actor)
    return speaker


@raises_versions
def update_speaker(*, workshop_id, speaker_id, fields, actor):
    with transaction.atomic():
        raise_content_version([workshop_id])
        speaker = Speaker.objects.select_related("session").get(session__workshop_id=workshop_id, pk=speaker_id)
        before = {name: getattr(speaker, name) for name in SPEAKER_FIELDS}
        for name in SPEAKER_FIELDS:
            setattr(speaker, name, fields[name])
        full_clean(speaker)
        speaker.save()
        changed = changes(before, {name: getattr(speaker, name) for name in SPEAKER_FIELDS})
        if changed:
            log_speaker_change(speaker, action=Action.SPEAKER_EDITED, actor=actor, fields=changed)
    return speaker


@raises_versions
def delete_speaker(*, workshop_id, speaker_id, actor):
    with transaction.atomic():
        raise_content_version([workshop_id])
        speaker = Speaker.objects.select_related("session").get(session__workshop_id=workshop_id, pk=speaker_id)
        log_speaker_change(speaker, action=Action.SPEAKER_REMOVED, actor=actor)
        speaker.delete()


@raises_versions
def move_speaker(*, workshop_id, speaker_id, earlier, actor):
    """Move a speaker one place up or down the session's list; orders are renumbered 1..n."""
    with transaction.atomic():
        raise_content_version([workshop_id])
        speaker = Speaker.objects.select_for_update().get(session__workshop_id=workshop_id, pk=speaker_id)
        speakers = list(
            Speaker.objects.select_for_update().filter(session_id=speaker.session_id).order_by("order", "pk")
        )
        position = [s.pk for s in speakers].index(speaker.pk)
        target = position - 1 if earlier else position + 1
        if 0 <= target < len(speakers):
            speakers[position], speakers[target] = speakers[target], speakers[position]
        for order, each in enumerate(speakers, start=1):
            each.order = order
        Speaker.objects.bulk_update(speakers, ["order"])
        speaker = next(each for each in speakers if each.pk == speaker.pk)
        log_speaker_change(speaker, action=Action.SPEAKER_MOVED, actor=actor, position=speaker.order)
    return speaker
