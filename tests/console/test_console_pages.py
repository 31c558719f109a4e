"""The organiser console's pages through the test client: decisions, programme, exports, numbers."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from outbox.models import OutgoingEmail
from participants.models import Participant, Registration
from sessions.models import ProgrammeSession, Speaker
from sessions.services import TRANSLATED_FIELDS as SESSION_TEXTS
from tests.support.console_world import make_secretariat
from tests.support.factories import (
    InvitationFactory,
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    record_days,
    running_today,
    workshop_local,
)
from tests.website.test_page_cache import without_tokens
from workshops.models import Workshop
from workshops.services import TRANSLATED_FIELDS as WORKSHOP_TEXTS

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def workshop():
    return running_today(slug="seoul", capacity=3, requires_approval=True)


@pytest.fixture
def organiser(client, workshop):
    user = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    client.force_login(user)
    return user


def url(name, workshop, **kwargs):
    return reverse(f"console:{name}", kwargs={"slug": workshop.slug, **kwargs})


def registrations(workshop, count, status=Status.PENDING, **participant):
    return [
        RegistrationFactory(workshop=workshop, status=status, participant__user__password=None, **participant)
        for _ in range(count)
    ]


def test_bulk_confirm_confirms_as_many_as_fit_and_says_how_many_did_not(client, workshop, organiser):
    registrations(workshop, 1, Status.CONFIRMED)
    pending = registrations(workshop, 4)

    response = client.post(
        url("registrations_decide", workshop),
        {"registrations": [r.pk for r in pending], "decision": Status.CONFIRMED, "message": "See you in Seoul."},
        follow=True,
    )

    assert Registration.objects.filter(workshop=workshop, status=Status.CONFIRMED).count() == 3
    confirmed_now = Registration.objects.filter(pk__in=[r.pk for r in pending], status=Status.CONFIRMED)
    assert list(confirmed_now) == pending[:2], "the earliest registrations get the seats"
    assert all(r.decided_by == organiser and r.decided_at for r in confirmed_now)
    page = response.content.decode()
    assert "2 registrations confirmed." in page
    assert "2 were not confirmed: no seats are left." in page
    emails = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.REGISTRATION_CONFIRMED)
    assert emails.count() == 2
    assert all("See you in Seoul." in email.filled_text for email in emails)


def test_single_decision_from_a_row_button_ignores_the_ticked_rows(client, workshop, organiser):
    first, second = registrations(workshop, 2)
    client.post(
        url("registrations_decide", workshop),
        {"registrations": [first.pk, second.pk], "decision": Status.CONFIRMED, "single": f"{second.pk}:rejected"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.PENDING, Status.REJECTED)
    assert OutgoingEmail.objects.get().kind == OutgoingEmail.Kind.REGISTRATION_REJECTED


def test_decision_without_a_ticked_row_changes_nothing_and_says_why(client, workshop, organiser):
    registrations(workshop, 1)
    response = client.post(url("registrations_decide", workshop), {"decision": Status.CONFIRMED}, follow=True)
    assert "Tick at least one registration." in response.content.decode()
    assert not Registration.objects.filter(status=Status.CONFIRMED).exists()


def test_registrations_table_searches_and_filters(client, workshop, organiser):
    unesco = OrganisationFactory(name="Mongolia Customs General Administration", kind="customs", country="MN")
    registrations(workshop, 1, participant__full_name="Батбаяр Дорж", participant__organisation=unesco)
    registrations(workshop, 1, participant__full_name="สมชาย ใจดี", participant__country="TH")
    registrations(workshop, 1, Status.WAITLISTED, participant__full_name="Kim Min-jun")

    def names(**query):
        response = client.get(url("registrations", workshop), query)
        return sorted(r.participant.full_name for r in response.context["page"])

    assert names(q="mongolia") == ["Батбаяр Дорж"]
    assert names(q="Батбаяр") == ["Батбаяр Дорж"]
    assert names(status="waitlisted") == ["Kim Min-jun"]
    assert names(country="TH") == ["สมชาย ใจดี"]
    assert names(kind="igo") == []


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(content[1:])))


def test_csv_export_neutralises_formulas_and_keeps_non_latin_names(client, workshop, organiser):
    names = ["김민준", "สมชาย ใจดี", "Батбаяр Дорж"]
    for name in names:
        registrations(workshop, 1, participant__full_name=name)
    dangerous = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR"]
    for text in dangerous:
        registrations(workshop, 1, participant__full_name="Someone", participant__position=text)

    response = client.get(url("registrations_export", workshop))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="seoul-registrations.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[0] == "Name" and "Registered (Asia/Seoul)" in header
    assert [row[0] for row in rows[:3]] == names
    positions = [row[header.index("Position")] for row in rows[3:]]
    assert positions == [f"'{text}" for text in dangerous]


def test_csv_export_follows_the_tables_filters(client, workshop, organiser):
    registrations(workshop, 1, Status.CONFIRMED, participant__full_name="Confirmed Person")
    registrations(workshop, 1, Status.PENDING, participant__full_name="Pending Person")
    page = client.get(url("registrations", workshop), {"status": "confirmed"}).content.decode()
    assert f'href="{url("registrations_export", workshop)}?status=confirmed"' in page
    _header, *rows = read_csv(client.get(url("registrations_export", workshop), {"status": "confirmed"}))
    assert [row[0] for row in rows] == ["Confirmed Person"]


def test_manage_link_shows_only_for_people_with_a_console_role(client, workshop):
    participant = ParticipantFactory(user__password=None).user
    client.force_login(participant)
    assert 'href="/manage/"' not in client.get("/").content.decode()
    staff = OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user
    client.force_login(staff)
    assert 'href="/manage/">Manage</a>' in client.get("/").content.decode()


def test_participant_list_groups_confirmed_people_by_country_then_organisation(client, workshop, organiser):
    kcs = OrganisationFactory(name="Korea Customs Service")
    thai = OrganisationFactory(name="Thai Customs Department", country="TH")
    registrations(workshop, 1, Status.CONFIRMED, participant__full_name="Lee Seo-yeon", participant__organisation=kcs)
    registrations(
        workshop,
        1,
        Status.CONFIRMED,
        participant__full_name="สมชาย ใจดี",
        participant__organisation=thai,
        participant__country="TH",
    )
    registrations(workshop, 1, Status.PENDING, participant__full_name="Not Yet Confirmed")

    page = b"".join(client.get(url("participant_list", workshop)).streaming_content).decode()
    page = page[page.index('class="participant-country"') :]  # the list itself, after the workshop's header

    assert page.index("Republic of Korea") < page.index("Korea Customs Service") < page.index("Lee Seo-yeon")
    assert page.index("Thailand") < page.index("Thai Customs Department") < page.index("สมชาย ใจดี")
    assert page.index("Lee Seo-yeon") < page.index("Thailand")
    assert "Not Yet Confirmed" not in page


def test_the_dashboard_counts_the_people_checked_in(client, workshop, organiser):
    present, _absent = registrations(workshop, 2, Status.CONFIRMED)
    registrations(workshop, 1)
    client.post(url("checkin_attend", workshop, registration_id=present.pk))
    response = client.get(url("dashboard", workshop))
    assert response.context["numbers"]["attended"] == 1
    assert "1 checked in" in response.content.decode()


def test_check_in_marks_attended_undo_takes_it_back_and_pending_people_are_refused(client, workshop):
    staff = OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user
    client.force_login(staff)
    (confirmed,) = registrations(workshop, 1, Status.CONFIRMED, participant__full_name="Nomin Bat")
    (pending,) = registrations(workshop, 1)

    response = client.post(url("checkin_attend", workshop, registration_id=confirmed.pk), {"q": "nomin"})
    assert response["Location"].endswith(f"?q=nomin#registration-{confirmed.pk}")
    confirmed.refresh_from_db()
    assert confirmed.attended_at is not None
    page = client.get(url("checkin", workshop), {"q": "nomin"}).content.decode()
    assert "Undo check-in of Nomin Bat" in page
    assert client.get(url("checkin", workshop)).context["attended"] == 1

    client.post(url("checkin_undo", workshop, registration_id=confirmed.pk))
    confirmed.refresh_from_db()
    assert confirmed.attended_at is None

    response = client.post(url("checkin_attend", workshop, registration_id=pending.pk), follow=True)
    assert "is not confirmed" in response.content.decode()
    pending.refresh_from_db()
    assert pending.attended_at is None


# --- programme builder -------------------------------------------------------------------------


def in_english(data, translated):
    """The form's fields for text typed in English: `title` is posted as `title_en`."""
    return {f"{name}_en" if name in translated else name: value for name, value in data.items()}


