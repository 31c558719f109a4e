"""The workshop's documents through their doors: the download and its headers, who gets a 404, the ZIP, the public
page's section (cached per audience), the console tab and the speaker's page."""

import datetime
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from materials import services
from materials.models import Material, MaterialFile, Visibility
from tests.support.delegations import PDF
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from tests.support.material_files import SCRIPTED_PDF, office_bytes, pdf_upload, upload

pytestmark = pytest.mark.django_db


def add(workshop, *, title="Concept note", visibility=Visibility.PUBLIC, language="en", name="note.pdf", **fields):
    return services.add_material(
        workshop_id=workshop.pk,
        actor=None,
        fields={"title_en": title, "kind": "concept_note", "visibility": visibility, **fields},
        language=language,
        upload=pdf_upload(name),
    )


def download_url(version):
    workshop = version.material.workshop
    return reverse("materials:download", args=[workshop.slug, version.material_id, version.language])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_download_is_an_attachment_of_its_own_type_never_sniffed():
    version = add(WorkshopFactory(), name="Concept note (final).pdf")

    response = Client().get(download_url(version))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Concept note (final).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_an_office_file_is_served_as_its_type():
    workshop = WorkshopFactory()
    version = services.add_material(
        workshop_id=workshop.pk,
        actor=None,
        fields={"title_en": "Slides", "kind": "presentation", "visibility": "public"},
        language="fr",
        upload=upload("Diapos été.pptx", office_bytes("pptx")),
    )

    response = Client().get(download_url(version))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert "filename*=utf-8''Diapos%20%C3%A9t%C3%A9.pptx" in response["Content-Disposition"]


def test_a_participants_document_is_a_404_for_anyone_but_this_workshops_confirmed_participants_and_organisers():
    workshop = WorkshopFactory()
    version = add(workshop, visibility=Visibility.PARTICIPANTS)
    organisers_only = add(workshop, title="Budget", visibility=Visibility.ORGANISERS)
    confirmed = RegistrationFactory(workshop=workshop).participant.user
    url = download_url(version)

    assert Client().get(url).status_code == 404
    assert logged_in(RegistrationFactory().participant.user).get(url).status_code == 404  # another workshop's
    assert (
        logged_in(RegistrationFactory(workshop=workshop, status="waitlisted").participant.user).get(url).status_code
        == 404
    )
    assert logged_in(confirmed).get(url).status_code == 200
    assert logged_in(OrganiserMembershipFactory(workshop=workshop).user).get(url).status_code == 200
    assert logged_in(confirmed).get(download_url(organisers_only)).status_code == 404


def test_a_document_asked_through_another_workshop_or_in_an_unknown_language_is_a_404():
    version = add(WorkshopFactory())
    other = WorkshopFactory()

    assert Client().get(reverse("materials:download", args=[other.slug, version.material_id, "en"])).status_code == 404
    workshop = version.material.workshop
    assert (
        Client().get(reverse("materials:download", args=[workshop.slug, version.material_id, "xx"])).status_code == 404
    )
    assert (
        Client().get(reverse("materials:download", args=[workshop.slug, version.material_id, "fr"])).status_code == 404
    )


def test_a_draft_workshops_documents_are_a_404_for_the_public():
    version = add(WorkshopFactory(status="draft"))

    assert Client().get(download_url(version)).status_code == 404


def test_download_all_streams_one_zip_per_language_of_what_the_reader_may_see():
    workshop = WorkshopFactory()
    english = add(workshop, name="note-en.pdf")
    services.upload_version(
        workshop_id=workshop.pk,
        material_id=english.material_id,
        actor=None,
        language="fr",
        upload=pdf_upload("note-fr.pdf"),
    )
    add(workshop, title="List", visibility=Visibility.PARTICIPANTS, name="list.pdf")

    for language, names in (("en", ["note-en.pdf"]), ("fr", ["note-fr.pdf"])):
        response = Client().get(reverse("materials:download_all", args=[workshop.slug, language]))
        assert response.streaming
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}-documents-{language}.zip"'
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert archive.namelist() == names
    participant = logged_in(RegistrationFactory(workshop=workshop).participant.user)
    response = participant.get(reverse("materials:download_all", args=[workshop.slug, "en"]))
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist() == ["note-en.pdf", "list.pdf"]


