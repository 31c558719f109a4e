import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from outbox.delivery import Programmes, build_message
from outbox.models import OutgoingEmail
from participants.invitations import invitation_for_token
from participants.models import Invitation, Participant, Registration
from participants.reminders import reminder_due_at, send_reminders_now, sweep_reminders
from tests.participants.test_invitations import LINK
from tests.support.concurrency import requires_postgres, run_concurrently
from tests.support.factories import (
    InvitationFactory,
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    workshop_local,
)
from tests.support.mailserver import attached_files
from workshops.models import Workshop

UTC = datetime.UTC


def reminders():
    return OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.REMINDER)


def bulk_registrations(workshop, count, prefix):
    """Many confirmed registrations without a factory round trip each."""
    users = User.objects.bulk_create(User(email=f"{prefix}-{n}@customs.example") for n in range(count))
    participants = Participant.objects.bulk_create(Participant(user=user, full_name=user.email) for user in users)
    Registration.objects.bulk_create(
        Registration(workshop=workshop, participant=participant, status=Registration.Status.CONFIRMED)
        for participant in participants
    )


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_and_a_third_send_one_reminder_per_registration_and_offset():
    start = timezone.localdate() + datetime.timedelta(days=14)
    workshops = [WorkshopFactory(start_date=start, time_zone="UTC", reminder_offsets=[14, 2]) for _ in range(20)]
    for index, workshop in enumerate(workshops):
        bulk_registrations(workshop, 50, f"w{index}")
    now = reminder_due_at(workshops[0], 14) + datetime.timedelta(hours=1)

    outcomes = run_concurrently(lambda _index: sweep_reminders(now=now), 2)
    assert sweep_reminders(now=now) == 0
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert sum(outcomes) == 1000
    keys = list(reminders().values_list("dedup_key", flat=True))
    assert len(keys) == len(set(keys)) == 1000
    assert all(key.endswith(":14") for key in keys)


@pytest.mark.django_db
def test_sweep_writes_each_reminder_once_for_registrations_and_pending_invitations():
    workshop = WorkshopFactory(reminder_offsets=[14, 2])
    confirmed = RegistrationFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    pending = InvitationFactory(workshop=workshop)
    InvitationFactory(workshop=workshop, status=Invitation.Status.DECLINED)
    now = reminder_due_at(workshop, 14)
    assert sweep_reminders(now=now) == 2
    assert sweep_reminders(now=now + datetime.timedelta(minutes=5)) == 0
    assert set(reminders().values_list("dedup_key", flat=True)) == {
        f"reminder:registration:{confirmed.pk}:14",
        f"reminder:invitation:{pending.pk}:14",
    }
    # A factory's invitation predates link nonces: the reminder gives it a link the portal can write again.
    link = LINK.search(reminders().get(invitation=pending).filled_text).group(1)
    assert invitation_for_token(link.split("/")[2]) == pending


@pytest.mark.django_db
def test_berlin_workshop_starting_on_the_day_clocks_change_is_reminded_at_9_local():
    # Summer time starts in Europe on Sunday 28 March 2027 at 02:00: 09:00 that day is 07:00 UTC,
    # while 09:00 two days earlier is still 08:00 UTC.
    workshop = WorkshopFactory(
        start_date=datetime.date(2027, 3, 28), time_zone="Europe/Berlin", reminder_offsets=[2, 0]
    )
    RegistrationFactory(workshop=workshop)
    assert sweep_reminders(now=datetime.datetime(2027, 3, 26, 7, 59, tzinfo=UTC)) == 0
    assert sweep_reminders(now=datetime.datetime(2027, 3, 26, 8, 0, tzinfo=UTC)) == 1
    assert sweep_reminders(now=datetime.datetime(2027, 3, 28, 6, 59, tzinfo=UTC)) == 0
    assert sweep_reminders(now=datetime.datetime(2027, 3, 28, 7, 0, tzinfo=UTC)) == 1
    assert sorted(key[-2:] for key in reminders().values_list("dedup_key", flat=True)) == [":0", ":2"]


@pytest.mark.django_db
def test_a_moved_workshop_takes_its_unsent_reminders_along():
    workshop = WorkshopFactory(reminder_offsets=[14])
    RegistrationFactory(workshop=workshop)
    first_due = reminder_due_at(workshop, 14)
    Workshop.objects.filter(pk=workshop.pk).update(
        start_date=workshop.start_date + datetime.timedelta(days=7),
        end_date=workshop.end_date + datetime.timedelta(days=7),
    )
    assert sweep_reminders(now=first_due) == 0
    assert sweep_reminders(now=first_due + datetime.timedelta(days=7)) == 1


