"""What a workshop asks the people who register or answer its surveys: a questionnaire of ordered questions.

The answers are kept by the app that asks (participants keeps a registration's, the surveys keep theirs); every
one of them is built, validated, shown and exported by questions.engine.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import supported_dates
from workshops.models import OrganisationKind

# The longest answers a person may type: a line, and a few paragraphs.
SHORT_TEXT_LENGTH = 300
LONG_TEXT_LENGTH = 5000
# A number answer is at most this many digits, this many of them after the decimal point.
NUMBER_DIGITS = 15
NUMBER_DECIMALS = 4
RATING_VALUES = range(1, 6)


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    EVALUATION = "evaluation", _("Evaluation survey")
    FOLLOW_UP = "follow_up", _("Follow-up survey")


class Questionnaire(models.Model):
    """The questions a workshop asks for one purpose. A workshop has at most one registration questionnaire."""

    Purpose = Purpose

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="questionnaires")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="questionnaire_purpose_valid"),
            models.UniqueConstraint(
                fields=["workshop", "purpose"],
                condition=Q(purpose=Purpose.REGISTRATION),
                name="questionnaire_one_registration_per_workshop",
            ),
        ]

    def __str__(self):
        return f"{self.workshop} — {self.get_purpose_display()}"


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("One choice from a list")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices from a list")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    COUNTRY = "country", _("Country")
    RATING = "rating", _("Rating from 1 to 5")
    FILE = "file", _("File (PDF or image)")
    INFORMATION = "information", _("Information (text, no answer)")


# The kinds whose answer is one of the question's choices (or several).
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
# The kinds a condition may look at: their answer is a key (a choice's, or "yes" / "no").
CONDITION_KINDS = (*CHOICE_KINDS, QuestionKind.YES_NO)
YES, NO = "yes", "no"


class Question(models.Model):
    """One question (or an information block). Its `key` names it for good: the form's field, the export's column,
    and "the same question" at another workshop, for the answer suggested from there."""

    Kind = QuestionKind

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_(
            "A short name that never changes, e.g. arrival-date; the same key at another workshop is the same question."
        ),
    )
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help"), max_length=2000, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    min_number = models.DecimalField(
        _("smallest number"), max_digits=NUMBER_DIGITS, decimal_places=NUMBER_DECIMALS, null=True, blank=True
    )
    max_number = models.DecimalField(
        _("largest number"), max_digits=NUMBER_DIGITS, decimal_places=NUMBER_DECIMALS, null=True, blank=True
    )
    earliest_date = models.DateField(_("earliest date"), null=True, blank=True)
    latest_date = models.DateField(_("latest date"), null=True, blank=True)
    low_label = models.CharField(_("label of 1"), max_length=100, blank=True, help_text=_("e.g. Poor"))
    high_label = models.CharField(_("label of 5"), max_length=100, blank=True, help_text=_("e.g. Excellent"))
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("shown only when the question"),
    )
    condition_value = models.CharField(
        _("has the answer"), max_length=50, blank=True, help_text=_("A choice's key, or yes or no.")
    )
    funded_only = models.BooleanField(_("only for funded participants"), default=False)
    organisation_kind = models.CharField(
        _("only for one kind of organisation"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    personal = models.BooleanField(
        _("personal"),
        default=False,
        help_text=_("Answers are erased with the phone numbers once the workshop no longer needs them."),
    )
    suggest_previous = models.BooleanField(
        _("suggest my previous answer"),
        default=False,
        help_text=_("Pre-fill the answer the person gave to the question of the same key at an earlier workshop."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"],
                name="question_key_unique_per_questionnaire",
                violation_error_message=_("Another question of this form has this key."),
            ),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"),
            models.CheckConstraint(
                condition=Q(min_number__isnull=True) | Q(max_number__isnull=True) | Q(min_number__lte=F("max_number")),
                name="question_number_bounds_ordered",
            ),
            models.CheckConstraint(condition=supported_dates("earliest_date"), name="question_earliest_supported"),
            models.CheckConstraint(condition=supported_dates("latest_date"), name="question_latest_supported"),
            models.CheckConstraint(
                condition=Q(earliest_date__isnull=True)
                | Q(latest_date__isnull=True)
                | Q(earliest_date__lte=F("latest_date")),
                name="question_date_bounds_ordered",
            ),
            # Bounds belong to the kinds that have them.
            models.CheckConstraint(
                condition=Q(kind=QuestionKind.NUMBER) | Q(min_number__isnull=True, max_number__isnull=True),
                name="question_number_bounds_only_for_numbers",
            ),
            models.CheckConstraint(
                condition=Q(kind=QuestionKind.DATE) | Q(earliest_date__isnull=True, latest_date__isnull=True),
                name="question_date_bounds_only_for_dates",
            ),
            # An information block asks nothing.
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.INFORMATION) | Q(required=False, suggest_previous=False),
                name="question_information_asks_nothing",
            ),
            # A condition names a question and the answer that shows this one, or neither.
            models.CheckConstraint(
                condition=Q(condition_question__isnull=True, condition_value="")
                | (Q(condition_question__isnull=False) & ~Q(condition_value="")),
                name="question_condition_complete",
            ),
            models.CheckConstraint(condition=~Q(condition_question=F("pk")), name="question_condition_not_itself"),
            models.CheckConstraint(
                condition=Q(organisation_kind__in=["", *OrganisationKind.values]),
                name="question_organisation_kind_valid",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def asks(self):
        """Whether the question takes an answer (an information block does not)."""
        return self.kind != QuestionKind.INFORMATION

    @property
    def has_condition(self):
        return bool(self.condition_question_id or self.funded_only or self.organisation_kind)


class Choice(models.Model):
    """One answer a choice question offers. Its key is stored in the answers: a hidden choice is offered no more,
    and the answers that chose it still read."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("choice"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("No longer offered to new answers."))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"],
                name="choice_key_unique_per_question",
                violation_error_message=_("Another choice of this question has this key."),
            ),
        ]

    def __str__(self):
        return self.label
