import datetime
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from sessions.calendar import programme_ics
from sessions.selectors import programme_by_day
from tests.support.factories import ProgrammeSessionFactory, SpeakerFactory, WorkshopFactory, workshop_local

pytestmark = pytest.mark.django_db
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


@pytest.fixture
def seoul_workshop():
    workshop = WorkshopFactory(
        slug="seoul-2015", time_zone="Asia/Seoul", start_date=datetime.date(2015, 11, 10), venue="KCS"
    )
    opening = ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))
    SpeakerFactory(session=opening, name="Kim Min-jun", organisation__acronym="KCS")
    ProgrammeSessionFactory(workshop=workshop, title="Closing", starts_at=workshop_local(workshop, 3, 16))
    return workshop


def test_ics_has_one_event_per_session_in_the_workshop_time_zone(seoul_workshop):
    calendar = Calendar.from_ical(programme_ics(seoul_workshop))
    events = calendar.walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Opening", "Closing"]
    assert events[0].decoded("dtstart") == datetime.datetime(2015, 11, 10, 9, 0, tzinfo=SEOUL)
    assert events[0]["dtstart"].params["TZID"] == "Asia/Seoul"
    assert "Kim Min-jun (KCS)" in str(events[0]["description"])
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]


def test_programme_is_grouped_by_local_day_not_utc_day(seoul_workshop):
    # 08:00 in Seoul is the previous day in UTC; it belongs to the first workshop day all the same.
    ProgrammeSessionFactory(
        workshop=seoul_workshop, title="Registration desk", starts_at=workshop_local(seoul_workshop, 0, 8)
    )
    days = programme_by_day(seoul_workshop)
    assert [day for day, _ in days] == [datetime.date(2015, 11, 10), datetime.date(2015, 11, 13)]
    assert [s.title for s in days[0][1]] == ["Registration desk", "Opening"]


def test_ics_of_a_workshop_in_a_time_zone_with_clock_changes_and_a_leap_day():
    workshop = WorkshopFactory(
        time_zone="Europe/Berlin", start_date=datetime.date(2028, 2, 28), end_date=datetime.date(2028, 2, 29)
    )
    ProgrammeSessionFactory(workshop=workshop, title="Leap-day session", starts_at=workshop_local(workshop, 1, 10))
    calendar = Calendar.from_ical(programme_ics(workshop))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2028, 2, 29, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    (zone,) = calendar.walk("VTIMEZONE")
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_dtstamp_is_when_the_calendar_was_made_in_utc_so_a_moved_session_counts_as_newer(seoul_workshop):
    """RFC 5545: DTSTAMP is the moment the object was created; calendars keep the copy with the later one.
    Stamping with the session's start made a session moved earlier look older than the copy already held."""
    before = timezone.now().replace(microsecond=0)
    events = Calendar.from_ical(programme_ics(seoul_workshop)).walk("VEVENT")
    for event in events:
        stamp = event.decoded("dtstamp")
        assert stamp.utcoffset() == datetime.timedelta(0)
        assert stamp >= before
