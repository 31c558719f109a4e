"""In a real browser: the organiser adds documents on the console's tab (a refused file first), a speaker uploads
their presentation, and a participant finds the documents on the workshop's page and downloads one. Every page is
kept as a screenshot (desktop, phone, French) and checked by axe-core."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from materials.models import Material, MaterialFile
from tests.documents.test_documents_browser import account, log_in, look
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    seoul_workshop,
)
from tests.support.material_files import PDF, office_bytes


def a_file(tmp_path, name, content):
    path = Path(tmp_path) / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.browser
def test_documents_from_the_console_and_the_speaker_to_the_participant(page, transactional_db, tmp_path):
    today = timezone.localdate()
    workshop = seoul_workshop(
        start_date=today + datetime.timedelta(days=20), end_date=today + datetime.timedelta(days=23)
    )
    session = ProgrammeSessionFactory(workshop=workshop, title="CITES at the border: permits and specimens")
    organiser = account("organiser@unep.example.org", name="Ana Lee")
    OrganiserMembershipFactory(workshop=workshop, user=organiser)
    speaker_user = account("lukas.berger@cites.example.org", name="Lukas Berger")
    SpeakerFactory(session=session, participant=ParticipantFactory(user=speaker_user, full_name="Lukas Berger"))
    participant = account("dara.sok@customs.example.kh", name="Dara Sok")
    RegistrationFactory(workshop=workshop, participant__user=participant, participant__full_name="Dara Sok")

    # The organiser: a macro-enabled file is refused beside its field, then the concept note is added.
    log_in(page, organiser)
    page.goto(f"/manage/{workshop.slug}/materials/")
    page.locator("#id_new-title_en").fill("Concept note")
    page.locator("#id_new-title_fr").fill("Note conceptuelle")
    page.locator("#id_new-kind").select_option("concept_note")
    page.locator("#id_new-symbol").fill("GC/AP/2015/1")
    page.locator("#id_new-file").set_input_files(a_file(tmp_path, "slides.pptm", office_bytes("pptm")))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_selector("text=Files with macros are not accepted")
    look(page, "materials-console-refused", french=False)
    assert not Material.objects.exists()
    page.locator("#id_new-file").set_input_files(a_file(tmp_path, "Concept note.pdf", PDF))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_selector("text=“Concept note” was added.")
    material = Material.objects.get()
    page.locator(f"#language-{material.pk}").select_option("fr")
    page.locator(f"#file-{material.pk}").set_input_files(a_file(tmp_path, "Note conceptuelle.pdf", PDF))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_selector("text=A new version of “Concept note” was uploaded.")
    look(page, "materials-console")

    # The speaker uploads their own presentation from their registrations page.
    log_in(page, speaker_user)
    page.goto("/me/registrations/")
    page.get_by_role("link", name="Your presentations at").click()
    page.get_by_label("File (PDF").set_input_files(a_file(tmp_path, "CITES permits.pdf", PDF))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("text=Your presentation is uploaded.")
    look(page, "materials-speaker")
    assert MaterialFile.objects.filter(material__speaker__isnull=False).count() == 1

    # The participant finds both on the workshop's page (the presentation is for registered participants).
    log_in(page, participant)
    page.goto(workshop.get_absolute_url())
    documents = page.locator("#documents")
    documents.get_by_role("link", name="Concept note").wait_for()
    documents.get_by_role("link", name=session.title).wait_for()
    look(page, "materials-public-page")
    with page.expect_download() as download_info:
        documents.get_by_role("link", name="Concept note").click()
    assert download_info.value.suggested_filename == "Concept note.pdf"
    assert Path(download_info.value.path()).read_bytes() == PDF