def test_download_all_of_a_workshop_without_documents_is_a_404():
    assert Client().get(reverse("materials:download_all", args=[WorkshopFactory().slug, "en"])).status_code == 404


# --- the public page ------------------------------------------------------------------------------------------


def test_the_public_page_shows_each_reader_what_they_may_see_and_the_programme_links_to_it():
    workshop = WorkshopFactory()
    session = ProgrammeSessionFactory(workshop=workshop, title="Illegal trade in ozone-depleting substances")
    add(workshop, title="Concept note", symbol="GC/AP/2015/INF/1")
    add(workshop, title="Participants' list of contacts", visibility=Visibility.PARTICIPANTS)
    add(workshop, title="ODS slides", session=session.pk)
    add(workshop, title="Budget", visibility=Visibility.ORGANISERS)
    page = workshop.get_absolute_url()

    anonymous = Client().get(page).content.decode()
    assert "Concept note" in anonymous and "GC/AP/2015/INF/1" in anonymous and "ODS slides" in anonymous
    assert "contacts" not in anonymous and "Budget" not in anonymous
    assert "Registered participants find more documents here" in anonymous
    assert f'href="#documents-session-{session.pk}"' in anonymous
    assert f'id="documents-session-{session.pk}"' in anonymous
    # The anonymous copy comes from the cache; the logged-in participant's page is their own.
    participant = logged_in(RegistrationFactory(workshop=workshop).participant.user).get(page).content.decode()
    assert "contacts" in participant and "Budget" not in participant
    assert "Registered participants find more" not in participant
    anonymous_again = Client().get(page).content.decode()
    assert "contacts" not in anonymous_again


def test_a_french_reader_gets_the_french_file_else_the_english_one_marked_as_such():
    workshop = WorkshopFactory()
    note = add(workshop, title="Concept note", name="note.pdf", title_fr="Note conceptuelle")
    services.upload_version(
        workshop_id=workshop.pk,
        material_id=note.material_id,
        actor=None,
        language="fr",
        upload=pdf_upload("note-fr.pdf"),
    )
    agenda = add(workshop, title="Agenda", kind="agenda")

    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get(workshop.get_absolute_url()).content.decode()

    assert "Note conceptuelle" in page
    assert reverse("materials:download", args=[workshop.slug, note.material_id, "fr"]) in page
    # The agenda has only an English file: its link says so (hreflang, and the language named beside it).
    assert f'href="{download_url(agenda)}" hreflang="en"' in page
    assert ", en anglais)" in page


def test_a_new_document_shows_on_the_cached_page_at_once():
    workshop = WorkshopFactory()
    page = workshop.get_absolute_url()
    assert "Information note" not in Client().get(page).content.decode()

    add(workshop, title="Information note", kind="information_note")

    assert "Information note" in Client().get(page).content.decode()


# --- the console ----------------------------------------------------------------------------------------------


@pytest.fixture
def organiser_world():
    workshop = WorkshopFactory()
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    return workshop, logged_in(organiser)


def add_form(**changes):
    return {
        "new-title_en": "Information note",
        "new-title_fr": "Note d'information",
        "new-kind": "information_note",
        "new-symbol": "GC/AP/2015/INF/2",
        "new-visibility": "participants",
        "new-session": "",
        "new-language": "en",
        **changes,
    }


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.pdf", b"", "The submitted file is empty."),
        ("program.exe", b"MZ\x90\x00", "This type of file is not accepted"),
        ("active.pdf", SCRIPTED_PDF, "script"),
        ("macros.pptm", office_bytes("pptm"), "macros are not accepted"),
    ],
)
def test_the_console_refuses_a_bad_file_beside_its_field(organiser_world, name, content, says):
    workshop, organiser = organiser_world

    response = organiser.post(
        reverse("console:materials", args=[workshop.slug]), {**add_form(), "new-file": upload(name, content)}
    )

    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Material.objects.exists() and not MaterialFile.objects.exists()


