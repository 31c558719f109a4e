"""Reads of the workshop's documents: who may read which, the latest file of each in each language, the speakers
who have not uploaded yet."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from modeltranslation.utils import resolution_order

from accounts.models import User
from participants.models import Registration
from sessions.models import Speaker
from workshops.models import OrganiserMembership, Workshop
from workshops.permissions import workshop_role

from .models import Material, MaterialFile, MaterialKind, SpeakerUploads, Visibility

# What each audience reads: an audience reads its own documents and those of the audiences before it.
READS = {
    Visibility.PUBLIC: (Visibility.PUBLIC,),
    Visibility.PARTICIPANTS: (Visibility.PUBLIC, Visibility.PARTICIPANTS),
    Visibility.ORGANISERS: tuple(Visibility.values),
}
KIND_ORDER = {kind: rank for rank, kind in enumerate(MaterialKind.values)}


def audience_of(user, workshop):
    """Which documents the user may read: the organisers' (organisers and the secretariat), the registered
    participants' (a confirmed registration), else the public ones."""
    if not user.is_authenticated:
        return Visibility.PUBLIC
    if workshop_role(user, workshop) == OrganiserMembership.Role.ORGANISER:
        return Visibility.ORGANISERS
    confirmed = Registration.objects.filter(
        workshop=workshop, participant__user=user, status=Registration.Status.CONFIRMED
    )
    return Visibility.PARTICIPANTS if confirmed.exists() else Visibility.PUBLIC


@dataclass
class ShownMaterial:
    """A document with the latest file of each of its languages."""

    material: Material
    files: dict = field(default_factory=dict)  # language -> MaterialFile

    def file_in(self, language):
        """The file in `language`, else in the first fallback language that has one."""
        for code in resolution_order(language):
            if code in self.files:
                return self.files[code]
        return None


def shown_materials(workshop, audience):
    """The documents `audience` may read that have a file: the workshop's own first (by kind), then each session's
    in programme order. Two queries."""
    materials = (
        Material.objects.filter(workshop=workshop, visibility__in=READS[audience])
        .select_related("session")
        .order_by("session__starts_at", "session_id", "pk")
    )
    shown = {material.pk: ShownMaterial(material) for material in materials}
    for version in latest_files(shown):
        shown[version.material_id].files[version.language] = version
    found = [item for item in shown.values() if item.files]
    # The workshop's own by kind (concept note, agenda...), then the sessions' (a stable sort keeps their order).
    return sorted(
        found,
        key=lambda item: (
            item.material.session_id is not None,
            0 if item.material.session_id else KIND_ORDER[item.material.kind],
        ),
    )


def sessions_with_materials(workshop, audience):
    """The ids of the workshop's sessions with a document `audience` may read."""
    return set(
        MaterialFile.objects.filter(
            material__workshop=workshop, material__session__isnull=False, material__visibility__in=READS[audience]
        ).values_list("material__session_id", flat=True)
    )


def latest_files(material_ids):
    """The latest file of each of these documents in each language (one query; the history is short)."""
    latest = {}
    versions = MaterialFile.objects.filter(material__in=list(material_ids)).order_by(
        "material_id", "language", "-uploaded_at", "-pk"
    )
    for version in versions:
        latest.setdefault((version.material_id, version.language), version)
    return latest.values()


def latest_file(*, workshop, material_id, language, audience):
    """The file readers of `audience` get for a document in `language`, or None."""
    return (
        MaterialFile.objects.filter(
            material__workshop=workshop,
            material_id=material_id,
            material__visibility__in=READS[audience],
            language=language,
        )
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def workshop_materials(workshop):
    """Every document of the workshop with its whole history, for the console (two queries)."""
    return (
        Material.objects.filter(workshop=workshop)
        .select_related("session", "speaker")
        .prefetch_related("files__uploaded_by")
        .order_by("session__starts_at", "session_id", "pk")
    )


def speakers_without_upload(workshop):
    """The accounts of the workshop's speakers who have not uploaded a presentation of their own."""
    speaking = Speaker.objects.filter(session__workshop=workshop, participant__user__isnull=False)
    uploaded = Material.objects.filter(workshop=workshop, speaker__participant__user=OuterRef("pk"))
    return User.objects.filter(pk__in=speaking.values("participant__user"), is_active=True).exclude(Exists(uploaded))


def speaking_slots(user, workshop):
    """The user's slots in the workshop's programme, each with its own presentation, if uploaded."""
    return (
        Speaker.objects.filter(session__workshop=workshop, participant__user=user)
        .select_related("session")
        .prefetch_related("materials__files")
        .order_by("session__starts_at")
    )


def workshops_where_speaking(user):
    """The workshops in whose programme the user speaks, latest first: where they may upload presentations."""
    return Workshop.objects.filter(
        pk__in=Speaker.objects.filter(participant__user=user).values("session__workshop")
    ).order_by("-start_date")


def speakers_close_at(workshop):
    """When the speakers' uploads close: the organiser's deadline, else the end of the workshop."""
    deadline = SpeakerUploads.objects.filter(workshop=workshop).values_list("closes_at", flat=True).first()
    return deadline or workshop.ends_at
