import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from icalendar import Calendar

from participants.models import Registration
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
    seoul_workshop,
    workshop_local,
    zone_whose_date_is_not_utcs,
)
from workshops.models import WcoRegion, Workshop
from workshops.selectors import visible_workshop

pytestmark = pytest.mark.django_db


def listed_titles(response):
    return [w.title for w in response.context["upcoming"]] + [w.title for w in response.context["past"]]


def test_workshop_list_filters_by_year_region_country_and_title(client):
    WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        start_date=datetime.date(2015, 11, 10),
        end_date=datetime.date(2015, 11, 13),
        country="KR",
        wco_region=WcoRegion.ASIA_PACIFIC,
    )
    WorkshopFactory(
        title="West Africa Green Customs Workshop",
        start_date=datetime.date(2016, 3, 1),
        end_date=datetime.date(2016, 3, 3),
        country="SN",
        wco_region=WcoRegion.WEST_CENTRAL_AFRICA,
    )
    everything = client.get("/workshops/")
    assert sorted(listed_titles(everything)) == [
        "Asia/Pacific Regional Green Customs Workshop",
        "West Africa Green Customs Workshop",
    ]
    assert listed_titles(client.get("/workshops/?year=2016")) == ["West Africa Green Customs Workshop"]
    assert listed_titles(client.get("/workshops/?region=ap")) == ["Asia/Pacific Regional Green Customs Workshop"]
    assert listed_titles(client.get("/workshops/?country=SN")) == ["West Africa Green Customs Workshop"]
    assert listed_titles(client.get("/workshops/?q=pacific")) == ["Asia/Pacific Regional Green Customs Workshop"]
    nothing = client.get("/workshops/?q=pacific&year=2016")
    assert listed_titles(nothing) == []
    assert "No past workshop matches." in nothing.content.decode()


def test_drafts_are_listed_and_shown_only_to_their_organisers(client):
    draft = WorkshopFactory(title="Pacific Islands Draft", status=Workshop.Status.DRAFT)
    organiser = OrganiserMembershipFactory(workshop=draft).user
    assert "Pacific Islands Draft" not in listed_titles(client.get("/workshops/"))
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(ParticipantFactory().user)
    assert "Pacific Islands Draft" not in listed_titles(client.get("/workshops/"))
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(organiser)
    assert "Pacific Islands Draft" in listed_titles(client.get("/workshops/"))
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Only the workshop's organisers can see this page." in page


@pytest.fixture
def seoul():
    workshop = seoul_workshop(
        slug="seoul", objectives="Stop the illegal trade in ozone-depleting substances.", capacity=3
    )
    opening = ProgrammeSessionFactory(
        workshop=workshop, title="Opening ceremony", starts_at=workshop_local(workshop, 0, 9), room="Hall A"
    )
    SpeakerFactory(session=opening, name="Kim Min-jun", organisation__acronym="KCS")
    return workshop


def test_workshop_page_shows_times_in_the_workshops_zone_partners_seats_and_programme(client, seoul):
    RegistrationFactory(workshop=seoul)
    page = client.get("/workshops/seoul/").content.decode()
    # 09:00 in Seoul is 00:00 UTC: the page must not show the server's zone.
    assert "09:00–10:30" in page
    assert "Asia/Seoul (UTC+09:00)" in page
    assert "KCS Headquarters, Seoul" in page
    assert "Stop the illegal trade in ozone-depleting substances." in page
    assert page.index("UN Environment") < page.index("Korea Customs Service")  # organisers come before hosts
    assert "<bdi>Kim Min-jun</bdi>" in page and "(<bdi>KCS</bdi>)" in page and "Hall A" in page
    assert "2 of 3 seats left" in page
    assert "Sign in to register" in page


def test_workshop_page_shows_the_users_registration_and_next_step(client, seoul):
    registration = RegistrationFactory(workshop=seoul, status=Registration.Status.WAITLISTED)
    client.force_login(registration.participant.user)
    page = client.get("/workshops/seoul/").content.decode()
    assert "Waitlisted" in page
    assert "We will email you as soon as a seat becomes free" in page
    assert "/me/registrations/" in page


def test_workshop_page_says_when_registration_opens(client):
    opens = timezone.now() + datetime.timedelta(days=3)
    workshop = WorkshopFactory(time_zone="Asia/Seoul", registration_opens_at=opens)
    page = client.get(workshop.get_absolute_url()).content.decode()
    local = opens.astimezone(workshop.tzinfo)
    assert f"Registration opens on {local:%-d %B %Y, %H:%M} (Asia/Seoul)" in page