def test_the_console_adds_a_document_replaces_its_file_and_keeps_the_history(organiser_world):
    workshop, organiser = organiser_world
    url = reverse("console:materials", args=[workshop.slug])

    response = organiser.post(url, {**add_form(), "new-file": pdf_upload("../../info.pdf")})
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.title_fr, material.visibility, material.files.get().original_name) == (
        "Note d'information",
        "participants",
        "info.pdf",
    )
    organiser.post(
        reverse("console:material_upload", args=[workshop.slug, material.pk]),
        {"language": "en", "file": pdf_upload("info-v2.pdf")},
    )
    page = organiser.get(url).content.decode()
    assert "info-v2.pdf" in page and "History of the files" in page
    assert material.files.count() == 2
    old = material.files.get(original_name="info.pdf")
    assert organiser.get(reverse("console:material_file", args=[workshop.slug, old.pk])).status_code == 200

    organiser.post(
        reverse("console:material_edit", args=[workshop.slug, material.pk]),
        {
            "title_en": "Information note",
            "title_fr": "",
            "kind": "information_note",
            "symbol": "",
            "visibility": "public",
        },
    )
    material.refresh_from_db()
    assert material.visibility == "public"
    timeline = organiser.get(reverse("console:timeline", args=[workshop.slug])).content.decode()
    assert (
        "added the document" in timeline and "uploaded a new version" in timeline and "changed the document" in timeline
    )

    organiser.post(reverse("console:material_remove", args=[workshop.slug, material.pk]))
    assert not Material.objects.exists()


def test_the_console_sets_the_speakers_deadline_on_the_workshops_clock(organiser_world):
    workshop, organiser = organiser_world

    organiser.post(reverse("console:speaker_deadline", args=[workshop.slug]), {"closes_at": "2030-01-10T18:00"})

    deadline = workshop.speaker_uploads.closes_at
    assert deadline.astimezone(workshop.tzinfo).replace(tzinfo=None) == datetime.datetime(2030, 1, 10, 18, 0)


# --- the speaker's page ---------------------------------------------------------------------------------------


def test_a_speaker_uploads_from_their_page_until_the_deadline():
    workshop = WorkshopFactory()
    speaker = SpeakerFactory(session=ProgrammeSessionFactory(workshop=workshop), participant=ParticipantFactory())
    client = logged_in(speaker.participant.user)
    page = reverse("materials:presentations", args=[workshop.slug])
    assert page in client.get(reverse("participants:my_registrations")).content.decode()

    response = client.post(
        page, {"speaker": speaker.pk, "language": "en", "file": pdf_upload("my slides.pdf")}, follow=True
    )
    assert "Your presentation is uploaded" in response.content.decode()
    assert "my slides.pdf" in response.content.decode()

    services.set_speaker_deadline(
        workshop_id=workshop.pk, closes_at=timezone.now() - datetime.timedelta(minutes=1), actor=None
    )
    response = client.post(page, {"speaker": speaker.pk, "language": "en", "file": pdf_upload("late.pdf")}, follow=True)
    assert "Speakers could upload their presentations until" in response.content.decode()
    assert MaterialFile.objects.count() == 1


def test_the_speakers_page_is_a_404_for_someone_who_does_not_speak_there():
    workshop = WorkshopFactory()
    client = logged_in(RegistrationFactory(workshop=workshop).participant.user)

    assert client.get(reverse("materials:presentations", args=[workshop.slug])).status_code == 404


def test_nobody_uploads_into_another_speakers_slot_from_their_own_page():
    workshop = WorkshopFactory()
    session = ProgrammeSessionFactory(workshop=workshop)
    mine = SpeakerFactory(session=session, participant=ParticipantFactory())
    theirs = SpeakerFactory(session=session, participant=ParticipantFactory())
    client = logged_in(mine.participant.user)

    response = client.post(
        reverse("materials:presentations", args=[workshop.slug]),
        {"speaker": theirs.pk, "language": "en", "file": pdf_upload()},
        follow=True,
    )

    assert "You do not speak in this session" in response.content.decode()
    assert not MaterialFile.objects.exists()
