"""The timeline tab: a workshop's log as sentences, for its organisers only."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from activity.models import Action, ActivityEntry
from activity.services import entry, log_entries
from participants import services as registrations
from participants.models import Registration
from tests.support.factories import OrganiserMembershipFactory, RegistrationFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="seoul-2015", capacity=50)


@pytest.fixture
def organiser(client, workshop):
    user = UserFactory(name="Demo Organiser")
    OrganiserMembershipFactory(workshop=workshop, user=user)
    client.force_login(user)
    return user


def confirm(workshop, organiser, name="Kim Minjun"):
    registration = RegistrationFactory(workshop=workshop, status=Status.PENDING, participant__full_name=name)
    registrations.decide_registrations(
        workshop_id=workshop.pk, registration_ids=[registration.pk], decision=Status.CONFIRMED, actor=organiser
    )
    return registration


def test_timeline_tells_who_did_what_in_a_sentence(client, workshop, organiser):
    confirm(workshop, organiser)
    response = client.get(reverse("console:timeline", args=[workshop.slug]))
    assert "Demo Organiser confirmed Kim Minjun (was: Pending approval)" in response.content.decode()


def test_timeline_reads_in_french(client, workshop, organiser):
    confirm(workshop, organiser)
    response = client.get(reverse("console:timeline", args=[workshop.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    page = html.unescape(response.content.decode())
    assert "Demo Organiser a confirmé Kim Minjun (avant\u00a0: En attente d'approbation)" in page


def test_timeline_filters_by_kind_and_by_person(client, workshop, organiser):
    confirm(workshop, organiser)
    colleague = UserFactory(name="Another Organiser")
    OrganiserMembershipFactory(workshop=workshop, user=colleague)
    confirm(workshop, colleague, name="Nguyen Van An")
    page = reverse("console:timeline", args=[workshop.slug])
    by_colleague = client.get(page, {"person": colleague.pk}).content.decode()
    assert "Nguyen Van An" in by_colleague and "Kim Minjun" not in by_colleague
    workshops_only = client.get(page, {"kind": "workshop"}).content.decode()
    assert "Nothing in the timeline matches." in workshops_only


def many_entries(workshop, organiser, count):
    registration = RegistrationFactory(workshop=workshop)
    log_entries(
        entry(workshop=workshop, action=Action.REGISTRATION_CHECKED_IN, obj=registration, actor=organiser)
        for _ in range(count)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_timeline_runs_the_same_number_of_queries_for_10_and_1000_entries(
    client, workshop, organiser, django_assert_num_queries, count
):
    many_entries(workshop, organiser, count)
    # User and permissions, the workshop and the role, the filter's people, the count, the page, and the
    # navigation's answers: none of them depends on the number of entries (the session comes from the cache).
    with django_assert_num_queries(9):
        response = client.get(reverse("console:timeline", args=[workshop.slug]), {"page": 2})
    assert response.status_code == 200


def test_newest_first_and_paginated(client, workshop, organiser):
    many_entries(workshop, organiser, 60)
    newest = ActivityEntry.objects.order_by("-created_at", "-pk").first()
    newest.created_at = timezone.now() + timezone.timedelta(minutes=1)
    newest.object_label = "Latest Person"
    newest.save()
    first_page = client.get(reverse("console:timeline", args=[workshop.slug])).content.decode()
    first_entry = first_page.split('<ol class="list-group timeline')[1].split("</li>")[0]
    assert "Demo Organiser checked in Latest Person" in first_entry
    assert first_page.count("Demo Organiser checked in") == 50
    assert "Page 1 of 2" in first_page


def test_a_registration_row_shows_its_own_history(client, workshop, organiser):
    registration = confirm(workshop, organiser)
    registrations.check_in(
        workshop_id=workshop.pk,
        registration_id=registration.pk,
        actor=organiser,
        now=workshop.starts_at + datetime.timedelta(hours=9),
    )
    page = client.get(reverse("console:registrations", args=[workshop.slug])).content.decode()
    assert "History (2 entries)" in page
    assert "Demo Organiser checked in Kim Minjun" in page


def test_an_organiser_of_another_workshop_and_check_in_staff_cannot_open_it(client, workshop):
    other_organiser = UserFactory()
    OrganiserMembershipFactory(workshop=WorkshopFactory(), user=other_organiser)
    checkin = UserFactory()
    OrganiserMembershipFactory(workshop=workshop, user=checkin, role="checkin")
    for user in (other_organiser, checkin):
        client.force_login(user)
        assert client.get(reverse("console:timeline", args=[workshop.slug])).status_code == 403
    dashboard = client.get(reverse("console:checkin", args=[workshop.slug])).content.decode()
    assert reverse("console:timeline", args=[workshop.slug]) not in dashboard
