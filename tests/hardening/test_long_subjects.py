"""Defect 2: a 255-character title fits in every email's subject (shortened with an ellipsis), and one
workshop that fails in the reminder sweep is logged and never stops the others."""

import datetime
import logging

import pytest

from outbox.models import OutgoingEmail
from participants.invitations import invite
from participants.models import Registration
from participants.reminders import reminder_due_at, sweep_reminders
from participants.services import cancel_registration, register
from tests.support.factories import InvitationFactory, ParticipantFactory, RegistrationFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
LONGEST = 255
Status = Registration.Status


def assert_fits(email, title):
    """The subject fits its column and names the whole title, or as much of it as fits, with an ellipsis."""
    assert len(email.subject) <= LONGEST
    assert title in email.subject or (email.subject.endswith("W…") and len(email.subject) == LONGEST)


@pytest.mark.parametrize("title_length", [230, LONGEST])
def test_registration_waitlist_and_cancellation_emails_fit_a_long_title(title_length):
    workshop = WorkshopFactory(title="W" * title_length, capacity=1)
    first = register(workshop_id=workshop.pk, participant_id=ParticipantFactory().pk)
    second = register(workshop_id=workshop.pk, participant_id=ParticipantFactory().pk)
    assert (first.status, second.status) == (Status.CONFIRMED, Status.WAITLISTED)

    cancel_registration(registration_id=first.pk, actor=first.participant.user)

    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    emails = OutgoingEmail.objects.filter(registration__workshop=workshop)
    assert emails.count() == 4  # confirmed, waitlisted, cancelled, promoted
    for email in emails:
        assert_fits(email, workshop.title)


def test_an_invitation_and_a_reminder_fit_a_long_title():
    workshop = WorkshopFactory(title="W" * LONGEST, reminder_offsets=[2])
    invite(workshop_id=workshop.pk, email="kim@example.org", name="Kim Minjun")
    RegistrationFactory(workshop=workshop)
    assert sweep_reminders(now=reminder_due_at(workshop, 2)) == 2
    for email in OutgoingEmail.objects.all():
        assert_fits(email, workshop.title)


def test_one_workshop_failing_in_the_reminder_sweep_is_logged_and_the_others_are_reminded(caplog):
    broken = WorkshopFactory(reminder_offsets=[2])
    RegistrationFactory(workshop=broken)
    healthy = WorkshopFactory(start_date=broken.start_date, reminder_offsets=[2])
    RegistrationFactory(workshop=healthy)
    InvitationFactory(workshop=healthy)
    # A zone that was valid when typed and has since left the server's time zone database.
    Workshop.objects.filter(pk=broken.pk).update(time_zone="Asia/Atlantis")

    with caplog.at_level(logging.ERROR):
        assert sweep_reminders(now=reminder_due_at(healthy, 2) + datetime.timedelta(minutes=1)) == 2

    assert OutgoingEmail.objects.filter(registration__workshop=healthy).count() == 1
    assert [record for record in caplog.records if f"workshop {broken.pk}" in record.getMessage()]


def test_subjects_are_plain_text_never_html_escaped():
    workshop = WorkshopFactory(title="Ozone & <Wildlife> Trade", reminder_offsets=[2])
    invite(workshop_id=workshop.pk, email="kim@example.org", name="Kim Minjun")
    RegistrationFactory(workshop=workshop)
    sweep_reminders(now=reminder_due_at(workshop, 2))
    subjects = list(OutgoingEmail.objects.values_list("subject", flat=True))
    assert len(subjects) == 3
    assert all("Ozone & <Wildlife> Trade" in subject for subject in subjects), subjects
