"""The letterhead: PNG or JPEG only, checked by content, size-limited, kept out of MEDIA; used by the documents."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activity.models import ActivityEntry
from documents.models import Letterhead
from documents.pdfs import letterhead_context, official_list_pdf
from tests.support.factories import (
    OrganiserMembershipFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
    seoul_workshop,
)
from tests.support.pdfs import pdf_text, reader
from workshops.models import WorkshopPartner

pytestmark = pytest.mark.django_db


def png(size=(60, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1f5f3f").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def workshop(client):
    workshop = WorkshopFactory()
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    return workshop


def save(client, workshop, **files):
    data = {"signatory_name": "Ms Ana Lee", "signatory_title": "Director", "document_symbol": "GC/AP/2015/INF/1"}
    return client.post(reverse("console:letterhead", kwargs={"slug": workshop.slug}), {**data, **files})


def test_a_png_letterhead_and_signature_are_kept_and_printed(client, workshop):
    response = save(
        client,
        workshop,
        logo_upload=SimpleUploadedFile("logo.jpg", png(), "image/jpeg"),  # named .jpg, is a PNG: content decides
        signature_upload=SimpleUploadedFile("signature.png", png((80, 30)), "image/png"),
    )
    assert response.status_code == 302
    letterhead = Letterhead.objects.get(workshop=workshop)
    assert (letterhead.logo_type, letterhead.signature_type) == ("image/png", "image/png")
    content = official_list_pdf(workshop, "en")
    assert "GC/AP/2015/INF/1" in pdf_text(content)
    images = [name for page in reader(content).pages for name in page.images]
    assert images  # the letterhead image is drawn
    assert ActivityEntry.objects.filter(action="document.letterhead_edited").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"), "not a PNG"),
        (SimpleUploadedFile("logo.png", b"GIF89a" + b"\0" * 40, "image/png"), "not a PNG"),
        (SimpleUploadedFile("logo.png", png() + b"\0" * (1024 * 1024), "image/png"), "larger than 1 MB"),
    ],
)
def test_anything_but_a_small_png_or_jpeg_is_refused(client, workshop, upload, message):
    response = save(client, workshop, logo_upload=upload)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo_upload"])
    assert not Letterhead.objects.exists()


def test_a_gif_is_refused_naming_its_kind(client, workshop):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    response = save(client, workshop, logo_upload=SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"))
    assert "Only PNG and JPEG images are accepted (this one is gif)." in response.context["form"].errors["logo_upload"]


def test_an_organisation_in_two_roles_is_named_once_on_the_letterhead():
    workshop = seoul_workshop()
    host = workshop.partners.get(role=WorkshopPartner.Role.HOST).organisation
    WorkshopPartnerFactory(workshop=workshop, organisation=host, role=WorkshopPartner.Role.SPONSOR)
    WorkshopPartnerFactory(workshop=workshop, organisation__name="CITES Secretariat", role=WorkshopPartner.Role.PARTNER)
    # Every document (certificates, badges, visa letters, the official list) draws its organisers from here.
    assert letterhead_context(workshop)["partners"] == ["UN Environment", "Korea Customs Service", "CITES Secretariat"]
    assert pdf_text(official_list_pdf(workshop, "en")).count("Korea Customs Service") == 1