def session_data(workshop, **overrides):
    data = {
        "title": "Opening of the workshop",
        "kind": "opening",
        "day": workshop.start_date.isoformat(),
        "start_time": "09:00",
        "end_time": "09:30",
        "room": "Grand Ballroom",
        "description": "",
        "topics": "",
    }
    return in_english({**data, **overrides}, SESSION_TEXTS)


def test_session_is_added_on_the_workshops_clock(client, workshop, organiser):
    response = client.post(url("session_create", workshop), session_data(workshop))
    assert response.status_code == 302
    session = ProgrammeSession.objects.get()
    assert session.starts_at == workshop_local(workshop, 0, 9)


def test_room_clash_is_refused_naming_the_other_session(client, workshop, organiser):
    ProgrammeSessionFactory(
        workshop=workshop,
        title="CITES and wildlife trade",
        room="Grand Ballroom",
        starts_at=workshop_local(workshop, 0, 9, 15),
        ends_at=workshop_local(workshop, 0, 10),
    )
    response = client.post(url("session_create", workshop), session_data(workshop))
    assert response.status_code == 200
    assert "already taken by “CITES and wildlife trade”" in response.content.decode()
    assert ProgrammeSession.objects.count() == 1
    # Another room at the same time is fine.
    client.post(url("session_create", workshop), session_data(workshop, room="Room B"))
    assert ProgrammeSession.objects.count() == 2


