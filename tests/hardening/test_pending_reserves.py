"""Defect 5: under approval a pending registration holds its seat. The waitlisted cannot be confirmed past it,
and the capacity cannot drop below confirmed + pending, on every path (services, console, admin)."""

import pytest
from django.urls import reverse

from participants.models import Registration
from participants.services import decide_registrations
from participants.workshop_changes import update_workshop
from tests.console.test_console_pages import workshop_data
from tests.support.factories import OrganiserMembershipFactory, RegistrationFactory, WorkshopFactory
from tests.workshops.test_admin_workshop_dates import post_change
from workshops.services import EDITABLE_FIELDS, WorkshopError

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def workshop():
    """Capacity 2 under approval: A and B pending hold both seats, C waits."""
    workshop = WorkshopFactory(slug="seoul", capacity=2, requires_approval=True)
    for status in (Status.PENDING, Status.PENDING, Status.WAITLISTED):
        RegistrationFactory(workshop=workshop, status=status)
    return workshop


def by_status(workshop, status):
    return list(workshop.registrations.filter(status=status).order_by("pk"))


def test_the_waitlisted_cannot_be_confirmed_past_pending_registrations(workshop):
    a, b = by_status(workshop, Status.PENDING)
    (c,) = by_status(workshop, Status.WAITLISTED)

    decided, no_seat = decide_registrations(
        workshop_id=workshop.pk, registration_ids=[c.pk], decision=Status.CONFIRMED, actor=None
    )
    assert (decided, no_seat) == ([], [c])

    decided, no_seat = decide_registrations(
        workshop_id=workshop.pk, registration_ids=[a.pk, b.pk], decision=Status.CONFIRMED, actor=None
    )
    assert (decided, no_seat) == ([a, b], [])


def test_a_pending_registration_confirmed_first_keeps_its_own_seat_whatever_the_order(workshop):
    a, b = by_status(workshop, Status.PENDING)
    (c,) = by_status(workshop, Status.WAITLISTED)
    decided, no_seat = decide_registrations(
        workshop_id=workshop.pk, registration_ids=[c.pk, a.pk, b.pk], decision=Status.CONFIRMED, actor=None
    )
    assert set(decided) == {a, b}
    assert no_seat == [c]


def test_the_service_refuses_a_capacity_below_confirmed_and_pending(workshop):
    RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    workshop.capacity = 3
    workshop.save()
    fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS} | {"capacity": 2}
    with pytest.raises(WorkshopError) as refused:
        update_workshop(workshop_id=workshop.pk, fields=fields, actor=None)
    assert refused.value.message_dict["capacity"] == [
        "1 confirmed and 2 pending registrations hold a seat; the workshop needs at least 3 seats."
    ]


def test_the_console_refuses_a_capacity_below_confirmed_and_pending(client, workshop):
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    response = client.post(reverse("console:workshop_edit", args=[workshop.slug]), workshop_data(workshop, capacity=1))
    assert response.status_code == 200
    assert "0 confirmed and 2 pending registrations hold a seat; the workshop needs at least 2 seats." in (
        response.content.decode()
    )
    workshop.refresh_from_db()
    assert workshop.capacity == 2


def test_the_admin_refuses_a_capacity_below_confirmed_and_pending(admin_client, workshop):
    response = post_change(admin_client, workshop, capacity="1")
    assert "the workshop needs at least 2 seats" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.capacity == 2
