"""The workshop's documents: adding one, a new version of its file, editing, removing, the speakers' deadline,
a speaker's own presentation and the reminder before the deadline.

Each operation is one transaction that raises the workshop's content version first (the public page shows the
documents) and writes its activity-log entry. A file is checked (uploads.checked_upload) before anything is
written, and stored before its row: a rolled-back transaction leaves a file no row names, never a row without
its file.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import changes, log_action
from core.languages import column, language_codes, recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email
from sessions.models import ProgrammeSession, Speaker
from workshops.models import Workshop
from workshops.versions import raise_content_version, raises_versions

from .models import Material, MaterialFile, MaterialKind, SpeakerUploads, Visibility
from .selectors import speakers_close_at, speakers_without_upload
from .uploads import MaterialError, checked_upload

EDITABLE_FIELDS = (
    *(column("title", language) for language in language_codes()),
    "kind",
    "symbol",
    "visibility",
    "session",
)
# The reminder goes this long before the speakers' deadline, once.
REMINDER_BEFORE = datetime.timedelta(days=3)


def checked_language(language):
    if language not in language_codes():
        raise MaterialError(_("Choose the language of the file."))
    return language


def session_of(workshop_id, session_id):
    if session_id is None:
        return None
    session = ProgrammeSession.objects.filter(workshop_id=workshop_id, pk=session_id).first()
    if session is None:
        raise MaterialError(fields={"session": [_("Choose a session of this workshop's programme.")]})
    return session


def checked_fields(workshop_id, fields):
    """The editable fields, checked: a title in some language, a session of this workshop."""
    fields = {name: fields[name] for name in EDITABLE_FIELDS if name in fields}
    if "session" in fields:
        fields["session"] = session_of(workshop_id, getattr(fields["session"], "pk", fields["session"]))
    titles = [fields.get(column("title", language), "") for language in language_codes()]
    if not any(title.strip() for title in titles):
        raise MaterialError(fields={column("title", settings.LANGUAGE_CODE): [_("Give the document a title.")]})
    if fields.get("kind", MaterialKind.OTHER) not in MaterialKind.values:
        raise MaterialError(fields={"kind": [_("Choose the kind of document.")]})
    if fields.get("visibility", Visibility.PUBLIC) not in Visibility.values:
        raise MaterialError(fields={"visibility": [_("Choose who may see the document.")]})
    return fields


def store_file(material, *, language, upload, kind, name, actor, now):
    version = MaterialFile(
        material=material,
        language=language,
        original_name=name,
        extension=kind.extension,
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=actor,
        uploaded_at=now,
    )
    version.file.save(name, upload, save=False)
    version.save()
    return version


@raises_versions
def add_material(*, workshop_id, actor, fields, language, upload, speaker=None, now=None):
    """A new document of the workshop (on one of its sessions if `fields` names one), with its first file."""
    now = now or timezone.now()
    language = checked_language(language)
    kind, name = checked_upload(upload)
    with transaction.atomic():
        raise_content_version([workshop_id])
        workshop = Workshop.objects.get(pk=workshop_id)
        material = Material(workshop=workshop, speaker=speaker, created_at=now, **checked_fields(workshop_id, fields))
        material.save()
        version = store_file(material, language=language, upload=upload, kind=kind, name=name, actor=actor, now=now)
        log_action(
            workshop=workshop,
            action=Action.MATERIAL_ADDED,
            obj=material,
            actor=actor,
            data={"language": language, "file": name},
            at=now,
        )
    return version


@raises_versions
def upload_version(*, workshop_id, material_id, actor, language, upload, now=None):
    """A new file of a document in a language; the earlier ones stay in its history, readers get this one."""
    now = now or timezone.now()
    language = checked_language(language)
    kind, name = checked_upload(upload)
    with transaction.atomic():
        raise_content_version([workshop_id])
        material = material_of(workshop_id, material_id)
        version = store_file(material, language=language, upload=upload, kind=kind, name=name, actor=actor, now=now)
        log_action(
            workshop=material.workshop,
            action=Action.MATERIAL_FILE_UPLOADED,
            obj=material,
            actor=actor,
            data={"language": language, "file": name},
            at=now,
        )
    return version


def material_of(workshop_id, material_id):
    material = Material.objects.select_related("workshop").filter(workshop_id=workshop_id, pk=material_id).first()
    if material is None:
        raise MaterialError(_("This document is not one of this workshop's."))
    return material


@raises_versions
def edit_material(*, workshop_id, material_id, actor, fields):
    with transaction.atomic():
        raise_content_version([workshop_id])
        material = material_of(workshop_id, material_id)
        fields = checked_fields(workshop_id, fields)
        before = {name: getattr(material, name) for name in fields}
        for name, value in fields.items():
            setattr(material, name, value)
        material.save()
        changed = changes(before, fields)
        if changed:
            log_action(
                workshop=material.workshop,
                action=Action.MATERIAL_EDITED,
                obj=material,
                actor=actor,
                data={"fields": changed},
            )
    return material


@raises_versions
def remove_material(*, workshop_id, material_id, actor):
    """Remove a document and every version of its file (the files go once the removal has committed)."""
    with transaction.atomic():
        raise_content_version([workshop_id])
        material = material_of(workshop_id, material_id)
        files = [version.file for version in material.files.all()]
        log_action(workshop=material.workshop, action=Action.MATERIAL_REMOVED, obj=material, actor=actor)
        material.delete()

        def delete_files():
            for stored in files:
                stored.delete(save=False)

        transaction.on_commit(delete_files)


def set_speaker_deadline(*, workshop_id, closes_at, actor):
    """Until when the speakers may upload their own presentations (None: until the workshop ends)."""
    with transaction.atomic():
        workshop = Workshop.objects.get(pk=workshop_id)
        if closes_at is None:
            SpeakerUploads.objects.filter(workshop=workshop).delete()
        else:
            SpeakerUploads.objects.update_or_create(workshop=workshop, defaults={"closes_at": closes_at})
        log_action(
            workshop=workshop,
            action=Action.SPEAKER_DEADLINE_SET,
            actor=actor,
            data={"closes_at": closes_at.isoformat() if closes_at else None},
        )


def upload_presentation(*, speaker_id, user, language, upload, now=None):
    """A speaker's own presentation for their session: the first upload adds it (for registered participants to
    see; the organisers may change that), the next ones are its new versions."""
    now = now or timezone.now()
    speaker = Speaker.objects.select_related("session__workshop").filter(pk=speaker_id, participant__user=user).first()
    if speaker is None:
        raise MaterialError(_("You do not speak in this session."))
    workshop = speaker.session.workshop
    closes_at = speakers_close_at(workshop)
    if now >= closes_at:
        raise MaterialError(
            _("Speakers could upload their presentations until %(when)s. Send it to the organisers instead.")
            % {"when": date_format(closes_at.astimezone(workshop.tzinfo), "DATETIME_FORMAT")}
        )
    own = Material.objects.filter(speaker=speaker).values_list("pk", flat=True).first()
    if own:
        return upload_version(
            workshop_id=workshop.pk, material_id=own, actor=user, language=language, upload=upload, now=now
        )
    title = {column("title", code): getattr(speaker.session, column("title", code)) or "" for code in language_codes()}
    return add_material(
        workshop_id=workshop.pk,
        actor=user,
        fields={
            **title,
            "kind": MaterialKind.PRESENTATION,
            "visibility": Visibility.PARTICIPANTS,
            "session": speaker.session_id,
        },
        language=language,
        upload=upload,
        speaker=speaker,
        now=now,
    )


def sweep_speaker_reminders(now=None):
    """Remind, once, the speakers who have not uploaded their presentation, a few days before their deadline.
    Run by celery beat; safe to run twice (the deadline's reminded_at, and each email's dedup key)."""
    now = now or timezone.now()
    due = SpeakerUploads.objects.filter(
        reminded_at__isnull=True, closes_at__gt=now, closes_at__lte=now + REMINDER_BEFORE
    ).values_list("pk", flat=True)
    return sum(remind_speakers(deadline_id=pk, now=now) for pk in due)


def remind_speakers(*, deadline_id, now):
    with transaction.atomic():
        deadline = SpeakerUploads.objects.select_for_update().select_related("workshop").get(pk=deadline_id)
        if deadline.reminded_at:
            return 0
        workshop = deadline.workshop
        users = speakers_without_upload(workshop)
        upload_url = settings.SITE_URL + reverse("materials:presentations", kwargs={"slug": workshop.slug})
        with timezone.override(workshop.tzinfo):
            rows = queue_bulk_email(
                template="speaker_upload_reminder",
                context={
                    "workshop": workshop,
                    "closes_at": deadline.closes_at,
                    "upload_url": upload_url,
                    "participant": {"full_name": merge_mark("name")},
                },
                kind=OutgoingEmail.Kind.OTHER,
                recipients=(
                    BulkRecipient(
                        to_email=user.email,
                        dedup_key=f"materials:{workshop.pk}:speaker-reminder:{user.pk}",
                        language=recipient_language(user=user, workshop=workshop),
                        values={"name": user.get_full_name() or user.email},
                    )
                    for user in users
                ),
            )
        deadline.reminded_at = now
        deadline.save(update_fields=["reminded_at"])
        log_action(workshop=workshop, action=Action.SPEAKERS_REMINDED, data={"count": len(rows)}, at=now)
    return len(rows)
