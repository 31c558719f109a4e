"""Defect 1: a date or time a person types is bounded (years 2000–2100) by the model, the database, every form
and the services, so one typo can never store a row that takes pages down."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from participants.models import Invitation
from tests.console.test_console_pages import workshop_data
from tests.support.factories import InvitationFactory, OrganiserMembershipFactory, WorkshopFactory
from workshops.models import Workshop
from workshops.services import WorkshopError, create_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="seoul", time_zone="Asia/Seoul")


@pytest.fixture
def organiser(client, workshop):
    user = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "overrides",
    [
        {"registration_opens_at": "0001-01-01T00:00"},
        {"registration_closes_at": "9999-12-31T23:59"},
        {"end_date": "9999-12-31"},
        {"start_date": "0001-01-02", "end_date": "0001-01-03"},
        {"start_date": "9999-12-30", "end_date": "9999-12-31"},
        {"start_date": "1999-12-31"},
        {"end_date": "2101-01-01"},
    ],
)
def test_console_refuses_dates_outside_the_supported_years_and_every_page_stays_up(
    client, workshop, organiser, overrides
):
    before = Workshop.objects.values().get(pk=workshop.pk)
    response = client.post(reverse("console:workshop_edit", args=[workshop.slug]), workshop_data(workshop, **overrides))

    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()
    assert Workshop.objects.values().get(pk=workshop.pk) == before
    for page in (
        "/",
        "/workshops/",
        "/manage/",
        f"/workshops/{workshop.slug}/",
        f"/workshops/{workshop.slug}/programme.ics",
    ):
        assert client.get(page).status_code == 200, page


def test_the_database_refuses_dates_outside_the_supported_years(workshop):
    for field, value in [
        ("start_date", datetime.date(1, 1, 2)),
        ("end_date", datetime.date(9999, 12, 31)),
        ("registration_opens_at", datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC)),
        ("registration_closes_at", datetime.datetime(2101, 1, 3, tzinfo=datetime.UTC)),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Workshop.objects.filter(pk=workshop.pk).update(**{field: value})
    invitation = InvitationFactory(workshop=workshop)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)
        )


def test_the_create_service_refuses_a_date_outside_the_supported_years(organiser):
    fields = workshop_data(WorkshopFactory.build(slug="new-one"))
    fields.update(
        start_date=datetime.date(2100, 12, 31),
        end_date=datetime.date(2101, 1, 2),
        capacity=10,
        requires_approval=False,
        registration_opens_at=None,
        registration_closes_at=None,
    )
    with pytest.raises(WorkshopError) as refused:
        create_workshop(actor=organiser, fields=fields)
    assert "end_date" in refused.value.message_dict


@pytest.mark.parametrize("field", ["start_date"])
def test_duplicate_form_refuses_a_first_day_outside_the_supported_years(client, workshop, organiser, field):
    response = client.post(
        reverse("console:workshop_duplicate", args=[workshop.slug]),
        {"title": "Next", "slug": "next", field: "9999-12-30"},
    )
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()
    assert not Workshop.objects.filter(slug="next").exists()


def test_invite_form_refuses_an_answer_by_day_outside_the_supported_years(client, workshop, organiser):
    response = client.post(
        reverse("console:invite", args=[workshop.slug]),
        {"email": "kim@example.org", "name": "Kim", "answer_by": "0001-01-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()
    assert not Invitation.objects.filter(email="kim@example.org").exists()
