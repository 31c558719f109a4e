"""The questions engine: the one place that turns a questionnaire's questions into a form, decides on the server
which questions a respondent is asked, validates the answers, stores each as a JSON value, shows a stored value as
text and lays the answers out as export columns. Registration answers and survey answers both go through it.

A stored answer, by kind: text, a choice's key, a list of keys, true or false, a number as its decimal text
("12.5"), a date as ISO text, a country's code, a rating 1–5, a file as {"name": its safe name, "path": where the
private storage keeps it} (the asking app saves the upload, see `uploaded_files`). Answers travel as
{question id: stored value}.

Which questions a respondent sees is decided from what they sent, never from what the browser showed them: a
question whose condition does not hold is neither required nor stored. The browser only hides it as a courtesy.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Prefetch
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from core.dates import validate_supported_date
from core.errors import DomainError

from .models import (
    CHOICE_KINDS,
    CONDITION_KINDS,
    LONG_TEXT_LENGTH,
    NO,
    NUMBER_DECIMALS,
    NUMBER_DIGITS,
    RATING_VALUES,
    SHORT_TEXT_LENGTH,
    YES,
    Choice,
    Question,
    QuestionKind,
)

Kind = QuestionKind
# The largest file answer: a scanned permit or a photo, not an archive.
MAX_FILE_BYTES = 10 * 1024 * 1024
FIELD_PREFIX = "question"


@dataclass(frozen=True)
class Respondent:
    """What the conditions "only funded participants" and "only one kind of organisation" look at, told by the
    asking app (the engine knows nothing of nominations or profiles). None: not known, as for a preview."""

    is_funded: bool = False
    organisation_kind: str | None = None


EVERYONE = None  # no respondent rule applies: the organiser's preview


# The check of an uploaded file's bytes: (the upload) -> the safe name to keep it under (set on the upload as
# `checked_name`), or a DomainError or ValidationError saying why not. The
# apps above that own the checks (materials.uploads) register it from their AppConfig.ready(): a file question
# refuses every upload until one is registered.
FILE_CHECKS: list[Callable[[UploadedFile], str]] = []


def check_files_with(check):
    FILE_CHECKS.append(check)


def questions_of(questionnaire_id, *, archived=False):
    """The questionnaire's questions in order, their choices fetched with them (two queries, however many)."""
    return ordered_with_choices(Question.objects.filter(questionnaire_id=questionnaire_id), archived=archived)


def workshop_questions(workshop_id, purpose, *, archived=False):
    """The questions of the workshop's questionnaire for `purpose` (the registration's: at most one), as
    questions_of gives them, without reading the questionnaire first."""
    questions = Question.objects.filter(questionnaire__workshop_id=workshop_id, questionnaire__purpose=purpose)
    return ordered_with_choices(questions, archived=archived)


def ordered_with_choices(questions, *, archived):
    if not archived:
        questions = questions.filter(archived_at__isnull=True)
    return list(
        questions.prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))).order_by(
            "position", "pk"
        )
    )


def field_name(question):
    return question.key


def offered_choices(question):
    return [(choice.key, choice.label) for choice in question.choices.all() if not choice.hidden]


def rating_choices(question):
    ends = {RATING_VALUES[0]: question.low_label, RATING_VALUES[-1]: question.high_label}
    return [(value, f"{value} — {ends[value]}" if ends.get(value) else str(value)) for value in RATING_VALUES]


def yes_no_choices():
    return [(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))]


def dated_bounds(question):
    validators = [validate_supported_date]
    if question.earliest_date:
        validators.append(
            MinValueValidator(
                question.earliest_date,
                message=gettext_lazy("Enter a date on or after %(limit_value)s."),
            )
        )
    if question.latest_date:
        validators.append(
            MaxValueValidator(question.latest_date, message=gettext_lazy("Enter a date on or before %(limit_value)s."))
        )
    return validators