def add_programme(workshop, sessions, **texts):
    """`sessions` sessions with speakers; `texts` are their fields in other languages (title_es="...")."""
    for index in range(sessions):
        session = ProgrammeSessionFactory(
            workshop=workshop, starts_at=workshop_local(workshop, index % 4, 8 + index // 4 % 10), **texts
        )
        SpeakerFactory(session=session)
        SpeakerFactory(session=session, name="", participant=ParticipantFactory())


# With nothing cached yet (test_page_cache.py counts the cached page): workshop, user, sessions, speakers, partners,
# the published report (the outcome), the sessions with documents (the programme's links), the documents (their
# files too, when there are some), seat counts, the user's registration, and the navigation's questions in one query
# (is the user the secretariat or an organiser, for the Manage link, and a focal point, for the Delegations link).
# The session is read from the cache (cached_db).
WORKSHOP_PAGE_QUERIES = 11


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("sessions", [5, 60])
def test_workshop_page_queries_do_not_grow_with_the_programme(client, django_assert_num_queries, sessions, language):
    # Every language is a column of the same rows: a page in any of the four reads them in the same queries, the
    # workshop's languages (the language switch, the facts) with its row.
    workshop = WorkshopFactory(
        title_fr="Atelier",
        title_es="Taller",
        title_ar="حلقة عمل",
        summary_es="Resumen",
        summary_ar="ملخص",
        languages=["en", "fr", "es", "ar"],
    )
    for _ in range(3):
        WorkshopPartnerFactory(
            workshop=workshop, organisation__name_es=f"Aduana {_}", organisation__name_ar=f"الجمارك {_}"
        )
    add_programme(workshop, sessions, title_es="Sesión", title_ar="جلسة", room_es="Sala", room_ar="قاعة")
    client.force_login(RegistrationFactory(workshop=workshop).participant.user)
    with django_assert_num_queries(WORKSHOP_PAGE_QUERIES):
        response = client.get(workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert len(response.context["programme"]) == 4
    assert response.content.decode().count("<tr>") == sessions + 4  # plus one header row per day


def test_the_row_a_workshop_page_reads_is_the_one_the_orm_reads(client):
    """Each call reads its own slug, whole, the columns converted as the ORM converts them (the reminder offsets are
    JSON); a slug nobody has is no workshop and no page."""
    seoul = seoul_workshop(slug="seoul", reminder_offsets=[7, 1], title_fr="Atelier de Séoul")
    other = WorkshopFactory(slug="other")
    for workshop in (seoul, other):
        read = visible_workshop(AnonymousUser(), workshop.slug)
        expected = Workshop.objects.get(pk=workshop.pk)
        assert [getattr(read, field.attname) for field in Workshop._meta.concrete_fields] == [
            getattr(expected, field.attname) for field in Workshop._meta.concrete_fields
        ]
    assert visible_workshop(AnonymousUser(), "seoul").reminder_offsets == [7, 1]
    assert visible_workshop(AnonymousUser(), "nowhere") is None
    assert client.get("/workshops/nowhere/").status_code == 404


def test_programme_ics_download(client, seoul):
    response = client.get("/workshops/seoul/programme.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="seoul.ics"'
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Opening ceremony"]
    assert events[0]["dtstart"].params["TZID"] == "Asia/Seoul"


@pytest.mark.django_db
def test_past_workshop_page_counts_participants_instead_of_seats_and_lists_objectives(client):
    workshop = WorkshopFactory(
        start_date=datetime.date(2015, 11, 10),
        end_date=datetime.date(2015, 11, 13),
        objectives="Strengthen Customs.\nKnow the conventions.",
    )
    RegistrationFactory.create_batch(2, workshop=workshop)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "2 participants" in page
    assert "seats left" not in page
    assert "This workshop has taken place." in page
    assert "<li>Know the conventions.</li>" in page


def test_home_and_list_call_a_workshop_past_once_its_last_day_has_ended_in_its_own_zone(client, settings):
    settings.TIME_ZONE = "UTC"
    zone, local_today, utc_today = zone_whose_date_is_not_utcs()
    last_day = min(local_today, utc_today)
    workshop = WorkshopFactory(
        title="Edge of the date line",
        time_zone=zone,
        start_date=last_day - datetime.timedelta(days=1),
        end_date=last_day,
    )
    still_running = last_day == local_today  # behind UTC: its last day is today over there
    for url in ("/", "/workshops/"):
        context = client.get(url).context
        past = context["recent"] if url == "/" else context["past"]
        assert ([w.pk for w in context["upcoming"]], [w.pk for w in past]) == (
            ([workshop.pk], []) if still_running else ([], [workshop.pk])
        ), url


def test_a_full_workshop_tells_a_visitor_that_registering_joins_the_waiting_list_and_then_the_place(client):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "All seats are taken: registering now puts you on the waiting list" in page
    assert "Sign in to join the waiting list" in page
    assert "The organisers approve each registration." not in page

    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    waiting = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    client.force_login(waiting.participant.user)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "you are number 2 on the waiting list" in page


def test_a_deadline_at_midnight_reads_as_the_day_before(client):
    workshop = WorkshopFactory(
        time_zone="Asia/Kolkata",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=31),
    )
    page = client.get(workshop.get_absolute_url()).content.decode()
    day_before = workshop.start_date - datetime.timedelta(days=1)
    assert f"Registration is open until {day_before:%-d %B %Y} (Asia/Kolkata)." in page
    assert "00:00" not in page and "23:59" not in page


@pytest.mark.parametrize(
    ("words", "language"),
    [("Seoul", "en"), ("korea", "en"), ("Corée", "fr"), ("Kolkata", "en"), ("Hall of", "en"), ("UNEP", "en")],
)
def test_the_list_search_finds_city_country_in_the_active_language_venue_and_partners(client, words, language):
    seoul = WorkshopFactory(title="Regional workshop A", city="Seoul", country="KR", venue="KCS Hall of Fame")
    WorkshopPartnerFactory(workshop=seoul, organisation__name="UN Environment Programme", organisation__acronym="UNEP")
    WorkshopFactory(title="Regional workshop B", city="Kolkata", country="IN", venue="Salt Lake")
    expected = {"Kolkata": "Regional workshop B"}.get(words, "Regional workshop A")
    response = client.get("/workshops/", {"q": words}, headers={"accept-language": language})
    assert listed_titles(response) == [expected]


def language_switch(page):
    """The language switch's options, as (group or None, code) in the order the page lists them."""
    switch = page.split('id="language-select"', 1)[1].split("</select>", 1)[0]
    groups = re.split(r'<optgroup label="([^"]*)">', switch)
    listed = []
    for label, options in [(None, groups[0])] + list(zip(groups[1::2], groups[2::2], strict=True)):
        listed += [(label, code) for code in re.findall(r'<option value="(\w+)"', options)]
    return listed


def test_a_workshops_page_offers_its_languages_first_and_names_them(client):
    WorkshopFactory(slug="amman", languages=["en", "ar"], default_language="ar", title_ar="حلقة عمل")

    page = client.get("/workshops/amman/").content.decode()

    assert language_switch(page) == [
        ("This workshop&#x27;s languages", "en"),
        ("This workshop&#x27;s languages", "ar"),
        ("Other languages", "fr"),
        ("Other languages", "es"),
    ]
    assert '<dt>Languages</dt><dd><bdi lang="en">English</bdi>, <bdi lang="ar">العربيّة</bdi></dd>' in page
    # Elsewhere, every language of the portal in its order, in one list.
    assert language_switch(client.get("/").content.decode()) == [(None, "en"), (None, "fr"), (None, "es"), (None, "ar")]


def test_a_workshop_offering_every_language_lists_them_in_one_group(client):
    WorkshopFactory(slug="everyone", languages=["en", "fr", "es", "ar"])
    assert language_switch(client.get("/workshops/everyone/").content.decode()) == [
        (None, "en"),
        (None, "fr"),
        (None, "es"),
        (None, "ar"),
    ]


def test_the_programme_ics_in_spanish_marks_each_text_with_its_language(client):
    workshop = WorkshopFactory(slug="cartagena", languages=["en", "es"], time_zone="America/Bogota")
    ProgrammeSessionFactory(
        workshop=workshop, title="Opening", title_es="Apertura", starts_at=workshop_local(workshop, 0, 9)
    )
    ProgrammeSessionFactory(workshop=workshop, title="Field visit", starts_at=workshop_local(workshop, 0, 14))

    content = client.get("/workshops/cartagena/programme.ics?lang=es").content.decode()

    # The Spanish title where there is one, the English one (said to be English) where there is none.
    assert "SUMMARY;LANGUAGE=es:Apertura" in content
    assert "SUMMARY;LANGUAGE=en:Field visit" in content
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Apertura", "Field visit"]
    page = client.get("/workshops/cartagena/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "/workshops/cartagena/programme.ics?lang=es" in page
