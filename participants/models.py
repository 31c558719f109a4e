import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.dates import supported_moments
from core.languages import language_codes
from core.personal_data import ERASED_NAME, shown_name
from core.storage import private_storage


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Participant(models.Model):
    """The profile a person keeps across workshops: who they are and what they need."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participant")
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        "workshops.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    list_contact_details = models.BooleanField(
        _("show my email address and phone number in the official list of participants"),
        default=False,
        help_text=_("Off unless you tick it: the list then gives only your name, position and organisation."),
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=255, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional; used only for the gender balance statistics of a workshop."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(gender__in=["", *Gender.values]), name="participant_gender_valid"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name pages show: "Deleted participant" once the person deleted their account."""
        return shown_name(self.full_name)

    @property
    def is_erased(self):
        return self.full_name == ERASED_NAME

    @property
    def email(self):
        return self.user.email

    @property
    def is_complete(self):
        """Whether the profile holds what an organiser needs before a registration."""
        return bool(self.full_name and self.organisation_id and self.position and self.country)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("Online registration")
    INVITATION = "invitation", _("Invitation")
    ORGANISER = "organiser", _("Added by an organiser")
    NOMINATION = "nomination", _("Nomination")


class Registration(models.Model):
    Status = RegistrationStatus
    Source = RegistrationSource

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="registrations")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ONLINE)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration_decisions",
        verbose_name=_("decided by"),
    )
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["workshop", "created_at", "pk"]
        indexes = [
            models.Index(fields=["workshop", "status", "created_at"], name="registration_queue_idx"),
            # The console's table of registrations reads a page of one workshop in this order: without it the
            # database reads and sorts every registration of the workshop for each page of 50.
            models.Index(fields=["workshop", "created_at", "id"], name="registration_table_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "participant"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_active_per_participant",
                violation_error_message=_("This participant already has a registration for this workshop."),
            ),
            models.CheckConstraint(condition=Q(status__in=RegistrationStatus.values), name="registration_status_valid"),
            models.CheckConstraint(condition=Q(source__in=RegistrationSource.values), name="registration_source_valid"),
            # Only someone holding a seat can be checked in.
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
                name="registration_attended_only_if_confirmed",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.workshop} ({self.get_status_display()})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


def hash_invitation_token(token):
    """Invitation tokens are stored only as this digest, so a database leak reveals no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    Status = InvitationStatus

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the invitation's emails; empty: the workshop's default language."),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The link's token is an HMAC of this under SECRET_KEY (participants.invitations.current_link): the portal can
    # mail the same link again, and the database alone rebuilds no link. Empty for invitations made before.
    link_nonce = models.CharField(_("link nonce"), max_length=43, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    registration_source = models.CharField(
        _("registration source"),
        max_length=20,
        choices=[
            (source.value, source.label) for source in (RegistrationSource.INVITATION, RegistrationSource.NOMINATION)
        ],
        default=RegistrationSource.INVITATION,
        help_text=_("What the registration made on acceptance records as its source."),
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        help_text=_("The registration the invitation became when it was accepted."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["workshop", "name"]
        constraints = [
            models.UniqueConstraint("workshop", Lower("email"), name="invitation_unique_per_workshop_email"),
            models.CheckConstraint(condition=Q(status__in=InvitationStatus.values), name="invitation_status_valid"),
            models.CheckConstraint(
                condition=Q(registration_source__in=[RegistrationSource.INVITATION, RegistrationSource.NOMINATION]),
                name="invitation_registration_source_valid",
            ),
            models.CheckConstraint(condition=supported_moments("expires_at"), name="invitation_expiry_supported"),
            models.CheckConstraint(
                condition=Q(language__in=["", *language_codes()]), name="invitation_language_offered"
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}> — {self.workshop}"

    @property
    def display_name(self):
        """The name pages show: "Deleted participant" once the invitee deleted their account."""
        return shown_name(self.name)

    @property
    def is_erased(self):
        return self.name == ERASED_NAME

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at


class HeldInvitationFile(models.Model):
    """An invitation list an organiser previewed and has not confirmed yet: kept out of their session
    (which every page of theirs would load), for HOLD_FOR at most, then purged."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    data = models.TextField(_("file"))
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("invitation file awaiting confirmation")
        verbose_name_plural = _("invitation files awaiting confirmation")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "uploaded_by"], name="held_invitation_file_one_per_organiser")
        ]

    def __str__(self):
        return f"{self.workshop} — {self.uploaded_by} ({self.created_at:%Y-%m-%d %H:%M})"


class AttendanceMethod(models.TextChoices):
    DESK = "desk", _("At the check-in desk")
    SELF = "self", _("Self check-in")


class Attendance(models.Model):
    """A confirmed participant was there: on a day of the workshop (no session), or at a session that takes
    attendance. The day is the workshop's local date of the record (a session's: the day it starts)."""

    Method = AttendanceMethod

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    day = models.DateField(_("day"))
    session = models.ForeignKey(
        "programme.ProgrammeSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("session"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.DESK)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        ordering = ["registration", "day", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(session__isnull=True),
                name="attendance_one_per_day",
                violation_error_message=_("This participant is already recorded for this day."),
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="attendance_one_per_session",
                violation_error_message=_("This participant is already recorded for this session."),
            ),
            models.CheckConstraint(condition=Q(method__in=AttendanceMethod.values), name="attendance_method_valid"),
        ]

    def __str__(self):
        return f"{self.registration_id} — {self.day}{f' ({self.session})' if self.session_id else ''}"


def answer_file_path(answer, filename):
    # The stored name is ours: the name the person gave is kept in the answer's value and never reaches the disk.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"registration-answers/{answer.registration_id}/{answer.question_id}-{uuid.uuid4().hex}.{extension}"


class RegistrationAnswer(models.Model):
    """A registration's answer to one of its workshop's registration questions (questions.engine's stored value);
    a file answer's bytes are in the private storage."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "questions.Question", on_delete=models.PROTECT, related_name="registration_answers", verbose_name=_("question")
    )
    value = models.JSONField(_("answer"))
    file = models.FileField(_("file"), storage=private_storage, upload_to=answer_file_path, max_length=255, blank=True)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("registration answer")
        verbose_name_plural = _("registration answers")
        ordering = ["registration", "question"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="registration_answer_one_per_question"),
        ]

    def __str__(self):
        return f"{self.registration_id} — {self.question_id}"
