"""Reading a workshop's programme in the shapes pages, calendars and emails need."""

from itertools import groupby

from django.db.models import Prefetch

from .models import ProgrammeSession, Speaker


def programme_sessions(workshop):
    """The workshop's sessions in time order with their speakers, in a fixed number of queries."""
    # Ordered here by the speaker's own columns: Speaker.Meta.ordering would join the session and the workshop.
    speakers = Speaker.objects.select_related("participant", "participant__organisation", "organisation").order_by(
        "session_id", "order", "pk"
    )
    return list(
        ProgrammeSession.objects.filter(workshop=workshop)
        .order_by("starts_at", "room", "pk")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
    )


def first_session(workshop):
    """The session that opens the workshop (the emails that give a seat name its start), or None: one row, not the
    programme with its speakers."""
    return ProgrammeSession.objects.filter(workshop=workshop).order_by("starts_at", "room", "pk").first()


def programme_by_day(workshop, sessions=None):
    """[(local date, [sessions])], days by the workshop's own calendar."""
    sessions = programme_sessions(workshop) if sessions is None else sessions
    tz = workshop.tzinfo
    return [(day, list(group)) for day, group in groupby(sessions, key=lambda s: s.starts_at.astimezone(tz).date())]


def attendance_sessions(workshop):
    """The workshop's sessions that take attendance, in time order."""
    return ProgrammeSession.objects.filter(workshop=workshop, takes_attendance=True).order_by("starts_at", "pk")
