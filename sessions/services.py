"""Programme operations of the organiser console: sessions and their speakers.

Every operation that places a session in time locks the workshop row first, so two organisers
editing the programme at once cannot both put a session into the same free room.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop

from .models import ProgrammeSession, Speaker

SESSION_FIELDS = ("title", "kind", "description", "starts_at", "ends_at", "room", "topics")
SPEAKER_FIELDS = ("participant", "name", "organisation", "role")


def room_clash(session):
    """Another session of the workshop in the same room at an overlapping time, or None."""
    if not session.room.strip():
        return None
    return (
        ProgrammeSession.objects.filter(
            workshop_id=session.workshop_id,
            room__iexact=session.room.strip(),
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .order_by("starts_at")
        .first()
    )


def validate_session(session):
    session.full_clean()
    clash = room_clash(session)
    if clash:
        tz = session.workshop.tzinfo
        raise ValidationError(
            {
                "room": _("%(room)s is already taken by “%(other)s” (%(start)s–%(end)s, %(zone)s).")
                % {
                    "room": clash.room,
                    "other": clash.title,
                    "start": date_format(clash.starts_at.astimezone(tz), "D j M H:i"),
                    "end": date_format(clash.ends_at.astimezone(tz), "H:i"),
                    "zone": session.workshop.time_zone,
                }
            }
        )


def lock_workshop(workshop_id):
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def create_session(*, workshop_id, fields):
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        session = ProgrammeSession(workshop=workshop, **{name: fields[name] for name in SESSION_FIELDS})
        validate_session(session)
        session.save()
    return session


def update_session(*, workshop_id, session_id, fields):
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        session = ProgrammeSession.objects.get(workshop=workshop, pk=session_id)
        session.workshop = workshop
        for name in SESSION_FIELDS:
            setattr(session, name, fields[name])
        validate_session(session)
        session.save()
    return session


def delete_session(*, workshop_id, session_id):
    with transaction.atomic():
        ProgrammeSession.objects.get(workshop_id=workshop_id, pk=session_id).delete()


def move_session(*, workshop_id, session_id, earlier):
    """Swap a session with its neighbour on the same day, each keeping its own length.

    The pair keeps the span it occupied and the gap between them: the one moving first starts
    when the first of them started, the other ends when the second of them ended. Sessions
    running at the same time (parallel rooms) have no order to swap.
    """
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
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
            raise ValidationError(
                _("“%(title)s” is already the %(which)s session of its day.")
                % {"title": session.title, "which": _("first") if earlier else _("last")}
            )
        neighbour = same_day[neighbour_position]
        if session.starts_at < neighbour.ends_at and neighbour.starts_at < session.ends_at:
            raise ValidationError(
                _("“%(title)s” runs at the same time as “%(other)s”; change its times instead.")
                % {"title": session.title, "other": neighbour.title}
            )
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
    return session


def next_speaker_order(session):
    return (session.speakers.aggregate(last=Max("order"))["last"] or 0) + 1


def create_speaker(*, workshop_id, session_id, fields):
    with transaction.atomic():
        session = ProgrammeSession.objects.get(workshop_id=workshop_id, pk=session_id)
        speaker = Speaker(session=session, order=next_speaker_order(session), **{n: fields[n] for n in SPEAKER_FIELDS})
        speaker.full_clean()
        speaker.save()
    return speaker


def update_speaker(*, workshop_id, speaker_id, fields):
    with transaction.atomic():
        speaker = Speaker.objects.get(session__workshop_id=workshop_id, pk=speaker_id)
        for name in SPEAKER_FIELDS:
            setattr(speaker, name, fields[name])
        speaker.full_clean()
        speaker.save()
    return speaker


def delete_speaker(*, workshop_id, speaker_id):
    with transaction.atomic():
        Speaker.objects.get(session__workshop_id=workshop_id, pk=speaker_id).delete()


def move_speaker(*, workshop_id, speaker_id, earlier):
    """Move a speaker one place up or down the session's list; orders are renumbered 1..n."""
    with transaction.atomic():
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
    return speaker
