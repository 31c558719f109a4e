"""The workshop's own documents (concept note, agenda, information note, presentations...), on the workshop or on
one of its sessions: one file per language, every upload kept as a version, the latest the one readers get."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 50 * 1024 * 1024


class MaterialKind(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    AGENDA = "agenda", _("Agenda")
    INFORMATION_NOTE = "information_note", _("Information note")
    PRESENTATION = "presentation", _("Presentation")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    """Who may read a document; each audience also reads what the ones before it read."""

    PUBLIC = "public", _("Everyone")
    PARTICIPANTS = "participants", _("Registered participants")
    ORGANISERS = "organisers", _("Organisers only")


def material_storage():
    """settings.STORAGES["materials"]: under the private media root by default; another storage may replace it."""
    return storages["materials"]


def material_path(version, filename):
    # The stored name is ours: the uploader's name is kept apart (made safe) and never reaches the storage.
    return (
        f"materials/{version.material.workshop_id}/{version.material_id}/"
        f"{version.language}-{version.uploaded_at:%Y%m%d%H%M%S%f}.{version.extension}"
    )


class Material(models.Model):
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="materials")
    # Empty: a document of the whole workshop (concept note, agenda...).
    session = models.ForeignKey(
        "programme.ProgrammeSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("session"),
    )
    # The speaker whose own presentation it is, uploaded from their registration page.
    speaker = models.ForeignKey(
        "programme.Speaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("speaker"),
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices, default=MaterialKind.OTHER)
    symbol = models.CharField(
        _("document symbol"), max_length=60, blank=True, help_text=_("For example GC/AP/2015/INF/1.")
    )
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop document")
        verbose_name_plural = _("workshop documents")
        ordering = ["workshop", "session__starts_at", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MaterialKind.values), name="material_kind_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="material_visibility_valid"),
        ]

    def __str__(self):
        return self.title


class MaterialFile(models.Model):
    """One upload of a document in one language; the latest of a language is the one readers get."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="files", verbose_name=_("document"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), storage=material_storage, upload_to=material_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=100)
    extension = models.CharField(_("type"), max_length=5)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["material", "language", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["material", "language", "-uploaded_at"], name="material_file_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(size__lte=MAX_FILE_BYTES), name="material_file_size_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="material_file_language_valid",
            ),
        ]

    def __str__(self):
        return self.original_name


class SpeakerUploads(models.Model):
    """Until when a workshop's speakers may upload their own presentations, and whether they were reminded."""

    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="speaker_uploads")
    closes_at = models.DateTimeField(_("speakers upload until"))
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("speakers' upload deadline")
        verbose_name_plural = _("speakers' upload deadlines")

    def __str__(self):
        return f"{self.workshop} — {self.closes_at:%Y-%m-%d %H:%M}"
