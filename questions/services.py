"""Building a questionnaire: adding, editing, moving and archiving questions, adding and hiding choices.

Once a question has answers its type stays (the answers would no longer read), choices are hidden rather than
removed, and a question is archived rather than deleted: its answers stay in the exports. Each change is one
transaction with its activity-log entry; a rule that says no raises QuestionError naming the fields concerned.
The questionnaire's row is locked while its questions change, so two organisers cannot take the same position.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import changes, log_action
from core.errors import DomainError
from core.languages import column, language_codes
from workshops.versions import raise_registrations_version, raises_versions

from .models import CHOICE_KINDS, CONDITION_KINDS, NO, YES, Choice, Purpose, Question, QuestionKind, Questionnaire

TRANSLATED_FIELDS = ("label", "help_text", "low_label", "high_label")
QUESTION_FIELDS = (
    *(column(name, language) for name in TRANSLATED_FIELDS for language in language_codes()),
    "required",
    "min_number",
    "max_number",
    "earliest_date",
    "latest_date",
    "condition_question",
    "condition_value",
    "funded_only",
    "organisation_kind",
    "personal",
    "suggest_previous",
)
CHOICE_LABELS = tuple(column("label", language) for language in language_codes())

# Which answers each app keeps: (question ids) -> the ids among them that have answers. The apps that keep answers
# register theirs from their AppConfig.ready() (participants, the surveys): the engine knows none of them.
ANSWER_FINDERS: list[Callable[[Iterable[int]], set[int]]] = []


def find_answers_with(finder):
    ANSWER_FINDERS.append(finder)


def answered(question_ids):
    """The ids among `question_ids` that someone has answered."""
    found = set()
    for finder in ANSWER_FINDERS:
        found |= set(finder(question_ids))
    return found


class QuestionError(DomainError):
    """A rule of the questionnaire refused the change; `message_dict` names the fields it is about."""


def full_clean(instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        raise QuestionError(fields=error.message_dict) from error


@raises_versions
@transaction.atomic
def questionnaire_for(*, workshop_id, purpose=Purpose.REGISTRATION):
    """The workshop's registration questionnaire (made when first asked for: there is one), or a new questionnaire
    for another purpose (a workshop may hold several surveys)."""
    if purpose == Purpose.REGISTRATION:
        questionnaire, created = Questionnaire.objects.get_or_create(workshop_id=workshop_id, purpose=purpose)
        if created:
            raise_registrations_version([workshop_id])
        return questionnaire
    return Questionnaire.objects.create(workshop_id=workshop_id, purpose=purpose)


def locked_questionnaire(questionnaire_id):
    """The questionnaire, locked until the caller's transaction ends. The registration questions show beside each
    registration in the console: changing them raises the workshop's registrations version."""
    questionnaire = Questionnaire.objects.select_for_update().select_related("workshop").get(pk=questionnaire_id)
    if questionnaire.purpose == Purpose.REGISTRATION:
        raise_registrations_version([questionnaire.workshop_id])
    return questionnaire


def unique_key(questionnaire, wanted, label):
    """`wanted`, or a key made from the label (arrival-date, arrival-date-2, ...) when none was given."""
    if wanted:
        return wanted
    return key_from(label, set(questionnaire.questions.values_list("key", flat=True)), fallback="question")


def check_rules(question, *, questionnaire):
    """The rules a question's fields must keep beyond the database's own constraints."""
    errors = {}
    if question.kind == QuestionKind.FILE and questionnaire.purpose != Purpose.REGISTRATION:
        errors["kind"] = _("A file can be asked for only in the registration questions.")
    parent = question.condition_question
    if parent is not None:
        if parent.questionnaire_id != questionnaire.pk:
            errors["condition_question"] = _("A condition can only look at a question of the same form.")
        elif parent.kind not in CONDITION_KINDS:
            errors["condition_question"] = _(
                "A condition can only look at a question answered by a choice or by yes or no."
            )
        elif parent.is_archived:
            errors["condition_question"] = _("This question is archived: choose another one.")
        else:
            allowed = {YES, NO} if parent.kind == QuestionKind.YES_NO else {c.key for c in parent.choices.all()}
            if question.condition_value not in allowed:
                errors["condition_value"] = _("Choose one of the answers of “%(question)s”: %(answers)s.") % {
                    "question": parent.label,
                    "answers": ", ".join(sorted(allowed)) or "—",
                }
            elif loops(question, parent):
                errors["condition_question"] = _(
                    "“%(question)s” depends already, through its own condition, on this question: the two "
                    "conditions would wait for each other. Choose another question."
                ) % {"question": parent.label}
    if errors:
        raise QuestionError(fields=errors)


