import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.dates import supported_dates, supported_moments, validate_supported_date
from core.languages import LanguagesField, default_language_only, language_codes, listing, name_in_text
from core.versions import save_raising_version


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not an IANA time zone such as Asia/Seoul."), params={"value": value})


def validate_reminder_offsets(value):
    if not isinstance(value, list) or not all(isinstance(days, int) and 0 <= days <= 365 for days in value):
        raise ValidationError(_("Reminder offsets are a list of whole days between 0 and 365, such as [14, 2]."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Each reminder offset may appear only once."))


def default_reminder_offsets():
    return [14, 2]


class WcoRegion(models.TextChoices):
    # The six regions in which the World Customs Organization groups its Members.
    EAST_SOUTHERN_AFRICA = "esa", _("East and Southern Africa")
    WEST_CENTRAL_AFRICA = "wca", _("West and Central Africa")
    MENA = "mena", _("North of Africa, Near and Middle East")
    EUROPE = "eur", _("Europe")
    AMERICAS_CARIBBEAN = "amc", _("Americas and Caribbean")
    ASIA_PACIFIC = "ap", _("Asia/Pacific")


class OrganisationKind(models.TextChoices):
    CUSTOMS = "customs", _("Customs administration")
    INTERGOVERNMENTAL = "igo", _("Intergovernmental organisation")
    UN_PROGRAMME = "un", _("UN programme or agency")
    CONVENTION_SECRETARIAT = "convention", _("Convention secretariat")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True, help_text=_("Leave blank for international bodies."))
    wco_region = models.CharField(_("WCO region"), max_length=10, choices=WcoRegion.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Typed in by a participant: the secretariat checks its kind and country, or merges it."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        # Beside name_en and name_fr, modeltranslation keeps the plain `name` column, filled with the name in the
        # language active at the save. It is unique: filled in the default language whoever saves, it cannot
        # clash with another organisation whose English name is this one's French name.
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)

    @property
    def short_name(self):
        return self.acronym or self.name


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Workshop.Status.PUBLISHED)

    def upcoming(self, today=None):
        return self.filter(end_date__gte=today or timezone.localdate()).order_by("start_date")

    def past(self, today=None):
        return self.filter(end_date__lt=today or timezone.localdate()).order_by("-start_date")


