"""The rules the database holds reject bad rows, whatever code writes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participants.models import Registration
from tests.support.factories import (
    InvitationFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
    workshop_local,
)

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_workshop_cannot_end_before_it_starts():
    start = datetime.date(2015, 11, 10)
    assert_rejected_by_database(lambda: WorkshopFactory(start_date=start, end_date=start - datetime.timedelta(days=1)))


def test_workshop_of_one_day_is_allowed():
    day = datetime.date(2015, 11, 10)
    assert WorkshopFactory(start_date=day, end_date=day).pk


def test_workshop_capacity_must_be_positive():
    assert_rejected_by_database(lambda: WorkshopFactory(capacity=0))


def test_registration_window_must_close_after_it_opens():
    opens = datetime.datetime(2015, 10, 1, tzinfo=datetime.UTC)
    assert_rejected_by_database(
        lambda: WorkshopFactory(registration_opens_at=opens, registration_closes_at=opens - datetime.timedelta(hours=1))
    )


def test_workshop_status_outside_the_choices_is_rejected():
    assert_rejected_by_database(lambda: WorkshopFactory(status="archived"))


def test_workshop_form_validation_names_the_bad_dates():
    workshop = WorkshopFactory.build(start_date=datetime.date(2015, 11, 13), end_date=datetime.date(2015, 11, 10))
    with pytest.raises(ValidationError) as caught:
        workshop.full_clean()
    assert "end_date" in caught.value.message_dict


def test_session_must_end_after_it_starts():
    workshop = WorkshopFactory()
    starts = workshop_local(workshop, 0, 9)
    assert_rejected_by_database(lambda: ProgrammeSessionFactory(workshop=workshop, starts_at=starts, ends_at=starts))


def test_session_outside_the_workshop_days_is_rejected():
    workshop = WorkshopFactory(time_zone="Asia/Seoul")
    day_before = workshop_local(workshop, -1, 9)
    session = ProgrammeSessionFactory.build(
        workshop=workshop, starts_at=day_before, ends_at=day_before + datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="workshop's days"):
        session.full_clean()


def test_session_past_midnight_after_the_last_day_is_rejected():
    workshop = WorkshopFactory()
    last_evening = workshop_local(workshop, 3, 23)
    session = ProgrammeSessionFactory.build(
        workshop=workshop, starts_at=last_evening, ends_at=last_evening + datetime.timedelta(hours=2)
    )
    with pytest.raises(ValidationError):
        session.full_clean()


def test_session_is_judged_in_the_workshop_time_zone_not_utc():
    # 08:00 in Seoul on the first day is still the previous day in UTC: it must be accepted.
    workshop = WorkshopFactory(time_zone="Asia/Seoul")
    early = workshop_local(workshop, 0, 8)
    assert early.astimezone(datetime.UTC).date() < workshop.start_date
    ProgrammeSessionFactory.build(
        workshop=workshop, starts_at=early, ends_at=early + datetime.timedelta(hours=1)
    ).full_clean()


def test_second_active_registration_is_rejected():
    registration = RegistrationFactory(status=Registration.Status.CONFIRMED)
    assert_rejected_by_database(
        lambda: RegistrationFactory(workshop=registration.workshop, participant=registration.participant)
    )


def test_registration_after_a_cancelled_one_is_allowed():
    registration = RegistrationFactory(status=Registration.Status.CANCELLED)
    again = RegistrationFactory(workshop=registration.workshop, participant=registration.participant)
    assert again.pk != registration.pk


def test_only_confirmed_registrations_can_be_checked_in():
    participant = ParticipantFactory()
    assert_rejected_by_database(
        lambda: RegistrationFactory(
            participant=participant,
            status=Registration.Status.WAITLISTED,
            attended_at=datetime.datetime(2015, 11, 10, tzinfo=datetime.UTC),
        )
    )


def test_invitation_is_unique_per_workshop_and_email_whatever_the_case():
    invitation = InvitationFactory(email="officer@customs.go.kr")
    assert_rejected_by_database(lambda: InvitationFactory(workshop=invitation.workshop, email="Officer@Customs.go.kr"))


def test_speaker_needs_a_participant_or_a_name():
    assert_rejected_by_database(lambda: SpeakerFactory(name="", participant=None))