def test_session_must_end_after_it_starts_and_lie_inside_the_workshop(client, workshop, organiser):
    response = client.post(url("session_create", workshop), session_data(workshop, end_time="08:00"))
    assert "A session must end after it starts." in response.content.decode()
    outside = (workshop.start_date - datetime.timedelta(days=1)).isoformat()
    response = client.post(url("session_create", workshop), session_data(workshop, day=outside))
    assert "Select a valid choice" in response.content.decode()
    assert not ProgrammeSession.objects.exists()


def test_editing_a_session_into_a_clash_is_refused(client, workshop, organiser):
    ProgrammeSessionFactory(
        workshop=workshop, title="Basel Convention", room="Hall", starts_at=workshop_local(workshop, 1, 9)
    )
    later = ProgrammeSessionFactory(
        workshop=workshop, title="Ozone", room="Hall", starts_at=workshop_local(workshop, 1, 14)
    )
    data = session_data(
        workshop,
        title="Ozone",
        day=(workshop.start_date + datetime.timedelta(days=1)).isoformat(),
        start_time="10:00",
        end_time="11:00",
        room="hall",
    )
    response = client.post(url("session_edit", workshop, session_id=later.pk), data)
    assert "already taken by “Basel Convention”" in response.content.decode()
    later.refresh_from_db()
    assert later.starts_at == workshop_local(workshop, 1, 14)