def loops(question, parent):
    """Whether following conditions up from `parent` comes back to `question`."""
    seen = set()
    while parent is not None and parent.pk not in seen:
        if question.pk is not None and parent.pk == question.pk:
            return True
        seen.add(parent.pk)
        parent = parent.condition_question
    return parent is not None


def question_values(question):
    return {name: getattr(question, name) for name in QUESTION_FIELDS}


def key_from(label, taken, *, fallback="choice"):
    """A key made from a label, unique among `taken` (which it joins)."""
    base = (slugify(label) or fallback)[:45]
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    taken.add(key)
    return key


@raises_versions
def add_question(*, questionnaire_id, kind, fields, actor, key="", choices=()):
    """Add a question at the end of the questionnaire. `fields` holds any of QUESTION_FIELDS; `choices`, for a
    question answered from a list, its first choices as {language: label} (keys made from the labels)."""
    with transaction.atomic():
        questionnaire = locked_questionnaire(questionnaire_id)
        last = questionnaire.questions.aggregate(last=Max("position"))["last"]
        question = Question(
            questionnaire=questionnaire,
            kind=kind,
            position=0 if last is None else last + 1,
            **{name: value for name, value in fields.items() if name in QUESTION_FIELDS},
        )
        question.key = unique_key(questionnaire, key, question.label)
        full_clean(question)
        check_rules(question, questionnaire=questionnaire)
        question.save()
        if choices and kind not in CHOICE_KINDS:
            raise QuestionError(fields={"choices": _("Only a question answered from a list has choices.")})
        taken = set()
        for position, labels in enumerate(choices):
            choice = Choice(
                question=question,
                key=key_from(labels.get(settings.LANGUAGE_CODE) or next(iter(labels.values()), ""), taken),
                position=position,
                **{column("label", language): text for language, text in labels.items()},
            )
            full_clean(choice)
            choice.save()
        log_action(
            workshop=questionnaire.workshop,
            action=Action.QUESTION_ADDED,
            obj=question,
            actor=actor,
            data={"purpose": questionnaire.purpose, "kind": kind},
        )
    return question


@raises_versions
def edit_question(*, question_id, fields, actor, kind=None):
    """Change a question's fields (any of QUESTION_FIELDS); its type only while nobody has answered it."""
    with transaction.atomic():
        question = Question.objects.select_related("questionnaire").get(pk=question_id)
        questionnaire = locked_questionnaire(question.questionnaire_id)
        before = {**question_values(question), "kind": question.kind}
        if kind is not None and kind != question.kind:
            if answered([question.pk]):
                raise QuestionError(
                    fields={
                        "kind": _(
                            "People have answered this question already: its type cannot change. Archive it and "
                            "add a new question instead."
                        )
                    }
                )
            if question.dependent_questions.exists() and kind not in CONDITION_KINDS:
                raise QuestionError(
                    fields={"kind": _("Other questions are shown by its answer: it must stay a choice or yes-or-no.")}
                )
            question.kind = kind
        for name, value in fields.items():
            if name in QUESTION_FIELDS:
                setattr(question, name, value)
        full_clean(question)
        check_rules(question, questionnaire=questionnaire)
        question.save()
        changed = changes(before, {**question_values(question), "kind": question.kind})
        if changed:
            log_action(
                workshop=questionnaire.workshop_id,
                action=Action.QUESTION_EDITED,
                obj=question,
                actor=actor,
                data={"fields": changed},
            )
    return question


@raises_versions
def move_question(*, question_id, earlier, actor):
    """Swap a question with the one before it (earlier) or after it."""
    with transaction.atomic():
        question = Question.objects.get(pk=question_id)
        questionnaire = locked_questionnaire(question.questionnaire_id)
        ordered = list(questionnaire.questions.filter(archived_at__isnull=True).order_by("position", "pk"))
        index = [q.pk for q in ordered].index(question.pk)
        other = index - 1 if earlier else index + 1
        if not 0 <= other < len(ordered):
            raise QuestionError(
                _("“%(question)s” is already the %(which)s question.")
                % {"question": question.label, "which": _("first") if earlier else _("last")}
            )
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, each in enumerate(ordered):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
        log_action(
            workshop=questionnaire.workshop_id,
            action=Action.QUESTION_MOVED,
            obj=question,
            actor=actor,
            data={"position": [index + 1, other + 1]},
        )
    return question


