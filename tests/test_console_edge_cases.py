"""Console edge cases found in review: hostile input, waitlist fairness, speaker choices, programme moves."""

import datetime

import pytest
from django.urls import reverse

from participants.models import Registration
from sessions.models import ProgrammeSession, Speaker
from tests.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
    workshop_local,
)
from tests.test_console_pages import bulk_registrations, registrations, url, workshop_data
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="seoul", capacity=3, requires_approval=True, time_zone="Asia/Seoul")


@pytest.fixture
def organiser(client, workshop):
    user = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    client.force_login(user)
    return user


def test_check_in_search_with_a_nul_character_is_ignored_not_a_server_error(client, workshop, organiser):
    (registration,) = registrations(workshop, 1, Status.CONFIRMED)
    response = client.get(url("checkin", workshop), {"q": "Kim\x00"})
    assert response.status_code == 200
    assert registration.participant.full_name in response.content.decode()


def test_an_unknown_time_zone_is_a_message_beside_the_field(client, workshop, organiser):
    response = client.post(url("workshop_edit", workshop), workshop_data(workshop, time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "is not an IANA time zone" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.time_zone != "Mars/Olympus_Mons"


@pytest.mark.parametrize("start_date", ["9999-12-31", "0001-01-01"])
def test_duplicating_to_a_date_the_calendar_cannot_hold_is_a_message(client, workshop, organiser, start_date):
    workshop.registration_opens_at = workshop_local(workshop, -30, 9)
    workshop.save()
    response = client.post(
        url("workshop_duplicate", workshop), {"title": "Far away", "slug": "far-away", "start_date": start_date}
    )
    assert response.status_code == 200
    assert "too far" in response.content.decode()
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
    client.post(url("workshop_duplicate", past), {"title": "Copy", "slug": "seoul-copy", "start_date": start})
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


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize("name", ["checkin", "participant_list", "registrations_export"])
def test_lists_of_people_run_the_same_number_of_queries_whatever_the_size(
    client, organiser, django_assert_max_num_queries, name, count
):
    big = WorkshopFactory(capacity=1000)
    OrganiserMembershipFactory(workshop=big, user=organiser)
    bulk_registrations(big, count)
    with django_assert_max_num_queries(10):
        response = client.get(url(name, big))
    assert response.status_code == 200


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