def test_moving_a_session_swaps_it_with_its_neighbour_keeping_lengths(client, workshop, organiser):
    first = ProgrammeSessionFactory(
        workshop=workshop,
        title="Long",
        starts_at=workshop_local(workshop, 0, 9),
        ends_at=workshop_local(workshop, 0, 10),
    )
    second = ProgrammeSessionFactory(
        workshop=workshop,
        title="Short",
        starts_at=workshop_local(workshop, 0, 10),
        ends_at=workshop_local(workshop, 0, 10, 30),
    )
    client.post(url("session_move", workshop, session_id=second.pk), {"to": "up"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.starts_at, second.ends_at) == (workshop_local(workshop, 0, 9), workshop_local(workshop, 0, 9, 30))
    assert (first.starts_at, first.ends_at) == (workshop_local(workshop, 0, 9, 30), workshop_local(workshop, 0, 10, 30))
    response = client.post(url("session_move", workshop, session_id=second.pk), {"to": "up"}, follow=True)
    assert "already the first session of its day" in response.content.decode()


def test_speakers_are_added_reordered_and_removed(client, workshop, organiser):
    session = ProgrammeSessionFactory(workshop=workshop)
    kcs = OrganisationFactory(name="Korea Customs Service")
    for name in ("Chair Person", "Second Speaker"):
        client.post(
            url("speaker_create", workshop, session_id=session.pk),
            {"name": name, "organisation": kcs.pk, "role": "speaker"},
        )
    response = client.post(url("speaker_create", workshop, session_id=session.pk), {"name": "", "role": "speaker"})
    assert "Choose a participant or give the speaker&#x27;s name." in response.content.decode()
    second = session.speakers.get(name="Second Speaker")
    client.post(url("speaker_move", workshop, speaker_id=second.pk), {"to": "up"})
    assert list(session.speakers.values_list("name", flat=True)) == ["Second Speaker", "Chair Person"]
    client.post(url("speaker_delete", workshop, speaker_id=second.pk))
    assert list(session.speakers.values_list("name", flat=True)) == ["Chair Person"]


# --- workshops ---------------------------------------------------------------------------------


def workshop_data(workshop, **overrides):
    data = {
        name: getattr(workshop, name) for name in ("title", "slug", "city", "venue", "time_zone", "capacity", "summary")
    }
    data.update(
        country="KR",
        wco_region="ap",
        objectives="",
        start_date=workshop.start_date.isoformat(),
        end_date=workshop.end_date.isoformat(),
        registration_opens_at="",
        registration_closes_at="",
        requires_approval="on",
        admission="open",
        funding_budget="0",
        languages=workshop.languages,
        default_language=workshop.default_language,
    )
    return in_english({**data, **overrides}, WORKSHOP_TEXTS)


def test_workshop_edit_refuses_capacity_below_confirmed_and_late_registration_window(client, workshop, organiser):
    registrations(workshop, 2, Status.CONFIRMED)
    start = workshop.start_date
    response = client.post(
        url("workshop_edit", workshop),
        workshop_data(
            workshop,
            capacity=1,
            end_date=(start - datetime.timedelta(days=1)).isoformat(),
            registration_closes_at=f"{start.isoformat()}T10:00",
        ),
    )
    form = response.context["form"]
    assert form.errors["end_date"] == ["The last day cannot be before the first day."]
    response = client.post(
        url("workshop_edit", workshop),
        workshop_data(workshop, capacity=1, registration_closes_at=f"{start.isoformat()}T10:00"),
    )
    errors = response.context["form"].errors
    assert errors["capacity"] == [
        "2 confirmed and 0 pending registrations hold a seat; the workshop needs at least 2 seats."
    ]
    assert errors["registration_closes_at"] == ["Registration must close before the workshop starts."]
    workshop.refresh_from_db()
    assert workshop.capacity == 3


def test_registration_times_are_read_on_the_workshops_clock(client, workshop, organiser):
    day_before = (workshop.start_date - datetime.timedelta(days=1)).isoformat()
    client.post(url("workshop_edit", workshop), workshop_data(workshop, registration_closes_at=f"{day_before}T18:00"))
    workshop.refresh_from_db()
    assert workshop.registration_closes_at == workshop_local(workshop, -1, 18)


def test_secretariat_creates_a_draft_it_then_manages(client):
    secretariat = make_secretariat()
    client.force_login(secretariat)
    template = WorkshopFactory.build(slug="new", title="Pacific Green Customs Workshop")
    response = client.post(reverse("console:workshop_create"), workshop_data(template))
    assert "reserved for a page of the site" in response.context["form"].errors["slug"][0]
    template.slug = "pacific-2027"
    response = client.post(reverse("console:workshop_create"), workshop_data(template))
    workshop = Workshop.objects.get(slug="pacific-2027")
    assert response["Location"] == url("dashboard", workshop)
    assert workshop.status == Workshop.Status.DRAFT
    assert workshop.organiser_memberships.get().user == secretariat


def test_publish_unpublish_and_refusals(client, workshop, organiser):
    response = client.post(url("workshop_publish", workshop), follow=True)
    assert "Only a draft workshop can be published." in response.content.decode()
    client.post(url("workshop_unpublish", workshop))
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.DRAFT
    client.post(url("workshop_publish", workshop))
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.PUBLISHED


def test_cancelling_emails_every_registrant_still_expecting_news(client, workshop, organiser):
    expecting = [
        *registrations(workshop, 1, Status.CONFIRMED),
        *registrations(workshop, 1, Status.PENDING),
        *registrations(workshop, 1, Status.WAITLISTED),
    ]
    registrations(workshop, 1, Status.REJECTED)
    response = client.post(url("workshop_cancel", workshop), {"message": ""})
    assert response.context["form"].errors["message"]

    response = client.post(
        url("workshop_cancel", workshop), {"message": "The venue is closed by a typhoon."}, follow=True
    )

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    emails = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.WORKSHOP_CANCELLED)
    assert sorted(e.registration_id for e in emails) == sorted(r.pk for r in expecting)
    assert all("typhoon" in e.filled_text and "typhoon" in e.filled_html for e in emails)
    assert all(e.subject == f"Workshop cancelled: {workshop.title}" for e in emails)
    assert "3 registrants will be emailed" in response.content.decode()


