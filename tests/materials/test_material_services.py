"""The workshop's documents through their services: files judged by their bytes, versions, visibility, the speakers'
deadline and its one reminder."""

import datetime
import io
import zipfile

import pytest
from django.core.files import File
from django.utils import timezone

from activity.models import ActivityEntry
from materials import services
from materials.models import MAX_FILE_BYTES, Material, MaterialFile, SpeakerUploads, Visibility
from materials.selectors import audience_of, shown_materials
from outbox.models import OutgoingEmail
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.support.material_files import (
    PDF,
    SCRIPTED_PDF,
    image_bytes,
    odf_bytes,
    office_bytes,
    padded_pdf,
    pdf_upload,
    upload,
)

pytestmark = pytest.mark.django_db

ODP = "application/vnd.oasis.opendocument.presentation"
ODT = "application/vnd.oasis.opendocument.text"


def add(workshop, upload_file=None, *, language="en", actor=None, **fields):
    return services.add_material(
        workshop_id=workshop.pk,
        actor=actor,
        fields={"title_en": "Concept note", "kind": "concept_note", "visibility": Visibility.PUBLIC, **fields},
        language=language,
        upload=upload_file or pdf_upload(),
    )


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("note.pdf", PDF, "pdf"),
        ("slides.pptx", office_bytes("pptx"), "pptx"),
        ("note.docx", office_bytes("docx"), "docx"),
        ("budget.xlsx", office_bytes("xlsx"), "xlsx"),
        ("slides.odp", odf_bytes(ODP), "odp"),
        ("note.odt", odf_bytes(ODT), "odt"),
        ("map.png", image_bytes("PNG"), "png"),
        ("photo.jpeg", image_bytes("JPEG"), "jpg"),
        # The name decides nothing: a PDF named .docx is kept as the PDF it is.
        ("disguised.docx", PDF, "pdf"),
    ],
)
def test_every_accepted_kind_is_recognised_by_its_bytes(name, content, extension):
    version = add(WorkshopFactory(), upload(name, content))

    assert version.extension == extension
    assert version.original_name.endswith(f".{extension}")
    with version.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.pdf", b"", "empty"),
        ("script.exe", b"MZ\x90\x00 a program", "not accepted"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("broken.pdf", b"%PDF-1.7 and then nothing", "cannot be read"),
        ("active.pdf", SCRIPTED_PDF, "script"),
        ("macros.pptm", office_bytes("pptm"), "macros"),
        ("macros.docx", office_bytes("docx", macro=True), "macros"),
        ("macros.odt", odf_bytes(ODT, macro=True), "macros"),
        ("archive.zip", odf_bytes("application/x-other"), "archive"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image cannot be read"),
        ("bell\x07.pdf", PDF, "control characters"),
        ("line\nbreak.pdf", PDF, "control characters"),
        ("nul\x00.pdf", PDF, "control characters"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(name, content, says, tmp_path, settings):
    workshop = WorkshopFactory()
    entries = ActivityEntry.objects.count()

    with pytest.raises(services.MaterialError) as refused:
        add(workshop, upload(name, content))

    assert says in refused.value.message
    assert not Material.objects.exists() and not MaterialFile.objects.exists()
    assert ActivityEntry.objects.count() == entries
    private = tmp_path / "private"
    assert not private.exists() or not any(path.is_file() for path in private.rglob("*"))


def test_a_file_over_50_mb_is_refused():
    with pytest.raises(services.MaterialError) as refused:
        add(WorkshopFactory(), pdf_upload(content=padded_pdf(MAX_FILE_BYTES + 1)))

    assert "larger than 50 MB" in refused.value.message
    assert not MaterialFile.objects.exists()


def test_a_file_of_exactly_50_mb_is_kept():
    version = add(WorkshopFactory(), pdf_upload(content=padded_pdf(MAX_FILE_BYTES)))

    assert version.size == MAX_FILE_BYTES


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        ("..", "document.pdf"),
        ("x" * 300 + ".pdf", "x" * 76 + ".pdf"),
        ("<script>.pdf", "script.pdf"),
    ],
)
def test_a_name_with_a_folder_or_too_long_is_kept_without_it_and_short(name, kept):
    # A File, not an upload: Django's upload parser would drop the folder itself, other callers may not.
    version = add(WorkshopFactory(), File(io.BytesIO(PDF), name=name))

    assert version.original_name == kept
    assert version.file.name.startswith(f"materials/{version.material.workshop_id}/")


def test_the_kept_name_is_safe_and_short():
    long_name = "Présentation: CITES / «trade» " + "très " * 40 + ".PPTX"
    version = add(WorkshopFactory(), upload(long_name.replace("/", "-"), office_bytes("pptx")))

    assert version.original_name.startswith("Présentation CITES - trade très très")
    assert len(version.original_name) <= 80
    assert version.original_name.endswith(".pptx")
    assert not set(version.original_name) & set(':/\\«»"')


def test_a_new_file_keeps_the_history_and_readers_get_the_latest():
    workshop = WorkshopFactory()
    first = add(workshop, pdf_upload("v1.pdf"))
    material = first.material
    second = services.upload_version(
        workshop_id=workshop.pk, material_id=material.pk, actor=None, language="en", upload=pdf_upload("v2.pdf")
    )

    assert list(material.files.values_list("original_name", flat=True)) == ["v2.pdf", "v1.pdf"]
    (shown,) = shown_materials(workshop, Visibility.PUBLIC)
    assert shown.file_in("en") == second
    assert first.file.storage.exists(first.file.name)
    assert [entry.action for entry in ActivityEntry.objects.filter(object_type="material").order_by("pk")] == [
        "document.material_added",
        "document.material_uploaded",
    ]


def test_a_reader_gets_their_language_else_another():
    workshop = WorkshopFactory()
    english = add(workshop, pdf_upload("note-en.pdf"))
    french = services.upload_version(
        workshop_id=workshop.pk,
        material_id=english.material_id,
        actor=None,
        language="fr",
        upload=pdf_upload("note-fr.pdf"),
    )
    only_english = add(workshop, pdf_upload("agenda.pdf"), title_en="Agenda", kind="agenda")

    shown = {item.material.pk: item for item in shown_materials(workshop, Visibility.PUBLIC)}

    assert shown[english.material_id].file_in("fr") == french
    assert shown[english.material_id].file_in("en") == english
    assert shown[only_english.material_id].file_in("fr") == only_english


def test_who_reads_what():
    workshop = WorkshopFactory()
    for visibility in Visibility.values:
        add(workshop, pdf_upload(f"{visibility}.pdf"), title_en=visibility, visibility=visibility)
    confirmed = RegistrationFactory(workshop=workshop).participant.user
    pending = RegistrationFactory(workshop=workshop, status="pending").participant.user
    elsewhere = RegistrationFactory().participant.user
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    checkin_staff = OrganiserMembershipFactory(workshop=workshop, role="checkin").user

    def titles(user):
        return {item.material.title for item in shown_materials(workshop, audience_of(user, workshop))}

    assert titles(UserFactory()) == titles(pending) == titles(elsewhere) == titles(checkin_staff) == {"public"}
    assert titles(confirmed) == {"public", "participants"}
    assert titles(organiser) == {"public", "participants", "organisers"}


def test_a_session_of_another_workshop_is_refused():
    other_session = ProgrammeSessionFactory()

    with pytest.raises(services.MaterialError):
        add(WorkshopFactory(), session=other_session.pk)

    assert not MaterialFile.objects.exists()


def test_removing_a_document_removes_its_files_after_the_commit(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory()
    version = add(workshop)
    stored = version.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_material(workshop_id=workshop.pk, material_id=version.material_id, actor=None)

    assert not Material.objects.exists()
    assert not version.file.storage.exists(stored)


# --- speakers -------------------------------------------------------------------------------------------------


def speaker_at(workshop):
    session = ProgrammeSessionFactory(workshop=workshop)
    return SpeakerFactory(session=session, participant=ParticipantFactory())


def test_a_speaker_uploads_for_their_own_session_and_then_replaces_it():
    workshop = WorkshopFactory()
    speaker = speaker_at(workshop)
    user = speaker.participant.user

    first = services.upload_presentation(speaker_id=speaker.pk, user=user, language="en", upload=pdf_upload())
    second = services.upload_presentation(speaker_id=speaker.pk, user=user, language="en", upload=pdf_upload())

    material = first.material
    assert second.material == material
    assert (material.session, material.speaker, material.kind) == (speaker.session, speaker, "presentation")
    assert material.visibility == Visibility.PARTICIPANTS
    assert material.title == speaker.session.title
    assert second.uploaded_by == user


def test_nobody_uploads_for_another_speakers_session():
    speaker = speaker_at(WorkshopFactory())

    with pytest.raises(services.MaterialError):
        services.upload_presentation(speaker_id=speaker.pk, user=UserFactory(), language="en", upload=pdf_upload())

    assert not MaterialFile.objects.exists()


def test_an_upload_after_the_speakers_deadline_is_refused():
    workshop = WorkshopFactory()
    speaker = speaker_at(workshop)
    deadline = timezone.now() + datetime.timedelta(days=2)
    services.set_speaker_deadline(workshop_id=workshop.pk, closes_at=deadline, actor=None)

    with pytest.raises(services.MaterialError) as refused:
        services.upload_presentation(
            speaker_id=speaker.pk,
            user=speaker.participant.user,
            language="en",
            upload=pdf_upload(),
            now=deadline + datetime.timedelta(seconds=1),
        )

    assert "until" in refused.value.message
    assert not MaterialFile.objects.exists()


def test_one_reminder_goes_a_few_days_before_the_deadline_to_speakers_who_have_not_uploaded():
    workshop = WorkshopFactory()
    waiting, done = speaker_at(workshop), speaker_at(workshop)
    services.upload_presentation(speaker_id=done.pk, user=done.participant.user, language="en", upload=pdf_upload())
    now = timezone.now()
    services.set_speaker_deadline(workshop_id=workshop.pk, closes_at=now + datetime.timedelta(days=5), actor=None)

    assert services.sweep_speaker_reminders(now) == 0  # five days before: not yet
    later = now + datetime.timedelta(days=2, hours=1)
    assert services.sweep_speaker_reminders(later) == 1
    assert services.sweep_speaker_reminders(later + datetime.timedelta(hours=1)) == 0

    (email,) = OutgoingEmail.objects.all()
    assert email.to_email == waiting.participant.user.email
    assert f"/me/presentations/{workshop.slug}/" in email.filled_text
    assert SpeakerUploads.objects.get(workshop=workshop).reminded_at == later


def test_the_zip_holds_the_latest_version_in_each_language():
    from materials.exports import archive_names, zip_chunks

    workshop = WorkshopFactory()
    old = add(workshop, pdf_upload("note.pdf", padded_pdf(1000)))
    new = services.upload_version(
        workshop_id=workshop.pk,
        material_id=old.material_id,
        actor=None,
        language="en",
        upload=pdf_upload("note.pdf", padded_pdf(2000)),
    )
    french = services.upload_version(
        workshop_id=workshop.pk,
        material_id=old.material_id,
        actor=None,
        language="fr",
        upload=pdf_upload("note-fr.pdf", padded_pdf(3000)),
    )
    agenda = add(workshop, pdf_upload("note.pdf", padded_pdf(4000)), title_en="Agenda")
    shown = shown_materials(workshop, Visibility.PUBLIC)

    for language, expected in (("en", [new, agenda]), ("fr", [french, agenda])):
        archive = zipfile.ZipFile(
            io.BytesIO(b"".join(zip_chunks(archive_names(item.file_in(language) for item in shown))))
        )
        assert archive.testzip() is None
        assert [info.file_size for info in archive.infolist()] == [version.size for version in expected]
    assert sorted(zipfile.ZipFile(io.BytesIO(b"".join(zip_chunks(archive_names([new, agenda]))))).namelist()) == [
        "note (2).pdf",
        "note.pdf",
    ]