@raises_versions
def archive_question(*, question_id, actor, now=None):
    """Take a question out of the form; its answers stay, in the exports as "(archived)"."""
    with transaction.atomic():
        question = Question.objects.get(pk=question_id)
        questionnaire = locked_questionnaire(question.questionnaire_id)
        if question.is_archived:
            return question
        dependent = list(question.dependent_questions.filter(archived_at__isnull=True).values_list("label", flat=True))
        if dependent:
            raise QuestionError(
                _("These questions are shown by its answer: %(questions)s. Change their condition first.")
                % {"questions": ", ".join(f"“{label}”" for label in dependent)}
            )
        question.archived_at = now or timezone.now()
        question.save(update_fields=["archived_at"])
        log_action(workshop=questionnaire.workshop_id, action=Action.QUESTION_ARCHIVED, obj=question, actor=actor)
    return question


@raises_versions
def add_choice(*, question_id, key, labels, actor):
    """Add a choice at the end of a choice question; `labels` is {language: label}."""
    with transaction.atomic():
        question = Question.objects.get(pk=question_id)
        questionnaire = locked_questionnaire(question.questionnaire_id)
        if question.kind not in CHOICE_KINDS:
            raise QuestionError(_("Only a question answered from a list has choices."))
        taken = set(question.choices.values_list("key", flat=True))
        if key in taken:
            raise QuestionError(
                fields={"key": _("“%(key)s” is the key of another choice of this question already.") % {"key": key}}
            )
        key = key or key_from(labels.get(settings.LANGUAGE_CODE) or next(iter(labels.values()), ""), taken)
        last = question.choices.aggregate(last=Max("position"))["last"]
        choice = Choice(
            question=question,
            key=key,
            position=0 if last is None else last + 1,
            **{column("label", language): text for language, text in labels.items()},
        )
        full_clean(choice)
        choice.save()
        log_action(
            workshop=questionnaire.workshop_id,
            action=Action.CHOICE_ADDED,
            obj=question,
            actor=actor,
            data={"choice": choice.label, "key": choice.key},
        )
    return choice


@raises_versions
def hide_choice(*, choice_id, hidden, actor):
    """Stop offering a choice (answers that chose it keep it), or offer it again."""
    with transaction.atomic():
        choice = Choice.objects.select_related("question").get(pk=choice_id)
        questionnaire = locked_questionnaire(choice.question.questionnaire_id)
        if choice.hidden != hidden:
            choice.hidden = hidden
            choice.save(update_fields=["hidden"])
            log_action(
                workshop=questionnaire.workshop_id,
                action=Action.CHOICE_HIDDEN if hidden else Action.CHOICE_SHOWN,
                obj=choice.question,
                actor=actor,
                data={"choice": choice.label, "key": choice.key},
            )
    return choice


@raises_versions
def copy_questionnaire(*, source_id, workshop_id):
    """A copy of a questionnaire's questions (not the archived ones) and choices for another workshop, inside the
    caller's transaction (duplicating a workshop). Conditions point at the copies."""
    source = Questionnaire.objects.get(pk=source_id)
    copy = Questionnaire.objects.create(workshop_id=workshop_id, purpose=source.purpose)
    if copy.purpose == Purpose.REGISTRATION:
        raise_registrations_version([workshop_id])
    questions = list(source.questions.filter(archived_at__isnull=True).order_by("position", "pk"))
    copies = {}
    for question in questions:
        twin = Question(
            questionnaire=copy,
            key=question.key,
            kind=question.kind,
            position=question.position,
            **{name: getattr(question, name) for name in QUESTION_FIELDS if not name.startswith("condition_")},
        )
        twin.save()
        copies[question.pk] = twin
    for question in questions:
        if question.condition_question_id in copies:
            twin = copies[question.pk]
            twin.condition_question = copies[question.condition_question_id]
            twin.condition_value = question.condition_value
            twin.save(update_fields=["condition_question", "condition_value"])
    Choice.objects.bulk_create(
        Choice(
            question=copies[choice.question_id],
            key=choice.key,
            position=choice.position,
            hidden=choice.hidden,
            **{name: getattr(choice, name) for name in CHOICE_LABELS},
        )
        for choice in Choice.objects.filter(question__in=questions)
    )
    return copy
