"""Defect 9: a previewed invitation file stays out of the organiser's session, in a table purged after an hour;
logged-in pages and the CSV export are never stored by a browser or proxy."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participants.invitations import purge_held_invitation_files
from participants.models import HeldInvitationFile, Invitation
from tests.support.factories import OrganiserMembershipFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
FILE = b"email,name,organisation,country\nkim@customs.example,Kim Minjun,KCS,KR\n"


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="seoul")


@pytest.fixture
def organiser(client, workshop):
    user = OrganiserMembershipFactory(workshop=workshop).user
    client.force_login(user)
    return user


def upload(client, workshop):
    return client.post(
        reverse("console:invitation_upload", args=[workshop.slug]), {"file": SimpleUploadedFile("list.csv", FILE)}
    )


def test_a_previewed_file_is_not_kept_in_the_session_and_its_confirmation_imports_it(client, workshop, organiser):
    preview = upload(client, workshop)
    assert not any("kim@customs.example" in str(session.get_decoded()) for session in Session.objects.all())
    assert HeldInvitationFile.objects.count() == 1

    client.post(reverse("console:invitation_import", args=[workshop.slug]), {"digest": preview.context["digest"]})
    assert Invitation.objects.filter(email="kim@customs.example").exists()
    assert not HeldInvitationFile.objects.exists()


def test_an_unconfirmed_file_is_purged_after_an_hour_and_cannot_be_confirmed(client, workshop, organiser):
    preview = upload(client, workshop)
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    assert purge_held_invitation_files(now=later) == 1
    response = client.post(
        reverse("console:invitation_import", args=[workshop.slug]), {"digest": preview.context["digest"]}, follow=True
    )
    assert "Upload the file again" in response.content.decode()
    assert not Invitation.objects.exists()


def test_another_organiser_cannot_confirm_someone_elses_file(client, workshop, organiser):
    preview = upload(client, workshop)
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    client.post(reverse("console:invitation_import", args=[workshop.slug]), {"digest": preview.context["digest"]})
    assert not Invitation.objects.exists()


def test_the_export_and_logged_in_pages_are_never_stored(client, workshop, organiser):
    for name in ("registrations_export", "dashboard"):
        response = client.get(reverse(f"console:{name}", args=[workshop.slug]))
        assert "no-store" in response["Cache-Control"], name
    assert "no-store" in client.get("/").get("Cache-Control", "")
    client.logout()
    assert "no-store" not in client.get("/").get("Cache-Control", "")