def test_duplicate_copies_the_programme_to_the_new_dates_without_registrations(client, organiser):
    past = WorkshopFactory(
        slug="seoul-2015", start_date=datetime.date(2015, 11, 10), end_date=datetime.date(2015, 11, 13)
    )
    OrganiserMembershipFactory(workshop=past, user=organiser)
    session = ProgrammeSessionFactory(workshop=past, starts_at=workshop_local(past, 2, 14))
    SpeakerFactory(session=session, name="Dr Park")
    registrations(past, 2, Status.CONFIRMED)

    response = client.post(
        url("workshop_duplicate", past), {"title_en": "Seoul 2016", "slug": "seoul-2016", "start_date": "2016-11-08"}
    )

    copy = Workshop.objects.get(slug="seoul-2016")
    assert response["Location"] == url("dashboard", copy)
    assert (copy.status, copy.start_date, copy.end_date) == (
        "draft",
        datetime.date(2016, 11, 8),
        datetime.date(2016, 11, 11),
    )
    copied = copy.sessions.get()
    assert copied.starts_at == workshop_local(copy, 2, 14)
    assert list(copied.speakers.values_list("name", flat=True)) == ["Dr Park"]
    assert not copy.registrations.exists()
    assert past.sessions.get().starts_at == workshop_local(past, 2, 14)


# --- numbers in a fixed number of queries -------------------------------------------------------


def bulk_registrations(workshop, count):
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory._meta.model(email=f"bulk{workshop.pk}-{n}@example.org") for n in range(count)
    )
    organisation = OrganisationFactory()
    participants = Participant.objects.bulk_create(
        Participant(
            user=user,
            full_name=f"Participant {n}",
            organisation=organisation,
            country=("KR", "TH", "MN")[n % 3],
            gender=("female", "male", "")[n % 3],
        )
        for n, user in enumerate(users)
    )
    statuses = [Status.CONFIRMED, Status.PENDING, Status.WAITLISTED, Status.REJECTED]
    Registration.objects.bulk_create(
        Registration(workshop=workshop, participant=p, status=statuses[n % 4]) for n, p in enumerate(participants)
    )


# Beside the session (from the cache: SESSION_ENGINE cached_db), each console page of a workshop reads the user, the
# workshop, what the user may do there (the secretariat's permission, given directly or by a group: two queries, then
# their role at the workshop) and the navigation's answers (one query). The part's own queries come only when the
# cache holds no copy of it for the workshop's versions (console/page_cache.py):
CONSOLE_PAGE_QUERIES = 6
# The table: the countries present (the filter's choices), how many match, the page of rows, the history under
# each row in one query, and the registration questions (none here: their choices and answers are not read).
REGISTRATIONS_PAGE_QUERIES = CONSOLE_PAGE_QUERIES + 5
# The dashboard: the seats by status, the breakdown by country, kind of organisation and gender (the people checked
# in counted in the same query), the registrations by day, the attendance per day and the sessions missing a
# translation.
DASHBOARD_QUERIES = CONSOLE_PAGE_QUERIES + 5
# The check-in desk: the sessions that take attendance, its numbers (confirmed, checked in today) and its page of
# people.
CHECKIN_QUERIES = CONSOLE_PAGE_QUERIES + 3
# Two more for an organiser outside the secretariat: whom to ask for a new workshop, and the navigation's answers.
WORKSHOP_LIST_QUERIES = 8


# The part is stored in the cache once the request's transaction commits: outside the test case's transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize(
    ("name", "queries"),
    [("registrations", REGISTRATIONS_PAGE_QUERIES), ("dashboard", DASHBOARD_QUERIES), ("checkin", CHECKIN_QUERIES)],
)
def test_pages_run_the_same_number_of_queries_whatever_the_size(
    client, organiser, django_assert_num_queries, name, queries, count
):
    workshop = WorkshopFactory(capacity=1000)
    OrganiserMembershipFactory(workshop=workshop, user=organiser)
    bulk_registrations(workshop, count)
    with django_assert_num_queries(queries):
        built = client.get(url(name, workshop))
    with django_assert_num_queries(CONSOLE_PAGE_QUERIES):
        cached = client.get(url(name, workshop))
    assert built.status_code == cached.status_code == 200
    assert without_tokens(cached.content.decode()) == without_tokens(built.content.decode())


@pytest.mark.parametrize("count", [1, 5])
def test_workshop_list_numbers_take_a_fixed_number_of_queries(client, organiser, django_assert_num_queries, count):
    for _ in range(count):
        workshop = WorkshopFactory()
        OrganiserMembershipFactory(workshop=workshop, user=organiser)
        bulk_registrations(workshop, 8)
        InvitationFactory(workshop=workshop)
    with django_assert_num_queries(WORKSHOP_LIST_QUERIES):
        response = client.get(reverse("console:workshop_list"))
    # Every workshop starts on the same day, so the list's order among them is the database's: find the last one
    # created by its key (the organiser's first workshop, from the fixture, has no registrations).
    numbers = {
        w.pk: (w.confirmed_count, w.pending_count, w.waitlisted_count, w.invitations_outstanding)
        for w in response.context["workshops"]
    }
    assert numbers[workshop.pk] == (2, 2, 2, 1)


