"""What a workshop achieved, as its organisers and its participants tell it: the report, drafted from the portal's
data and edited, and the surveys (the evaluation, the follow-up) with their answers."""

import datetime
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import supported_dates
from workshops.models import Workshop

# Long enough for a report of several pages; a limit all the same, so a pasted book is refused with a message.
REPORT_MAX_LENGTH = 30_000


class WorkshopReport(models.Model):
    """The workshop's outcome in Markdown, one column per language (outcomes/translation.py); shown on the workshop
    page as "Outcome" while published."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="report")
    body = models.TextField(_("report"), blank=True, max_length=REPORT_MAX_LENGTH)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop report")
        verbose_name_plural = _("workshop reports")

    def __str__(self):
        return str(self.workshop)

    @property
    def is_published(self):
        return self.published_at is not None


class SurveyPurpose(models.TextChoices):
    """The questionnaire purposes a survey asks for (questions.models.Purpose, registration aside)."""

    EVALUATION = "evaluation", _("Evaluation survey")
    FOLLOW_UP = "follow_up", _("Follow-up survey")


# How long a survey stays open by default, from the day it opens; the organiser moves the date.
DEFAULT_OPEN_DAYS = 28
DEFAULT_REMINDER_DAYS = 7
MAX_REMINDER_DAYS = 60
# A follow-up asks what was applied since: at least a month after, at most two years.
FOLLOW_UP_MONTHS = (1, 24)
DEFAULT_FOLLOW_UP_MONTHS = 6


class Survey(models.Model):
    """A survey of a workshop's participants, asked with the questions engine (its `questionnaire`).

    The evaluation opens by itself at the end of the last session (the workshop's clock), the follow-up a number of
    months later (`months_after`). Anonymous by default: its answers (SurveyResponse) then name no one, and who was
    asked and has answered is kept apart (SurveyRecipient)."""

    Purpose = SurveyPurpose

    # The workshop and the purpose are the questionnaire's own, kept here too so the database holds the rule: one
    # evaluation and one follow-up per workshop.
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="surveys")
    purpose = models.CharField(_("survey"), max_length=20, choices=SurveyPurpose.choices)
    questionnaire = models.OneToOneField(
        "questions.Questionnaire", on_delete=models.CASCADE, related_name="survey", verbose_name=_("questions")
    )
    months_after = models.PositiveSmallIntegerField(
        _("months after the workshop"),
        default=0,
        help_text=_("The follow-up survey opens this many months after the end of the last session."),
    )
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind after (days)"),
        default=DEFAULT_REMINDER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REMINDER_DAYS)],
        help_text=_("Those who have not answered are reminded once, this many days after it opened."),
    )
    closes_on = models.DateField(
        _("closes on"), help_text=_("The last day answers are taken, on the workshop's clock.")
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are kept with no link to the person who gave them. Named: the results show who answered."),
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["workshop", "months_after", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "purpose"], name="survey_one_per_purpose"),
            models.CheckConstraint(condition=Q(purpose__in=SurveyPurpose.values), name="survey_purpose_valid"),
            models.CheckConstraint(
                condition=Q(purpose=SurveyPurpose.EVALUATION, months_after=0)
                | Q(purpose=SurveyPurpose.FOLLOW_UP, months_after__range=FOLLOW_UP_MONTHS),
                name="survey_follow_up_months_later",
            ),
            models.CheckConstraint(
                condition=Q(remind_after_days__range=(1, MAX_REMINDER_DAYS)), name="survey_reminder_days_bounded"
            ),
            models.CheckConstraint(condition=supported_dates("closes_on"), name="survey_closes_on_supported"),
            models.CheckConstraint(
                condition=Q(reminded_at__isnull=True) | Q(opened_at__isnull=False), name="survey_reminded_once_open"
            ),
        ]

    def __str__(self):
        return f"{self.workshop} — {self.get_purpose_display()}"

    @property
    def closes_at(self):
        """The end of the closing day, on the workshop's clock."""
        return datetime.datetime.combine(
            self.closes_on + datetime.timedelta(days=1), datetime.time.min, self.workshop.tzinfo
        )

    @property
    def is_open(self):
        return self.opened_at is not None and timezone.now() < self.closes_at


class SurveyRecipient(models.Model):
    """Who a survey was sent to, and whether they have answered: kept apart from the answers, so an anonymous answer
    names no one and nobody answers twice. The flag and the answer are written in one transaction."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    registration = models.ForeignKey(
        "participants.Registration", on_delete=models.CASCADE, related_name="survey_recipients"
    )
    sent_at = models.DateTimeField(_("sent"))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered = models.BooleanField(_("answered"), default=False)
    # Named surveys only: the answer this person gave. An anonymous survey's answers are never linked.
    response = models.OneToOneField(
        "SurveyResponse", on_delete=models.SET_NULL, null=True, blank=True, related_name="recipient"
    )

    class Meta:
        verbose_name = _("survey recipient")
        verbose_name_plural = _("survey recipients")
        constraints = [
            models.UniqueConstraint(fields=["survey", "registration"], name="survey_recipient_once"),
            models.CheckConstraint(
                condition=Q(response__isnull=True) | Q(answered=True), name="survey_recipient_response_if_answered"
            ),
        ]

    def __str__(self):
        return f"{self.survey} — {self.registration_id}"


class SurveyResponse(models.Model):
    """One person's answers to a survey: {question id: stored value} (questions.engine). It holds no link to the
    person — no foreign key but the survey's, no account, no address — a random key and only the day it was given.
    tests/outcomes/test_survey_anonymity.py reads the table's columns and constraints from the database to prove it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answered_on = models.DateField(_("answered on"))
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(condition=supported_dates("answered_on"), name="survey_response_day_supported")
        ]

    def __str__(self):
        return str(self.pk)
