"""Delegations: the focal points who speak for an organisation, its quota of seats at a workshop, the
delegates they nominate, and the nomination letters they upload."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.languages import language_codes
from core.personal_data import ERASED_NAME, shown_name
from core.storage import private_storage
from participants.models import Gender


class FocalPoint(models.Model):
    """Whoever holds an account with this address speaks for the organisation, at every workshop.

    Kept by address, not by account: the secretariat can name someone who has no account yet, and the
    role starts when they sign up (the address is verified before anyone can log in with it).
    """

    organisation = models.ForeignKey(
        "workshops.Organisation", on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("organisation")
    )
    email = models.EmailField(_("email"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["organisation", "email"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("email"), name="focal_point_unique_per_organisation"),
        ]

    def __str__(self):
        return f"{self.email} — {self.organisation.short_name}"


class Quota(models.Model):
    """How many of a workshop's seats an organisation fills by nomination, and how many of those are funded."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="quotas")
    organisation = models.ForeignKey(
        "workshops.Organisation", on_delete=models.PROTECT, related_name="quotas", verbose_name=_("organisation")
    )
    seats = models.PositiveIntegerField(_("seats"))
    funded_seats = models.PositiveIntegerField(_("funded seats"), default=0)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["workshop", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "organisation"], name="quota_unique_per_organisation"),
            models.CheckConstraint(condition=Q(seats__gte=0), name="quota_seats_not_negative"),
            models.CheckConstraint(
                condition=Q(funded_seats__gte=0) & Q(funded_seats__lte=F("seats")),
                name="quota_funded_seats_within_seats",
                violation_error_message=_("The funded seats cannot outnumber the seats."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation.short_name}: {self.seats}"


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A nomination in these statuses takes one of its organisation's seats.
ACTIVE_NOMINATION_STATUSES = (NominationStatus.SUBMITTED, NominationStatus.APPROVED)


class Funding(models.TextChoices):
    NOT_REQUESTED = "", _("Not requested")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    NOT_GRANTED = "not_granted", _("Not granted")


class Nomination(models.Model):
    Status = NominationStatus
    Funding = Funding

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="nominations")
    organisation = models.ForeignKey(
        "workshops.Organisation", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("organisation")
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations_made",
        verbose_name=_("nominated by"),
    )
    passport_name = models.CharField(_("name as in passport"), max_length=200)
    email = models.EmailField(_("email"))
    position = models.CharField(_("position"), max_length=200)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the nominee's emails until they have an account; empty: the workshop's."),
    )
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices, blank=True, default="")
    funding_reason = models.TextField(_("why funding is requested"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decision_message = models.TextField(_("message with the decision"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A foreign key, not one-to-one: a person withdrawn and nominated again gets the same invitation re-sent.
    invitation = models.ForeignKey(
        "participants.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
        help_text=_("The invitation approval sent; once accepted, it holds the delegate's registration."),
    )
    created_at = models.DateTimeField(_("nominated"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["workshop", "organisation__name", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "workshop",
                Lower("email"),
                condition=Q(status__in=ACTIVE_NOMINATION_STATUSES),
                name="nomination_one_active_per_email",
                violation_error_message=_("This address is already nominated for this workshop."),
            ),
            models.CheckConstraint(condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"),
            models.CheckConstraint(condition=Q(funding__in=Funding.values), name="nomination_funding_valid"),
            models.CheckConstraint(condition=Q(gender__in=["", *Gender.values]), name="nomination_gender_valid"),
            models.CheckConstraint(
                condition=Q(language__in=["", *language_codes()]), name="nomination_language_offered"
            ),
        ]

    def __str__(self):
        if self.is_erased:
            return f"{self.display_name} — {self.organisation.short_name}"
        return f"{self.passport_name} <{self.email}> — {self.organisation.short_name}"

    @property
    def display_name(self):
        """The name pages show: "Deleted participant" once the nominee deleted their account."""
        return shown_name(self.passport_name)

    @property
    def is_erased(self):
        return self.passport_name == ERASED_NAME

    @property
    def registration(self):
        """The delegate's registration, once they accepted the invitation that approval sent."""
        return self.invitation.registration if self.invitation_id else None


def letter_path(letter, filename):
    # The stored name is ours: the uploader's name is kept apart and never reaches the file system.
    return f"nomination-letters/{letter.workshop_id}/{letter.organisation_id}/{letter.uploaded_at:%Y%m%d%H%M%S%f}.pdf"


class NominationLetter(models.Model):
    """One version of an organisation's nomination letter for a workshop; the latest is the one in force."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="nomination_letters")
    organisation = models.ForeignKey(
        "workshops.Organisation", on_delete=models.PROTECT, related_name="nomination_letters"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=letter_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("nomination letter")
        verbose_name_plural = _("nomination letters")
        ordering = ["workshop", "organisation", "-uploaded_at", "-pk"]
        get_latest_by = "uploaded_at"

    def __str__(self):
        return f"{self.organisation.short_name} — {self.original_name}"
