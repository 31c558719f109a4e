"""The programme as iCalendar, for Outlook, Google Calendar and the confirmation email."""

import datetime
import functools

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from core.languages import shown_language
from workshops.models import Workshop

from .selectors import programme_sessions


@functools.lru_cache(maxsize=128)
def vtimezone(time_zone, year):
    """The zone's VTIMEZONE around one year. Building it walks the zone's transitions (about 10 ms for
    Asia/Seoul), more than the rest of a programme together, and it depends on nothing else: keep it."""
    return Timezone.from_tzid(
        time_zone, first_date=datetime.date(year - 1, 1, 1), last_date=datetime.date(year + 1, 12, 31)
    )


def programme_ics(workshop, sessions=None):
    """One VEVENT per session, times in the workshop's zone with its VTIMEZONE, as bytes."""
    sessions = programme_sessions(workshop) if sessions is None else sessions
    # RFC 5545: DTSTAMP is when this copy was made, in UTC. A calendar that already holds an event keeps
    # the copy with the later stamp, so a stamp taken from anything else can make an update look older.
    made_at = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Green Customs Workshop Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", workshop.title)
    calendar.add("x-wr-timezone", workshop.time_zone)
    location = ", ".join(part for part in (workshop.venue, workshop.city, workshop.country.name) if part)
    for session in sessions:
        event = Event()
        # A stable UID lets a calendar update the event when the programme changes.
        event.add("uid", f"session-{session.pk}@{workshop.slug}.greencustoms")
        # The language of the text shown (the requested one, or the one it falls back to), for screen readers and
        # calendars that read it aloud (RFC 5545 LANGUAGE).
        event.add("summary", session.title, parameters=language_of(session, "title"))
        event.add("dtstart", session.starts_at.astimezone(workshop.tzinfo))
        event.add("dtend", session.ends_at.astimezone(workshop.tzinfo))
        event.add("dtstamp", made_at)
        event.add("location", f"{session.room}, {location}" if session.room else location)
        speakers = ", ".join(
            f"{speaker.display_name} ({speaker.display_organisation.short_name})"
            if speaker.display_organisation
            else speaker.display_name
            for speaker in session.speakers.all()
        )
        description = "\n\n".join(part for part in (session.description, speakers) if part)
        if description:
            event.add("description", description, parameters=language_of(session, "description"))
        event.add("url", f"{settings.SITE_URL}{workshop.get_absolute_url()}")
        calendar.add_component(event)
    calendar.add_component(vtimezone(workshop.time_zone, workshop.start_date.year))
    return calendar.to_ical()


def language_of(session, field):
    language = shown_language(session, field)
    return {"LANGUAGE": language} if language else {}


def programme_email_attachment(workshop_id):
    """The programme attached to an email, made when the email is sent (outbox.delivery) in the active language:
    (filename, content, mimetype), or None when the workshop has no session (any more)."""
    workshop = Workshop.objects.get(pk=workshop_id)
    sessions = programme_sessions(workshop)
    return (f"{workshop.slug}.ics", programme_ics(workshop, sessions), "text/calendar") if sessions else None
