"""A workshop's status changes in admin only through the services, never by editing the field."""

import pytest
from django.urls import reverse

from tests.support.factories import WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:workshops_workshop_changelist")


def run_action(client, action, workshops):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [workshop.pk for workshop in workshops]}, follow=True
    )


def test_publish_action_publishes_drafts_and_names_the_ones_it_cannot(admin_client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    cancelled = WorkshopFactory(status=Workshop.Status.CANCELLED, title="Almaty workshop")

    page = run_action(admin_client, "publish_selected", [draft, cancelled]).content.decode()

    draft.refresh_from_db()
    cancelled.refresh_from_db()
    assert (draft.status, cancelled.status) == (Workshop.Status.PUBLISHED, Workshop.Status.CANCELLED)
    assert "1 workshop published." in page
    assert "Almaty workshop: Only a draft workshop can be published." in page


def test_unpublish_action_returns_published_workshops_to_draft(admin_client):
    published = WorkshopFactory(status=Workshop.Status.PUBLISHED)
    assert "1 workshop unpublished." in run_action(admin_client, "unpublish_selected", [published]).content.decode()
    published.refresh_from_db()
    assert published.status == Workshop.Status.DRAFT


def test_change_form_shows_the_status_but_does_not_take_it(admin_client):
    workshop = WorkshopFactory(status=Workshop.Status.PUBLISHED)
    response = admin_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "organiser console" in response.content.decode()
