"""Approval to registration, withdrawal, and the focal points' emails."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from activity.models import Action, ActivityEntry
from delegations import services
from delegations.models import Nomination
from outbox.models import OutgoingEmail
from participants.models import Invitation, Registration
from tests.participants.test_invitations import PROFILE
from tests.support.delegations import make_delegation, nominee
from tests.support.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^/\s]+(/invitations/[A-Za-z0-9_-]+/)")


def nominate(delegation, index=0, **fields):
    return services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(index, **fields),
    )


def approve(delegation, *nominations, message=""):
    return services.decide_nominations(
        workshop_id=delegation.workshop.pk,
        nomination_ids=[nomination.pk for nomination in nominations],
        decision=Nomination.Status.APPROVED,
        message=message,
        actor=UserFactory(),
    )


def accept_by_email(client, email):
    """Open the invitation link mailed to `email` and accept it, logged in as that address's owner. The link is in
    the outbox row until it is sent (sending blanks it there), then in the message sent."""
    row = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.INVITATION, to_email=email).latest("pk")
    link = LINK.search(row.filled_text) or LINK.search(
        next(sent.body for sent in mail.outbox[::-1] if email in sent.to)
    )
    client.force_login(UserFactory(email=email))
    client.get(link.group(1), follow=True)
    return client.post("/invitations/answer/", {"answer": "accept", **PROFILE}, follow=True)


def test_approval_invites_the_nominee_whose_acceptance_registers_them_as_a_nomination(client):
    delegation = make_delegation()
    nomination = nominate(delegation, 1)

    approve(delegation, nomination, message="Welcome to Seoul")

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED
    assert nomination.invitation.email == nomination.email
    focal_email = OutgoingEmail.objects.get(kind="delegation", to_email=delegation.focal_point.email)
    assert "approved" in focal_email.filled_text and "Welcome to Seoul" in focal_email.filled_text

    response = accept_by_email(client, nomination.email)

    assert response.status_code == 200
    nomination.refresh_from_db()
    registration = nomination.registration
    assert (registration.source, registration.status) == (Registration.Source.NOMINATION, Registration.Status.CONFIRMED)


def test_an_accepted_nomination_waits_on_the_list_when_the_seats_are_gone(client):
    delegation = make_delegation(capacity=1)
    RegistrationFactory(workshop=delegation.workshop, status=Registration.Status.CONFIRMED)
    nomination = nominate(delegation, 1)
    approve(delegation, nomination)

    accept_by_email(client, nomination.email)

    nomination.refresh_from_db()
    assert nomination.registration.status == Registration.Status.WAITLISTED


def test_withdrawing_a_confirmed_nominee_promotes_the_waitlist_and_mails_the_focal_point(client):
    delegation = make_delegation(capacity=1)
    nomination = nominate(delegation, 1)
    approve(delegation, nomination)
    accept_by_email(client, nomination.email)
    waiting = RegistrationFactory(workshop=delegation.workshop, status=Registration.Status.WAITLISTED)

    services.withdraw_nomination(
        workshop_id=delegation.workshop.pk, nomination_id=nomination.pk, actor=delegation.focal_point
    )

    nomination.refresh_from_db()
    waiting.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
    assert nomination.registration.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(
        to_email=delegation.focal_point.email, dedup_key__contains=":withdrawn:"
    ).exists()


def test_withdrawing_an_approved_nominee_who_has_not_answered_revokes_the_link_and_renomination_reissues_it():
    delegation = make_delegation(seats=1)
    nomination = nominate(delegation, 1)
    approve(delegation, nomination)
    services.withdraw_nomination(
        workshop_id=delegation.workshop.pk, nomination_id=nomination.pk, actor=delegation.focal_point
    )
    nomination.refresh_from_db()
    invitation = nomination.invitation
    assert invitation.status == Invitation.Status.REVOKED

    again = nominate(delegation, 1)
    approve(delegation, again)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert Nomination.objects.get(pk=again.pk).invitation_id == invitation.pk


def test_rejection_mails_the_focal_point_and_frees_the_seat():
    delegation = make_delegation(seats=1)
    nomination = nominate(delegation, 1)
    services.decide_nominations(
        workshop_id=delegation.workshop.pk,
        nomination_ids=[nomination.pk],
        decision=Nomination.Status.REJECTED,
        actor=UserFactory(),
    )
    assert OutgoingEmail.objects.filter(to_email=delegation.focal_point.email, dedup_key__contains=":rejected:")
    assert nominate(delegation, 2)


def notify(delegation):
    return services.notify_focal_points(workshop_id=delegation.workshop.pk, actor=UserFactory())


def test_notifying_twice_sends_one_email_per_focal_point():
    delegation = make_delegation()
    other = make_delegation(workshop=delegation.workshop)

    assert notify(delegation) == 2
    assert notify(delegation) == 0
    logged = ActivityEntry.objects.get(action=Action.FOCAL_POINTS_NOTIFIED)
    assert (logged.workshop, logged.data) == (delegation.workshop, {"count": 2})

    sent = OutgoingEmail.objects.filter(dedup_key__startswith="quota:")
    assert sorted(sent.values_list("to_email", flat=True)) == sorted(
        [delegation.focal_point.email, other.focal_point.email]
    )
    assert f"/delegations/{delegation.workshop.slug}/" in sent.first().filled_text


def test_the_closing_reminder_goes_once_a_week_before_only_where_seats_remain():
    delegation = make_delegation(seats=1)
    full = make_delegation(workshop=delegation.workshop, seats=1)
    nominate(full, 1)
    closes_at = delegation.workshop.nomination_closes_at

    assert services.sweep_closing_reminders(now=closes_at - datetime.timedelta(days=8)) == 0
    assert services.sweep_closing_reminders(now=closes_at - datetime.timedelta(days=6)) == 1
    assert services.sweep_closing_reminders(now=closes_at - datetime.timedelta(days=5)) == 0

    reminded = OutgoingEmail.objects.filter(dedup_key__endswith=":closing")
    assert list(reminded.values_list("to_email", flat=True)) == [delegation.focal_point.email]
    assert timezone.now() < closes_at


def test_beat_runs_the_closing_reminder_sweep_as_a_task():
    from django.conf import settings

    from delegations import tasks

    delegation = make_delegation(seats=1)
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.sweep_closing_reminders.name in schedule
    delegation.workshop.nomination_closes_at = timezone.now() + datetime.timedelta(days=3)
    delegation.workshop.save()

    tasks.sweep_closing_reminders.delay()

    assert OutgoingEmail.objects.filter(dedup_key__endswith=":closing").count() == 1
