import datetime

import pytest
from django.utils import timezone

from outbox.delivery import Programmes, build_message
from outbox.models import OutgoingEmail
from participants import services
from participants.models import Registration
from participants.selectors import waitlist_position
from tests.support.factories import (
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    workshop_local,
)
from tests.support.mailserver import attached_files
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(workshop, participant=None):
    participant = participant or ParticipantFactory()
    return services.register(workshop_id=workshop.pk, participant_id=participant.pk)


def test_open_workshop_confirms_while_seats_remain_then_waitlists():
    workshop = WorkshopFactory(capacity=2)
    statuses = [register(workshop).status for _ in range(3)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    kinds = sorted(OutgoingEmail.objects.values_list("kind", flat=True))
    assert kinds == ["registration_confirmed", "registration_confirmed", "registration_waitlisted"]


def test_approval_workshop_keeps_registrations_pending_and_counts_them_as_reserved():
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    assert register(workshop).status == Status.PENDING
    assert register(workshop).status == Status.WAITLISTED


def test_draft_workshop_refuses_and_writes_nothing():
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    with pytest.raises(services.RegistrationError, match="not open for registration"):
        register(workshop)
    assert not Registration.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_registration_window_is_enforced():
    now = timezone.now()
    not_yet = WorkshopFactory(registration_opens_at=now + datetime.timedelta(days=1))
    with pytest.raises(services.RegistrationError, match="has not opened yet"):
        register(not_yet)
    closed = WorkshopFactory(registration_closes_at=now - datetime.timedelta(minutes=1))
    with pytest.raises(services.RegistrationError, match="is closed"):
        register(closed)


def test_second_registration_points_to_the_first():
    workshop = WorkshopFactory()
    first = register(workshop)
    with pytest.raises(services.RegistrationError, match="already registered") as refused:
        register(workshop, first.participant)
    assert refused.value.registration == first


def test_cancelling_a_confirmed_seat_promotes_the_first_on_the_waitlist():
    workshop = WorkshopFactory(capacity=1)
    holder = register(workshop)
    first_waiting, second_waiting = register(workshop), register(workshop)
    services.cancel_registration(registration_id=holder.pk)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (first_waiting.status, second_waiting.status) == (Status.CONFIRMED, Status.WAITLISTED)
    assert OutgoingEmail.objects.filter(registration=first_waiting, kind="registration_promoted").count() == 1


def test_rejecting_a_seat_holder_gives_the_seat_to_the_first_on_the_waitlist(django_user_model):
    """The waitlist email promises a seat "as soon as one becomes free": a rejection frees one too."""
    workshop = WorkshopFactory(capacity=1)
    holder = register(workshop)
    first_waiting, second_waiting = register(workshop), register(workshop)
    organiser = django_user_model.objects.create_user("organiser@example.org")
    services.decide_registrations(
        workshop_id=workshop.pk, registration_ids=[holder.pk], decision=Status.REJECTED, actor=organiser
    )
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (first_waiting.status, second_waiting.status) == (Status.CONFIRMED, Status.WAITLISTED)
    assert OutgoingEmail.objects.filter(registration=first_waiting, kind="registration_promoted").count() == 1


def test_a_bulk_decision_reads_the_programme_once_not_once_per_person(django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workshop = WorkshopFactory(capacity=10, requires_approval=True)
    ProgrammeSessionFactory(workshop=workshop, starts_at=workshop_local(workshop, 0, 9))
    pending = [RegistrationFactory(workshop=workshop, status=Status.PENDING) for _ in range(5)]
    organiser = django_user_model.objects.create_user("organiser@example.org")
    with CaptureQueriesContext(connection) as queries:
        decided, _no_seat = services.decide_registrations(
            workshop_id=workshop.pk,
            registration_ids=[r.pk for r in pending],
            decision=Status.CONFIRMED,
            actor=organiser,
        )
    assert len(decided) == 5
    programme_reads = [q["sql"] for q in queries.captured_queries if 'FROM "programme_programmesession"' in q["sql"]]
    assert len(programme_reads) == 1
    # Everyone still gets the programme in their calendar.
    assert all(email.programme_of == workshop for email in OutgoingEmail.objects.filter(kind="registration_confirmed"))


def test_cancelling_twice_says_so():
    registration = RegistrationFactory()
    services.cancel_registration(registration_id=registration.pk)
    with pytest.raises(services.RegistrationError, match="already cancelled"):
        services.cancel_registration(registration_id=registration.pk)


def test_bulk_confirm_confirms_as_many_as_fit_in_registration_order(django_user_model):
    workshop = WorkshopFactory(capacity=3, requires_approval=True)
    RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    pending = [RegistrationFactory(workshop=workshop, status=Status.PENDING) for _ in range(4)]
    organiser = django_user_model.objects.create_user("organiser@example.org")
    decided, no_seat = services.decide_registrations(
        workshop_id=workshop.pk,
        registration_ids=[r.pk for r in pending],
        decision=Status.CONFIRMED,
        actor=organiser,
    )
    assert [r.pk for r in decided] == [r.pk for r in pending[:2]]
    assert [r.pk for r in no_seat] == [r.pk for r in pending[2:]]
    assert workshop.registrations.filter(status=Status.CONFIRMED).count() == 3
    assert all(r.decided_by == organiser for r in decided)


def test_approval_workshop_says_registration_received():
    workshop = WorkshopFactory(requires_approval=True)
    registration = register(workshop)
    email = OutgoingEmail.objects.get(registration=registration)
    assert email.kind == "registration_received"
    assert "organisers review each registration" in email.filled_text


def test_cancelled_workshop_refuses_and_writes_nothing():
    workshop = WorkshopFactory(status=Workshop.Status.CANCELLED)
    with pytest.raises(services.RegistrationError, match="not open for registration"):
        register(workshop)
    assert not Registration.objects.exists()


def test_a_cancelled_registration_does_not_block_a_new_one():
    registration = RegistrationFactory()
    services.cancel_registration(registration_id=registration.pk)
    again = register(registration.workshop, registration.participant)
    assert again.status == Status.CONFIRMED


def test_under_approval_the_promoted_person_becomes_pending():
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    holder = register(workshop)
    waiting = register(workshop)
    services.cancel_registration(registration_id=holder.pk)
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    workshop = WorkshopFactory(capacity=1)
    holder, first_waiting, second_waiting = register(workshop), register(workshop), register(workshop)
    services.cancel_registration(registration_id=first_waiting.pk)
    assert waitlist_position(second_waiting) == 1
    holder.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (holder.status, second_waiting.status) == (Status.CONFIRMED, Status.WAITLISTED)
    assert OutgoingEmail.objects.filter(registration=first_waiting, kind="registration_cancelled").count() == 1


def test_confirmation_email_gives_times_in_the_workshop_zone_and_attaches_the_programme(settings):
    settings.TIME_ZONE = "UTC"
    workshop = WorkshopFactory(
        slug="seoul", time_zone="Asia/Seoul", start_date=datetime.date(2030, 11, 12), venue="KCS Headquarters"
    )
    ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))
    registration = register(workshop)
    email = OutgoingEmail.objects.get(registration=registration)
    # 09:00 in Seoul is midnight UTC; the participant reads Seoul time, with the zone named.
    assert "First session: Tuesday 12 November 2030, 09:00 (Asia/Seoul time)" in email.filled_text
    assert "First session: Tuesday 12 November 2030, 09:00 (Asia/Seoul time)" in email.filled_html
    assert "KCS Headquarters, Seoul" in email.filled_text

    [(filename, content, mimetype)] = attached_files(build_message(email, Programmes()))
    assert (filename, mimetype) == ("seoul.ics", "text/calendar")
    assert "SUMMARY;LANGUAGE=en:Opening" in content and "TZID=Asia/Seoul" in content


def test_waitlist_email_carries_no_calendar():
    workshop = WorkshopFactory(capacity=1)
    register(workshop)
    waiting = register(workshop)
    email = OutgoingEmail.objects.get(registration=waiting)
    assert (email.kind, email.attachments, email.programme_of) == ("registration_waitlisted", [], None)
    assert "you are on the waiting list" in email.filled_text