class WorkshopStatus(models.TextChoices):
    # Context: French inflects these for "atelier" (masculine), unlike a registration's status (feminine).
    DRAFT = "draft", pgettext_lazy("workshop status", "Draft")
    PUBLISHED = "published", pgettext_lazy("workshop status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("workshop status", "Cancelled")


class Admission(models.TextChoices):
    """Who fills the seats: people registering online, their organisations' focal points, or both."""

    OPEN = "open", _("Open registration")
    NOMINATIONS = "nominations", _("Nominations only")
    BOTH = "both", _("Open registration and nominations")


class Workshop(models.Model):
    Status = WorkshopStatus
    Admission = Admission

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    wco_region = models.CharField(_("WCO region"), max_length=10, choices=WcoRegion.choices, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone], help_text=_("e.g. Asia/Seoul")
    )
    start_date = models.DateField(_("first day"), validators=[validate_supported_date])
    end_date = models.DateField(_("last day"), validators=[validate_supported_date])
    capacity = models.PositiveIntegerField(_("seats"))
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, validators=[validate_supported_date]
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, validators=[validate_supported_date]
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("If set, every registration waits for an organiser's decision."),
    )
    admission = models.CharField(
        _("admission"),
        max_length=20,
        choices=Admission.choices,
        default=Admission.OPEN,
        help_text=_("With nominations, the focal points of organisations with a quota name their delegates."),
    )
    nomination_opens_at = models.DateTimeField(
        _("nominations open"), null=True, blank=True, validators=[validate_supported_date]
    )
    nomination_closes_at = models.DateTimeField(
        _("nominations close"), null=True, blank=True, validators=[validate_supported_date]
    )
    nomination_letter_required = models.BooleanField(
        _("nomination letter required"),
        default=False,
        help_text=_("If set, an organisation nominates only after uploading its nomination letter (PDF)."),
    )
    funding_budget = models.PositiveIntegerField(
        _("funded places"), default=0, help_text=_("How many delegates in all the organisers can fund.")
    )
    funding_deadline = models.DateTimeField(
        _("funding requests close"),
        null=True,
        blank=True,
        validators=[validate_supported_date],
        help_text=_("Leave empty to accept them until nominations close."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reminder_offsets = models.JSONField(
        _("reminder offsets (days before the start)"),
        default=default_reminder_offsets,
        blank=True,
        validators=[validate_reminder_offsets],
    )
    languages = LanguagesField(
        _("languages"),
        default=default_language_only,
        help_text=_(
            "The languages its content is written in and its emails and documents are sent in; English always."
        ),
    )
    default_language = models.CharField(
        _("default language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "One of its languages: that of the emails and documents to people whose own language the workshop does "
            "not offer."
        ),
    )
    certificate_min_days = models.PositiveSmallIntegerField(
        _("days attended for a certificate"),
        null=True,
        blank=True,
        help_text=_("A certificate of attendance needs at least this many days. Leave empty to require every day."),
    )
    self_check_in = models.BooleanField(
        _("self check-in"),
        default=False,
        help_text=_("If set, confirmed participants check themselves in by scanning the sign printed for a session."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The versions that name the workshop's cached pages (workshops/versions.py, workshops/page_cache.py): raised in
    # the transaction of every change that shows on them, never written back from a copy held in memory.
    content_version = models.PositiveBigIntegerField(default=0, editable=False)
    registrations_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-start_date"]
        permissions = [("manage_all_workshops", _("Can manage every workshop (secretariat)"))]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="workshop_ends_on_or_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="workshop_capacity_positive"),
            models.CheckConstraint(
                condition=Q(certificate_min_days__isnull=True) | Q(certificate_min_days__gt=0),
                name="workshop_certificate_min_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(default_language__in=language_codes()), name="workshop_language_offered"
            ),
            # The list's codes and their uniqueness are the field's validators' (JSON lists are not checked
            # element by element in SQL); these two are what every email and form relies on.
            models.CheckConstraint(
                condition=listing("languages", settings.LANGUAGE_CODE), name="workshop_offers_english"
            ),
            models.CheckConstraint(
                condition=listing("languages", F("default_language")), name="workshop_offers_its_default_language"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="workshop_registration_window_ordered",
            ),
            models.CheckConstraint(condition=Q(status__in=WorkshopStatus.values), name="workshop_status_valid"),
            models.CheckConstraint(condition=Q(admission__in=Admission.values), name="workshop_admission_valid"),
            models.CheckConstraint(
                condition=Q(nomination_opens_at__isnull=True)
                | Q(nomination_closes_at__isnull=True)
                | Q(nomination_closes_at__gt=F("nomination_opens_at")),
                name="workshop_nomination_window_ordered",
            ),
            models.CheckConstraint(
                condition=supported_dates("start_date") & supported_dates("end_date"), name="workshop_dates_supported"
            ),
            models.CheckConstraint(
                condition=supported_moments("registration_opens_at") & supported_moments("registration_closes_at"),
                name="workshop_registration_window_supported",
            ),
            models.CheckConstraint(
                condition=supported_moments("nomination_opens_at")
                & supported_moments("nomination_closes_at")
                & supported_moments("funding_deadline"),
                name="workshop_nomination_dates_supported",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Saving a workshop raises its content version, and writes neither version from this copy: a copy read
        before a registration arrived would otherwise set its version back."""
        return save_raising_version(self, super().save, "content_version", *args, kept=VERSION_FIELDS, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if (
            self.nomination_opens_at
            and self.nomination_closes_at
            and self.nomination_closes_at <= self.nomination_opens_at
        ):
            errors["nomination_closes_at"] = _("Nominations must close after they open.")
        errors.update(self.language_errors())
        if self.certificate_min_days is not None and self.start_date and self.end_date:
            every_day = (self.end_date - self.start_date).days + 1
            if not 1 <= self.certificate_min_days <= every_day:
                message = _("Give a number of days from 1 to %(days)s, the workshop's length.")
                errors["certificate_min_days"] = message % {"days": every_day}
        if errors:
            raise ValidationError(errors)

    def language_errors(self):
        """The workshop's languages hold the default language of the portal and the workshop's own."""
        if not isinstance(self.languages, list):
            return {}  # the field's validators say what is wrong with it
        errors = {}
        if settings.LANGUAGE_CODE not in self.languages:
            errors["languages"] = _(
                "%(language)s is always among a workshop's languages: its content is written in it first."
            ) % {"language": capfirst(name_in_text(settings.LANGUAGE_CODE))}
        if self.default_language and self.default_language not in self.languages:
            errors["default_language"] = _("Choose the default language among the workshop's languages.")
        return errors

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        """Midnight of the first day, in the workshop's own time zone."""
        return datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=self.tzinfo)

    @property
    def ends_at(self):
        """The end of the last day, in the workshop's own time zone."""
        return datetime.datetime.combine(self.end_date + datetime.timedelta(days=1), datetime.time.min, self.tzinfo)

    @property
    def days(self):
        return [self.start_date + datetime.timedelta(days=n) for n in range((self.end_date - self.start_date).days + 1)]

    @property
    def days_for_certificate(self):
        """How many days a certificate needs: the organisers' number, at most every day; every day by default."""
        every_day = len(self.days)
        return min(self.certificate_min_days or every_day, every_day)

    @property
    def takes_nominations(self):
        return self.admission != Admission.OPEN

    @property
    def takes_online_registrations(self):
        return self.admission != Admission.NOMINATIONS

    @property
    def nominations_close_at(self):
        """When nominations close: as set, else when the workshop starts."""
        return self.nomination_closes_at or self.starts_at

    def nominations_are_open(self, now=None):
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or not self.takes_nominations:
            return False
        if self.nomination_opens_at and now < self.nomination_opens_at:
            return False
        return now < self.nominations_close_at

    @property
    def funding_requests_close_at(self):
        return self.funding_deadline or self.nominations_close_at

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or not self.takes_online_registrations:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes_at = self.registration_closes_at or self.starts_at
        return now < closes_at


VERSION_FIELDS = {"content_version", "registrations_version"}


class PartnerRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("Host")
    SPONSOR = "sponsor", _("Sponsor")
    PARTNER = "partner", _("Partner")


class WorkshopPartner(models.Model):
    Role = PartnerRole

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["workshop", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "organisation", "role"], name="partner_unique_per_role"),
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="partner_role_valid"),
        ]

    def __str__(self):
        return f"{self.organisation.short_name} — {self.get_role_display()}"


class MembershipRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CHECKIN = "checkin", _("Check-in staff")


class OrganiserMembership(models.Model):
    Role = MembershipRole

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="organiser_memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ORGANISER)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("organiser membership")
        verbose_name_plural = _("organiser memberships")
        ordering = ["workshop", "user"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="organiser_membership_unique"),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="organiser_membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.workshop}"