class FileAnswerField(forms.FileField):
    """A PDF or an image, judged by its bytes (FILE_CHECKS), at most MAX_FILE_BYTES."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 10 MB. Save it smaller and upload it again."))
        if not FILE_CHECKS:
            raise ValidationError(_("Files cannot be received at the moment."))
        for check in FILE_CHECKS:
            try:
                upload.checked_name = check(upload)
            except DomainError as refusal:
                raise ValidationError(refusal.message) from refusal
        return upload


def form_field(question, *, required):
    """The Django form field asking `question` (None for an information block)."""
    common = {"label": question.label, "help_text": question.help_text, "required": required}
    kind = question.kind
    if kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_LENGTH, **common)
    if kind == Kind.LONG_TEXT:
        return forms.CharField(max_length=LONG_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == Kind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=offered_choices(question), widget=forms.RadioSelect, **common)
    if kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=offered_choices(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Kind.YES_NO:
        return forms.ChoiceField(choices=yes_no_choices(), widget=forms.RadioSelect, **common)
    if kind == Kind.NUMBER:
        return forms.DecimalField(
            max_digits=NUMBER_DIGITS,
            decimal_places=NUMBER_DECIMALS,
            min_value=question.min_number,
            max_value=question.max_number,
            localize=True,
            **common,
        )
    if kind == Kind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            validators=dated_bounds(question),
            **common,
        )
    if kind == Kind.COUNTRY:
        return forms.ChoiceField(choices=[("", "—"), *countries], **common)
    if kind == Kind.RATING:
        return forms.TypedChoiceField(choices=rating_choices(question), coerce=int, widget=forms.RadioSelect, **common)
    if kind == Kind.FILE:
        return FileAnswerField(**common)
    return None


def stored_value(question, cleaned):
    """The JSON value kept for a cleaned answer; None when nothing was answered. A file stays the upload: the
    asking app saves it and stores what `file_value` makes of it."""
    if cleaned in (None, "", []):
        return None
    kind = question.kind
    if kind == Kind.YES_NO:
        return cleaned == YES
    if kind == Kind.NUMBER:
        return format(cleaned.normalize(), "f")
    if kind == Kind.DATE:
        return cleaned.isoformat()
    if kind == Kind.MULTIPLE_CHOICE:
        return list(cleaned)
    return cleaned


def file_value(*, name, path):
    """The stored value of a file answer, once the asking app has saved the upload at `path`."""
    return {"name": name, "path": path}


def initial_value(question, value):
    """A stored value as the form shows it again (to edit an answer, or the previous answer suggested)."""
    if value is None or question.kind == Kind.FILE:
        return None
    if question.kind == Kind.YES_NO:
        return YES if value else NO
    if question.kind == Kind.NUMBER:
        return Decimal(value)
    if question.kind == Kind.DATE:
        return datetime.date.fromisoformat(value)
    return value


def condition_keys(value):
    """The keys a raw or stored answer holds for conditions: a choice's key (several), "yes" or "no"."""
    if value in (None, "", []):
        return set()
    if isinstance(value, bool):
        return {YES if value else NO}
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return {str(value)}


def shown_ids(questions, respondent, answer_keys=None):
    """The ids of the questions `respondent` is asked, given {question id: set of answer keys}: a question is asked
    when its respondent rules hold and the question of its condition is asked and has the answer named. A
    respondent of None passes every respondent rule; answer_keys of None, every condition on an answer (who may be
    asked at all)."""
    by_id = {question.pk: question for question in questions}
    decided = {}

    def asked(question):
        if question.pk in decided:
            return decided[question.pk]
        decided[question.pk] = False  # services refuse loops; a loop left by hand in the database hides its questions
        shown = True
        if respondent is not None:
            if question.funded_only and not respondent.is_funded:
                shown = False
            if question.organisation_kind and respondent.organisation_kind != question.organisation_kind:
                shown = False
        if shown and question.condition_question_id:
            parent = by_id.get(question.condition_question_id)
            shown = (
                parent is not None
                and asked(parent)
                and (answer_keys is None or question.condition_value in answer_keys.get(parent.pk, set()))
            )
        decided[question.pk] = shown
        return shown

    return {question.pk for question in questions if asked(question)}


@dataclass(frozen=True)
class AskedItem:
    """A question as the page shows it: its bound field (None for an information block) and, for a question behind
    another answer, the name of the field whose answer (`question.condition_value`) shows it."""

    question: Question
    field: forms.BoundField | None
    shown_when: str