# --- edge cases found in review ------------------------------------------------------------------


def test_check_in_search_with_a_nul_character_is_ignored_not_a_server_error(client, workshop, organiser):
    (registration,) = registrations(workshop, 1, Status.CONFIRMED)
    response = client.get(url("checkin", workshop), {"q": "Kim\x00"})
    assert response.status_code == 200
    assert registration.participant.full_name in response.content.decode()


def test_check_in_list_shows_the_day_and_local_time_of_each_check_in(client, workshop, organiser):
    # A multi-day workshop: "09:15" alone would not say which morning.
    (registration,) = registrations(workshop, 1, Status.CONFIRMED)
    today = timezone.localdate(timezone.now(), workshop.tzinfo)
    record_days(registration, [today])
    registration.attendances.update(recorded_at=datetime.datetime.combine(today, datetime.time(9, 15), workshop.tzinfo))
    expected = f"{dateformat.format(today, 'D j N')}, 09:15"  # "Mon 7 Dec., 09:15", "Fri 1 May, 09:15"
    assert f"checked in {expected}" in client.get(url("checkin", workshop)).content.decode()


def test_an_unknown_time_zone_is_a_message_beside_the_field(client, workshop, organiser):
    response = client.post(url("workshop_edit", workshop), workshop_data(workshop, time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "Select a valid choice. Mars/Olympus_Mons is not one of the available choices." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.time_zone != "Mars/Olympus_Mons"


@pytest.mark.parametrize("start_date", ["9999-12-31", "0001-01-01"])
def test_duplicating_to_a_date_the_calendar_cannot_hold_is_a_message(client, workshop, organiser, start_date):
    workshop.registration_opens_at = workshop_local(workshop, -30, 9)
    workshop.save()
    response = client.post(
        url("workshop_duplicate", workshop), {"title_en": "Far away", "slug": "far-away", "start_date": start_date}
    )
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()
    assert not Workshop.objects.filter(slug="far-away").exists()


def test_more_seats_go_to_the_waitlist_first_not_to_the_next_newcomer(client, organiser):
    workshop = WorkshopFactory(slug="open-seats", capacity=1, requires_approval=False)
    OrganiserMembershipFactory(workshop=workshop, user=organiser)
    registrations(workshop, 1, Status.CONFIRMED)
    first, second, third = registrations(workshop, 3, Status.WAITLISTED)

    response = client.post(url("workshop_edit", workshop), workshop_data(workshop, capacity=3, requires_approval=""))

    assert response.status_code == 302
    statuses = dict(Registration.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: Status.CONFIRMED, second.pk: Status.CONFIRMED, third.pk: Status.WAITLISTED}


def test_a_participant_cancelled_at_another_workshop_can_still_speak_at_this_one(client, workshop, organiser):
    session = ProgrammeSessionFactory(workshop=workshop)
    speaker = ParticipantFactory(full_name="Grace Speaker", user__password=None)
    RegistrationFactory(workshop=workshop, participant=speaker, status=Status.CONFIRMED)
    RegistrationFactory(workshop=WorkshopFactory(), participant=speaker, status=Status.CANCELLED)
    outsider = ParticipantFactory(full_name="Not Registered Here", user__password=None)
    RegistrationFactory(workshop=WorkshopFactory(), participant=outsider, status=Status.CONFIRMED)

    response = client.get(url("speaker_create", workshop, session_id=session.pk))

    choices = list(response.context["form"].fields["participant"].queryset)
    assert choices == [speaker]


def test_a_session_cannot_swap_with_one_running_at_the_same_time(client, workshop, organiser):
    plenary = ProgrammeSessionFactory(
        workshop=workshop, room="A", starts_at=workshop_local(workshop, 0, 14), ends_at=workshop_local(workshop, 0, 15)
    )
    breakout = ProgrammeSessionFactory(
        workshop=workshop, room="B", starts_at=workshop_local(workshop, 0, 14), ends_at=workshop_local(workshop, 0, 15)
    )
    response = client.post(url("session_move", workshop, session_id=breakout.pk), {"to": "up"}, follow=True)
    assert "runs at the same time as" in response.content.decode()
    for session in (plenary, breakout):
        session.refresh_from_db()
        assert session.starts_at == workshop_local(workshop, 0, 14)


def test_swapping_sessions_keeps_the_gap_between_them(client, workshop, organiser):
    morning = ProgrammeSessionFactory(
        workshop=workshop, starts_at=workshop_local(workshop, 0, 9), ends_at=workshop_local(workshop, 0, 10)
    )
    after_lunch = ProgrammeSessionFactory(
        workshop=workshop, starts_at=workshop_local(workshop, 0, 13), ends_at=workshop_local(workshop, 0, 13, 30)
    )
    client.post(url("session_move", workshop, session_id=after_lunch.pk), {"to": "up"})
    slots = dict(ProgrammeSession.objects.values_list("pk", "starts_at"))
    assert slots[after_lunch.pk] == workshop_local(workshop, 0, 9)
    assert slots[morning.pk] == workshop_local(workshop, 0, 12, 30), "the pair still ends when it ended"


def test_duplicate_offers_the_same_weekdays_next_year_and_a_slug_with_the_new_year(client, organiser):
    leap = WorkshopFactory(
        slug="bangkok-2028", start_date=datetime.date(2028, 2, 29), end_date=datetime.date(2028, 3, 3)
    )
    OrganiserMembershipFactory(workshop=leap, user=organiser)
    initial = client.get(url("workshop_duplicate", leap)).context["form"].initial
    assert initial["start_date"] == datetime.date(2029, 2, 27)
    assert initial["start_date"].weekday() == leap.start_date.weekday()
    assert initial["slug"] == "bangkok-2029"


def test_a_duplicated_speaker_keeps_their_participant_when_edited_in_the_copy(client, organiser):
    past = WorkshopFactory(slug="seoul-2015")
    OrganiserMembershipFactory(workshop=past, user=organiser)
    person = ParticipantFactory(full_name="Dr Park", user__password=None)
    RegistrationFactory(workshop=past, participant=person, status=Status.CONFIRMED)
    SpeakerFactory(session=ProgrammeSessionFactory(workshop=past), participant=person, name="")
    start = past.start_date + datetime.timedelta(days=365)
    client.post(url("workshop_duplicate", past), {"title_en": "Copy", "slug": "seoul-copy", "start_date": start})
    copy = Workshop.objects.get(slug="seoul-copy")
    speaker = Speaker.objects.get(session__workshop=copy)

    response = client.post(
        url("speaker_edit", copy, speaker_id=speaker.pk), {"participant": person.pk, "name": "", "role": "chair"}
    )

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.participant, speaker.role) == (person, "chair")


def test_admin_shows_a_workshops_times_on_its_own_clock(admin_client):
    seoul = WorkshopFactory(time_zone="Asia/Seoul")
    seoul.registration_opens_at = workshop_local(seoul, -20, 9, 15)
    seoul.save()
    ProgrammeSessionFactory(
        workshop=seoul, starts_at=workshop_local(seoul, 0, 9, 30), ends_at=workshop_local(seoul, 0, 10, 45)
    )

    page = admin_client.get(reverse("admin:workshops_workshop_change", args=[seoul.pk])).content.decode()

    assert 'name="registration_opens_at_1" value="09:15:00"' in page
    assert 'name="sessions-0-starts_at_1" value="09:30:00"' in page
    assert admin_client.get(reverse("admin:workshops_workshop_change", args=["not-a-number"])).status_code == 302


# Beside the session, the user, the workshop and the access check: the printed list's countries, organisations and
# count, then its rows; the export's filter (the countries present), the registration questions (none here) and its
# rows. The list and the export stream, so their queries run while the body is read; their rows are read by key
# (core.chunks): the keys, then a query per thousand rows (one here, up to 500).
LIST_QUERIES = {"participant_list": 9, "registrations_export": 9}


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize("name", ["participant_list", "registrations_export"])
def test_lists_of_people_run_the_same_number_of_queries_whatever_the_size(
    client, organiser, django_assert_num_queries, name, count
):
    big = WorkshopFactory(capacity=1000)
    OrganiserMembershipFactory(workshop=big, user=organiser)
    bulk_registrations(big, count)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(url(name, big))
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b"Participant" in body


def test_an_answer_by_day_at_the_end_of_the_calendar_is_refused_with_a_message(client, workshop, organiser):
    workshop.status = Workshop.Status.PUBLISHED
    workshop.save()
    response = client.post(
        url("invite", workshop),
        {"email": "far@example.org", "name": "Far Future", "answer_by": "9999-12-31"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not workshop.invitations.exists()


def test_moving_a_workshops_dates_or_zone_moves_its_programme_on_the_wall_clock(client, workshop, organiser):
    session = ProgrammeSessionFactory(
        workshop=workshop, starts_at=workshop_local(workshop, 1, 9), ends_at=workshop_local(workshop, 1, 10, 30)
    )
    week_later = {
        "start_date": (workshop.start_date + datetime.timedelta(days=7)).isoformat(),
        "end_date": (workshop.end_date + datetime.timedelta(days=7)).isoformat(),
    }
    response = client.post(
        url("workshop_edit", workshop), workshop_data(workshop, time_zone="Asia/Bangkok", **week_later)
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    session.refresh_from_db()
    assert workshop.time_zone == "Asia/Bangkok"
    assert (session.starts_at, session.ends_at) == (workshop_local(workshop, 1, 9), workshop_local(workshop, 1, 10, 30))


def test_shortening_a_workshop_under_its_programme_is_refused_naming_a_session(client, workshop, organiser):
    ProgrammeSessionFactory(workshop=workshop, title="Field visit", starts_at=workshop_local(workshop, 2, 9))
    response = client.post(
        url("workshop_edit", workshop), workshop_data(workshop, end_date=workshop.start_date.isoformat())
    )
    assert response.status_code == 200
    assert "“Field visit” would fall outside the new dates" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.end_date != workshop.start_date


def test_no_decision_is_taken_or_mailed_once_the_workshop_is_cancelled(client, workshop, organiser):
    (pending,) = registrations(workshop, 1)
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)

    response = client.post(
        url("registrations_decide", workshop), {"single": f"{pending.pk}:{Status.CONFIRMED}"}, follow=True
    )

    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.REGISTRATION_CONFIRMED).exists()
    assert "This workshop is cancelled" in response.content.decode()


def test_cancelling_with_one_registrant_says_so_in_the_singular(client, workshop, organiser):
    registrations(workshop, 1)
    response = client.post(url("workshop_cancel", workshop), {"message": "Postponed."}, follow=True)
    assert "1 registrant will be emailed." in response.content.decode()


def test_a_new_workshop_left_without_slug_and_time_zone_gets_them_from_title_year_and_country(client):
    client.force_login(make_secretariat())
    WorkshopFactory(slug="pacific-green-customs-workshop-2027")
    template = WorkshopFactory.build(title="Pacific Green Customs Workshop", start_date=datetime.date(2027, 5, 4))
    data = workshop_data(
        template,
        slug="",
        time_zone="",
        country="KR",
        end_date="2027-05-06",
        registration_closes_at="2027-05-01T18:00",
    )
    client.post(reverse("console:workshop_create"), data)
    workshop = Workshop.objects.get(title="Pacific Green Customs Workshop", start_date=datetime.date(2027, 5, 4))
    assert workshop.slug == "pacific-green-customs-workshop-2027-2"
    assert workshop.time_zone == "Asia/Seoul"
    # The window was read on the proposed zone's clock, not on UTC's.
    assert workshop.registration_closes_at == datetime.datetime(2027, 5, 1, 9, 0, tzinfo=datetime.UTC)


def test_the_time_zone_is_a_list_grouped_by_region_and_each_country_carries_its_own(client):
    client.force_login(make_secretariat())
    page = client.get(reverse("console:workshop_create")).content.decode()
    assert '<select name="time_zone"' in page
    assert '<optgroup label="Asia">' in page and '<option value="Asia/Kolkata">Kolkata</option>' in page
    assert '<option value="KR" data-time-zone="Asia/Seoul">' in page
    assert 'src="/static/js/workshop-form.js"' in page
    assert 'type="date"' in page and 'type="datetime-local"' in page


def test_a_decision_for_every_registration_matching_the_filter_reaches_the_other_pages(client, workshop, organiser):
    workshop.capacity = 200
    workshop.save()
    thai = registrations(workshop, 55, participant__country="TH")
    others = registrations(workshop, 3, participant__country="MN")
    page = client.get(url("registrations", workshop), {"country": "TH"}).content.decode()
    assert "Apply to all 55 registrations matching the filter, on every page" in page

    response = client.post(
        url("registrations_decide", workshop),
        {"every_match": "on", "decision": Status.WAITLISTED, "query": "country=TH"},
        follow=True,
    )

    assert "55 registrations waitlisted." in response.content.decode()
    assert Registration.objects.filter(pk__in=[r.pk for r in thai], status=Status.WAITLISTED).count() == 55
    assert not Registration.objects.filter(pk__in=[r.pk for r in others], status=Status.WAITLISTED).exists()
    assert response.redirect_chain[-1][0].endswith("?country=TH")
