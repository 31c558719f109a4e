"""Defect 8: deleting a user or a participant in admin removes their registrations through the registration
services, so the seat they held goes to the waiting list and the log records it."""

import pytest

from accounts.models import User
from activity.models import ActivityEntry
from participants.models import Participant, Registration
from tests.greencustoms.test_admin import admin_url
from tests.support.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def seat_holder():
    """A workshop of one seat: the holder confirmed, someone waiting."""
    workshop = WorkshopFactory(capacity=1)
    holder = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)
    return holder, waiting


def assert_seat_passed_on(holder, waiting):
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert ActivityEntry.objects.filter(action="registration.deleted", object_id=holder.pk).exists()


def test_deleting_a_user_in_admin_gives_their_seat_to_the_waiting_list(admin_client, seat_holder):
    holder, waiting = seat_holder
    user = holder.participant.user
    response = admin_client.post(admin_url(User, "delete", user.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert_seat_passed_on(holder, waiting)


def test_deleting_users_in_bulk_gives_their_seats_to_the_waiting_list(admin_client, seat_holder):
    holder, waiting = seat_holder
    response = admin_client.post(
        admin_url(User, "changelist"),
        {"action": "delete_selected", "_selected_action": [holder.participant.user_id], "post": "yes"},
    )
    assert response.status_code == 302
    assert_seat_passed_on(holder, waiting)


def test_deleting_a_participant_in_admin_gives_their_seat_to_the_waiting_list(admin_client, seat_holder):
    holder, waiting = seat_holder
    response = admin_client.post(admin_url(Participant, "delete", holder.participant_id), {"post": "yes"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=holder.participant_id).exists()
    assert_seat_passed_on(holder, waiting)


def test_deleting_participants_in_bulk_gives_their_seats_to_the_waiting_list(admin_client, seat_holder):
    holder, waiting = seat_holder
    admin_client.post(
        admin_url(Participant, "changelist"),
        {"action": "delete_selected", "_selected_action": [holder.participant_id], "post": "yes"},
    )
    assert_seat_passed_on(holder, waiting)