@pytest.mark.django_db
def test_cancelled_workshops_and_reminders_more_than_a_day_late_send_none():
    cancelled = WorkshopFactory(reminder_offsets=[14], status=Workshop.Status.CANCELLED)
    RegistrationFactory(workshop=cancelled)
    assert sweep_reminders(now=reminder_due_at(cancelled, 14)) == 0

    late = WorkshopFactory(reminder_offsets=[14])
    RegistrationFactory(workshop=late)
    assert sweep_reminders(now=reminder_due_at(late, 14) + datetime.timedelta(days=1, minutes=1)) == 0
    assert sweep_reminders(now=reminder_due_at(late, 14) + datetime.timedelta(hours=23)) == 1


@pytest.mark.django_db
def test_reminder_carries_the_programme_in_the_workshop_zone_and_the_ics(client):
    workshop = WorkshopFactory(time_zone="Asia/Seoul")
    ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9, 30))
    registration = RegistrationFactory(workshop=workshop)
    assert send_reminders_now(workshop_id=workshop.pk, actor=None) == 1
    email = reminders().get(registration=registration)
    assert "Programme (times in Asia/Seoul):" in email.filled_text
    assert "09:30–11:00  Opening (Main hall)" in email.filled_text
    [(_filename, content, mimetype)] = attached_files(build_message(email, Programmes()))
    assert mimetype == "text/calendar"
    assert "SUMMARY;LANGUAGE=en:Opening" in content
    # "Send a reminder now" twice sends twice: each press is its own occasion.
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert send_reminders_now(workshop_id=workshop.pk, actor=None, now=later) == 1


@pytest.mark.django_db
def test_run_sweeps_sends_the_due_reminders_once_without_celery_beat():
    workshop = WorkshopFactory(start_date=timezone.now().date() + datetime.timedelta(days=2), time_zone="UTC")
    # Whichever offset fell due within the last day: 09:00 today if it has passed, else 09:00 yesterday.
    offset = 2 if timezone.now() >= reminder_due_at(workshop, 2) else 3
    workshop.reminder_offsets = [offset]
    workshop.end_date = workshop.start_date
    workshop.save()
    RegistrationFactory(workshop=workshop)
    output = io.StringIO()

    call_command("run_sweeps", stdout=output)
    call_command("run_sweeps", stdout=output)

    assert output.getvalue().splitlines() == [
        "Reminders queued: 1. Stuck emails handed back for delivery: 0. "
        "Sent emails emptied after the retention period: 0.",
        "Reminders queued: 0. Stuck emails handed back for delivery: 0. "
        "Sent emails emptied after the retention period: 0.",
    ]
    assert reminders().count() == 1


@pytest.mark.django_db
def test_reminding_asks_first_saying_how_many_are_emailed(client):
    workshop = WorkshopFactory()
    RegistrationFactory.create_batch(2, workshop=workshop)
    InvitationFactory(workshop=workshop)
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)

    page = client.get(f"/manage/{workshop.slug}/reminders/send-now/").content.decode()
    assert "2 confirmed participants, with the programme." in page
    assert "1 invited person who has not answered yet." in page
    assert "stop working" not in page  # invitees are reminded with the link they already have
    assert not reminders().exists()

    page = client.get(f"/manage/{workshop.slug}/invitations/remind/").content.decode()
    assert "1 invited person who has not answered yet." in page
    assert not OutgoingEmail.objects.exists()
    invitations = client.get(f"/manage/{workshop.slug}/invitations/").content.decode()
    assert "manage.py run_sweeps" in invitations


def sweep_queries(registrations, invitations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workshop = WorkshopFactory(time_zone="Asia/Seoul")
    ProgrammeSessionFactory(workshop=workshop, starts_at=workshop_local(workshop, 0, 9))
    for _ in range(registrations):
        RegistrationFactory(workshop=workshop)
    for _ in range(invitations):
        InvitationFactory(workshop=workshop)
    with CaptureQueriesContext(connection) as queries:
        assert sweep_reminders(now=reminder_due_at(workshop, 14) + datetime.timedelta(minutes=5)) == (
            registrations + invitations
        )
    return workshop, len(queries)


@pytest.mark.django_db
def test_the_sweep_writes_one_row_per_person_with_no_copy_of_the_programme_in_queries_flat_in_their_number():
    workshop, few = sweep_queries(2, 1)
    rows = reminders().filter(programme_of=workshop)
    assert rows.count() == 3
    assert all(attachments == [] for attachments in rows.values_list("attachments", flat=True))
    workshop.delete()  # out of the next sweep's way
    _workshop, many = sweep_queries(12, 6)
    assert many == few
