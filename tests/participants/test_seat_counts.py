"""Seats are counted in one place: every page, list, admin column and service says the same."""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse

from participants.models import Registration
from participants.selectors import seat_counts
from tests.support.factories import RegistrationFactory, UserFactory, WorkshopFactory
from workshops.locking import lock_workshop

Status = Registration.Status


@pytest.mark.django_db
@pytest.mark.parametrize(("requires_approval", "seats_left"), [(True, 5), (False, 7)])
def test_pages_lists_dashboard_admin_and_services_agree_on_the_seats(client, requires_approval, seats_left):
    workshop = WorkshopFactory(capacity=10, requires_approval=requires_approval, slug="seoul")
    for status, count in ((Status.CONFIRMED, 3), (Status.PENDING, 2), (Status.WAITLISTED, 1), (Status.CANCELLED, 4)):
        RegistrationFactory.create_batch(count, workshop=workshop, status=status)
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    secretariat.user_permissions.add(Permission.objects.get(codename="manage_all_workshops"))
    client.force_login(secretariat)

    page = client.get(workshop.get_absolute_url()).context
    assert (page["confirmed_count"], page["seats_left"]) == (3, seats_left)
    for listing in (client.get(reverse("home")), client.get(reverse("workshops:list"))):
        (listed,) = listing.context["upcoming"]
        assert listed.confirmed_count == 3
    (managed,) = client.get(reverse("console:workshop_list")).context["workshops"]
    assert (managed.confirmed_count, managed.pending_count, managed.waitlisted_count) == (3, 2, 1)
    numbers = client.get(reverse("console:dashboard", args=[workshop.slug])).context["numbers"]
    assert numbers["seats_left"] == seats_left
    assert numbers["status_counts"] == {"confirmed": 3, "pending": 2, "waitlisted": 1, "rejected": 0, "cancelled": 4}
    (row,) = client.get(reverse("admin:workshops_workshop_changelist")).context["cl"].result_list
    assert row.confirmed_count == 3
    change = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk])).content.decode()
    assert "3 confirmed for 10 seats." in change
    counts = seat_counts(workshop)
    assert (counts.confirmed, counts.left) == (3, seats_left)


@pytest.mark.django_db(transaction=True)
def test_the_workshop_lock_refuses_to_run_outside_a_transaction():
    workshop = WorkshopFactory()
    with pytest.raises(TransactionManagementError, match="inside transaction.atomic"):
        lock_workshop(workshop.pk)
    with transaction.atomic():
        assert lock_workshop(workshop.pk) == workshop
