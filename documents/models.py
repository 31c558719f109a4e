import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.fields import EncryptedCharField
from core.storage import private_storage

# Letterhead images are kept in the database, never in MEDIA: they are read only to draw documents, so no
# address serves them, and a backup of the database holds the whole letterhead.
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
IMAGE_MAX_BYTES = 1024 * 1024
# A PNG of a few kilobytes may spread into gigabytes of pixels when drawn: a side of 4000 pixels prints a whole A4
# page at 300 dpi (2480 × 3508) and keeps a certificate drawn in well under a second.
IMAGE_MAX_SIDE = 4000


class Letterhead(models.Model):
    """How a workshop's documents are headed and signed. A workshop without one gets clean defaults."""

    workshop = models.OneToOneField("workshops.Workshop", on_delete=models.CASCADE, related_name="letterhead")
    signatory_name = models.CharField(_("signatory's name"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=160, blank=True)
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=40,
        blank=True,
        help_text=_("Printed on the official list of participants, e.g. GC/AP/2015/INF/1."),
    )
    logo = models.BinaryField(_("letterhead or logo image"), blank=True, default=b"")
    logo_type = models.CharField(max_length=20, blank=True)
    signature = models.BinaryField(_("signature image"), blank=True, default=b"")
    signature_type = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")
        constraints = [
            models.CheckConstraint(
                condition=Q(logo_type__in=["", *IMAGE_TYPES.values()])
                & Q(signature_type__in=["", *IMAGE_TYPES.values()]),
                name="letterhead_image_types_valid",
            ),
        ]

    def __str__(self):
        return str(self.workshop)


# Characters of an alphabet without look-alikes (no 0/O, 1/I/L): about 50 bits, typed from paper.
CERTIFICATE_CODE_LENGTH = 10


def new_certificate_code():
    return "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(CERTIFICATE_CODE_LENGTH))


class Certificate(models.Model):
    """A certificate of attendance: issued once per attended registration, verified by its code."""

    registration = models.OneToOneField(
        "participants.Registration", on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued"))

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.code


class VisaLetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")


class VisaLetterRequest(models.Model):
    """A participant's request for a visa support letter, and the letter once issued.

    The passport fields are personal data kept only for the letter: a scheduled task erases them (and the
    letter's snapshot) 30 days after the workshop ends, and `purged_at` says when.
    """

    Status = VisaLetterStatus

    registration = models.ForeignKey(
        "participants.Registration", on_delete=models.CASCADE, related_name="visa_letter_requests"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    passport_name = models.CharField(_("name as in the passport"), max_length=120, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # Encrypted at rest (core.fields); never written to the letter's snapshot, the log or an email body.
    passport_number = EncryptedCharField(_("passport number"), max_length=20, blank=True)
    passport_expires_on = models.DateField(_("passport valid until"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival"), null=True, blank=True)
    departure_date = models.DateField(_("departure"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    snapshot = models.JSONField(
        _("letter's content"), default=dict, blank=True, help_text=_("What the letter says, as it was issued.")
    )
    purged_at = models.DateTimeField(_("passport data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=~Q(status=VisaLetterStatus.REFUSED),
                name="visa_letter_one_open_per_registration",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="visa_letter_reference_unique"
            ),
            models.CheckConstraint(condition=Q(status__in=VisaLetterStatus.values), name="visa_letter_status_valid"),
            models.CheckConstraint(
                condition=Q(arrival_date__isnull=True)
                | Q(departure_date__isnull=True)
                | Q(departure_date__gte=F("arrival_date")),
                name="visa_letter_departure_after_arrival",
            ),
            models.CheckConstraint(
                condition=~Q(status=VisaLetterStatus.ISSUED) | ~Q(reference=""), name="visa_letter_issued_has_reference"
            ),
        ]

    def __str__(self):
        return f"{self.reference or self.get_status_display()} — {self.registration.participant}"


def pdf_job_path(job, filename):
    # The stored name is ours; the download names the file after the workshop and the document (PdfJob.filename).
    return f"pdf-jobs/{job.workshop_id}/{job.pk}-{job.kind}-{job.language}.pdf"


class PdfJobKind(models.TextChoices):
    BADGES = "badges", _("Name badges")
    CERTIFICATES = "certificates", _("Certificates of attendance")
    OFFICIAL_LIST = "official_list", _("Official list of participants")


class PdfJobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Being drawn")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PdfJob(models.Model):
    """A PDF of a whole workshop (every badge, every certificate, the official list) drawn by a Celery worker:
    hundreds of pages take longer than a request may. The console polls its progress and offers the file."""

    Kind = PdfJobKind
    State = PdfJobState
    UNFINISHED = (PdfJobState.QUEUED, PdfJobState.RUNNING)

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="pdf_jobs")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), storage=private_storage, upload_to=pdf_job_path, max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    # Written with each step of the drawing: a job whose worker went silent is given up (documents.services).
    updated_at = models.DateTimeField(_("updated"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF job")
        verbose_name_plural = _("PDF jobs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # A second click while a job runs finds this one instead of drawing the same document twice.
            models.UniqueConstraint(
                fields=["workshop", "kind", "language"],
                condition=Q(state__in=[PdfJobState.QUEUED, PdfJobState.RUNNING]),
                name="pdf_job_one_unfinished_per_workshop_and_kind",
            ),
            models.CheckConstraint(condition=Q(kind__in=PdfJobKind.values), name="pdf_job_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=PdfJobState.values), name="pdf_job_state_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pdf_job_progress_at_most_100"),
            models.CheckConstraint(
                condition=~Q(state=PdfJobState.DONE) | (~Q(file="") & Q(progress=100) & Q(finished_at__isnull=False)),
                name="pdf_job_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}) — {self.get_state_display()}"

    @property
    def is_unfinished(self):
        return self.state in self.UNFINISHED

    @property
    def filename(self):
        """The name the download offers: seoul-2015-badges-en.pdf."""
        return f"{self.workshop.slug}-{self.kind.replace('_', '-')}-{self.language}.pdf"