class AnswerForm(forms.Form):
    """The questions of a questionnaire asked of one respondent. `initial_answers` ({question id: stored value})
    fills it in; `answers()` gives what to store once it is valid.

    On GET every question the respondent may be asked is there, those behind another answer hidden by the page's
    script until that answer is given; on POST the conditions are decided from the data sent."""

    prefix = FIELD_PREFIX

    def __init__(self, *args, questions, respondent=EVERYONE, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [question for question in questions if not question.is_archived]
        self.respondent = respondent
        # Who may be asked at all (the respondent rules), then who is asked given the answers sent.
        self.possible = shown_ids(self.questions, respondent)
        self.asked = shown_ids(self.questions, respondent, self.sent_keys()) if self.is_bound else self.possible
        for question in self.questions:
            if question.pk not in self.possible or not question.asks:
                continue
            # A question behind another answer is required only once it is asked, which the browser cannot know.
            conditional = question.condition_question_id is not None
            required = question.required and (question.pk in self.asked if self.is_bound else not conditional)
            kept_file = question.kind == Kind.FILE and initial_answers and initial_answers.get(question.pk)
            # A file is not sent again with each form: the one received stands until another is chosen.
            field = form_field(question, required=required and not kept_file)
            if kept_file:
                field.help_text = " ".join(
                    part
                    for part in (
                        str(question.help_text),
                        _("Received: %(name)s.") % {"name": answer_text(question, kept_file)},
                    )
                    if part
                )
            self.fields[field_name(question)] = field
            if initial_answers and question.pk in initial_answers:
                self.initial[field_name(question)] = initial_value(question, initial_answers[question.pk])

    def sent_keys(self):
        """{question id: the keys of its answer in the data sent}, for the questions a condition may look at."""
        keys = {}
        for question in self.questions:
            if question.kind in CONDITION_KINDS:
                name = self.add_prefix(field_name(question))
                raw = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
                keys[question.pk] = condition_keys(raw)
        return keys

    def items(self):
        """What the page shows, in order (templates/questions/_answer_form.html)."""
        by_id = {question.pk: question for question in self.questions}
        return [
            AskedItem(
                question=question,
                field=self[field_name(question)] if field_name(question) in self.fields else None,
                shown_when=(
                    self.add_prefix(field_name(by_id[question.condition_question_id]))
                    if question.condition_question_id in by_id
                    else ""
                ),
            )
            for question in self.questions
            if question.pk in self.possible
        ]

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            if name in self.fields and question.pk not in self.asked:
                # Not asked: whatever was sent for it is neither validated nor kept.
                cleaned.pop(name, None)
                self.errors.pop(name, None)
        return cleaned

    def answers(self):
        """{question id: stored value} of the questions asked and answered; a file answer is still the upload."""
        stored = {}
        for question in self.questions:
            name = field_name(question)
            if name in self.fields and question.pk in self.asked:
                value = stored_value(question, self.cleaned_data.get(name))
                if value is not None:
                    stored[question.pk] = value
        return stored

    def unanswered(self):
        """The ids of the questions asked and left empty: an earlier answer of theirs is no longer true."""
        answered = self.answers()
        return {
            question.pk
            for question in self.questions
            if field_name(question) in self.fields and question.pk in self.asked and question.pk not in answered
        }


def uploaded_files(answers):
    """{question id: upload} of the file answers in `answers()`, which the asking app saves."""
    return {question_id: value for question_id, value in answers.items() if isinstance(value, UploadedFile)}


def text_of(question):
    """(stored value) -> text in the reader's language (the active one), "" for no answer: the question's labels
    looked up once, for the many rows of an export."""
    kind = question.kind
    if kind in CHOICE_KINDS:
        labels = {choice.key: str(choice.label) for choice in question.choices.all()}

        def choice_text(value):
            keys = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(key, key) for key in keys)

        return blank_or(choice_text)
    if kind == Kind.YES_NO:
        words = {True: _("Yes"), False: _("No")}
        return blank_or(lambda value: words[bool(value)])
    if kind == Kind.NUMBER:
        return remembered(blank_or(lambda value: number_format(Decimal(value))))
    if kind == Kind.DATE:
        return remembered(blank_or(lambda value: date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")))
    if kind == Kind.COUNTRY:
        names = {code: str(name) for code, name in countries}
        return blank_or(lambda value: names.get(value, value))
    if kind == Kind.RATING:
        return blank_or(lambda value: f"{value} / {RATING_VALUES[-1]}")
    if kind == Kind.FILE:
        return blank_or(lambda value: value.get("name", "") if isinstance(value, dict) else str(value))
    return blank_or(str)


def remembered(text):
    """`text`, formatting each value once: an export's dates and numbers repeat, and Django's localised formatting
    of one costs more than the rest of its cell."""
    texts = {}

    def shown(value):
        if value not in texts:
            texts[value] = text(value)
        return texts[value]

    return shown


def blank_or(text):
    return lambda value: "" if value is None or value == "" or value == [] else text(value)


def answer_text(question, value):
    """A stored answer as text in the reader's language (the active one); "" when there is none."""
    return text_of(question)(value)


def condition_text(parent, key):
    """The answer of `parent` that a condition names (a choice's key, "yes" or "no"), as the reader reads it."""
    if parent.kind == Kind.YES_NO:
        return answer_text(parent, key == YES)
    return answer_text(parent, key)


def column_header(question):
    """An export column's heading: the question in the reader's language, "(archived)" once removed."""
    if question.is_archived:
        return _("%(question)s (archived)") % {"question": question.label}
    return question.label


def export_questions(questions):
    """The questions that make columns: every one that takes answers, archived ones included."""
    return [question for question in questions if question.asks]


class AnswerColumns:
    """The export's columns of `questions` (archived ones included, as "(archived)"): `headers`, then `cells(answers)`
    for each row's {question id: stored value}, every label translated once."""

    def __init__(self, questions):
        self.questions = export_questions(questions)
        self.headers = [column_header(question) for question in self.questions]
        self.texts = [(question.pk, text_of(question)) for question in self.questions]

    def cells(self, answers: Mapping[int, object]):
        return [text(answers.get(question_id)) for question_id, text in self.texts]


def preview_questions(questions: Iterable[Question]):
    """The form as a participant sees it, for the organiser's preview (no respondent rules applied)."""
    return AnswerForm(questions=list(questions), respondent=EVERYONE)
