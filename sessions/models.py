from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import supported_moments, validate_supported_date


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    PLENARY = "plenary", _("Plenary")
    PRESENTATION = "presentation", _("Presentation")
    PANEL = "panel", _("Panel discussion")
    BREAKOUT = "breakout", _("Breakout group")
    FIELD_VISIT = "field_visit", _("Field visit")
    BREAK = "break", _("Break")
    CLOSING = "closing", _("Closing")


class SpeakerRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class ProgrammeSession(models.Model):
    """One slot of a workshop's programme (not a browser session)."""

    Kind = SessionKind

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRESENTATION)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_supported_date])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_supported_date])
    room = models.CharField(_("room"), max_length=120, blank=True)
    topics = models.CharField(
        _("topics"), max_length=255, blank=True, help_text=_("Comma-separated, e.g. CITES, illegal wildlife trade")
    )
    takes_attendance = models.BooleanField(
        _("takes attendance"),
        default=False,
        help_text=_("If set, the check-in desk records who attends this session (a field visit, an exam)."),
    )

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["workshop", "starts_at", "room", "pk"]
        indexes = [models.Index(fields=["workshop", "starts_at"], name="session_workshop_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(kind__in=SessionKind.values), name="session_kind_valid"),
            models.CheckConstraint(
                condition=supported_moments("starts_at") & supported_moments("ends_at"), name="session_times_supported"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def topic_list(self):
        return [topic.strip() for topic in self.topics.split(",") if topic.strip()]

    def clean(self):
        super().clean()
        if not (self.starts_at and self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        workshop = self.workshop if self.workshop_id else None
        if workshop is None:
            return
        # Whether a session is inside the workshop depends on the workshop's own calendar,
        # so both ends are read in its time zone, not the server's.
        first_day = self.starts_at.astimezone(workshop.tzinfo).date()
        last_moment = self.ends_at.astimezone(workshop.tzinfo)
        if first_day < workshop.start_date or last_moment > workshop.ends_at:
            raise ValidationError(
                _("A session must take place between %(start)s and %(end)s (%(zone)s), the workshop's days."),
                params={"start": workshop.start_date, "end": workshop.end_date, "zone": workshop.time_zone},
            )


class Speaker(models.Model):
    Role = SpeakerRole

    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="speakers")
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaking_slots",
        help_text=_("A registered participant, or leave empty and give a name."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "workshops.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="speakers"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(name=""), name="speaker_has_participant_or_name"
            ),
            models.CheckConstraint(condition=Q(role__in=SpeakerRole.values), name="speaker_role_valid"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or (self.participant.display_name if self.participant_id else "")

    @property
    def display_organisation(self):
        """The organisation given for this slot, else the speaking participant's own."""
        if self.organisation_id:
            return self.organisation
        return self.participant.organisation if self.participant_id else None

    def clean(self):
        super().clean()
        if not self.participant_id and not self.name.strip():
            raise ValidationError(_("Choose a participant or give the speaker's name."))
