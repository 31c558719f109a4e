"""A registration's answers to its workshop's registration questions: who is asked what (questions.engine decides,
from the respondent this module describes), the previous answer suggested, and keeping the answers.

The answers are written inside the transaction that writes the registration (participants.services.register,
invitations.accept_invitation), or later by the person on their registration's answers page: a required question
added after they registered is not required of them retroactively, it is asked on their next visit.
"""

from collections.abc import Callable, Iterable

from django.db.models import Aggregate, Func, JSONField

from questions import engine
from questions.models import Purpose, Question
from questions.services import find_answers_with

from .models import Invitation, Registration, RegistrationAnswer

# Which invitations bring funding: (invitation ids) -> the funded ones among them. The delegations app, which decides
# funding, registers it from its AppConfig.ready() (participants, below it, cannot read nominations).
FUNDING_FINDERS: list[Callable[[Iterable[int]], set[int]]] = []


def find_funding_with(finder):
    FUNDING_FINDERS.append(finder)


def funded_invitations(invitation_ids):
    ids = [pk for pk in invitation_ids if pk]
    found = set()
    for finder in FUNDING_FINDERS if ids else ():
        found |= set(finder(ids))
    return found


def answered_questions(question_ids):
    return set(
        RegistrationAnswer.objects.filter(question_id__in=list(question_ids)).values_list("question_id", flat=True)
    )


find_answers_with(answered_questions)


def registration_questions(workshop_id, *, archived=False):
    return engine.workshop_questions(workshop_id, Purpose.REGISTRATION, archived=archived)


def respondent(*, participant, invitation_id=None):
    """The person as the questions' conditions see them: funded through their nomination's invitation, and the kind
    of their organisation."""
    organisation = participant.organisation if participant and participant.organisation_id else None
    return engine.Respondent(
        is_funded=bool(invitation_id) and invitation_id in funded_invitations([invitation_id]),
        organisation_kind=organisation.kind if organisation else None,
    )


def previous_answers(*, participant, workshop_id, questions):
    """{question id: stored value} of the person's latest answer, at another workshop, to the question of the same
    key, for the questions that suggest it (one query). A choice no longer offered is not suggested."""
    suggesting = {question.key: question for question in questions if question.suggest_previous and question.asks}
    if not participant or not participant.pk or not suggesting:
        return {}
    answers = (
        RegistrationAnswer.objects.filter(
            registration__participant=participant, question__key__in=list(suggesting), file=""
        )
        .exclude(registration__workshop_id=workshop_id)
        .order_by("-answered_at", "-pk")
        .values_list("question__key", "question__kind", "value")
    )
    # The first of each key is its latest: one person's answers to a few questions at earlier workshops are few.
    latest = {}
    for key, kind, value in answers:
        latest.setdefault(key, (kind, value))
    suggested = {}
    for key, (kind, value) in latest.items():
        question = suggesting[key]
        if kind != question.kind or value is None:
            continue
        offered = {choice.key for choice in question.choices.all() if not choice.hidden}
        if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
            keys = value if isinstance(value, list) else [value]
            if not set(keys) <= offered:
                continue
        suggested[question.pk] = value
    return suggested


class AnswersByQuestion(Aggregate):
    """A registration's answers as one JSON object {question id: stored value}: an export of 10,000 people with 30
    answers each reads 10,000 rows, not 300,000 (PostgreSQL's jsonb_object_agg)."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        """SQLite's own aggregate, for `make run`: its values are JSON text, read as JSON (json()) not as strings."""
        key, value, *clauses = self.get_source_expressions()  # then the filter and the ordering, if any
        aggregate = self.copy()
        aggregate.set_source_expressions([key, Func(value, function="JSON"), *clauses])
        return aggregate.as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)


def answers_of(registration_ids):
    """{registration id: {question id: stored value}} (one query)."""
    rows = (
        RegistrationAnswer.objects.filter(registration_id__in=list(registration_ids))
        .order_by()
        .values("registration_id")
        .annotate(answers=AnswersByQuestion("question_id", "value"))
        .values_list("registration_id", "answers")
    )
    return {
        registration_id: {int(question_id): value for question_id, value in answers.items()}
        for registration_id, answers in rows
    }


def missing_answers(questions, answers, respondent_of):
    """The questions `registration` is asked, required, and not answered (added since the person registered)."""
    keys = {question.pk: engine.condition_keys(answers.get(question.pk)) for question in questions}
    asked = engine.shown_ids(questions, respondent_of, keys)
    return [
        question
        for question in questions
        if question.required and question.asks and question.pk in asked and question.pk not in answers
    ]


def keep_answers(*, registration, form, now):
    """Write the answers of a valid engine.AnswerForm for `registration`, inside the caller's transaction: each
    answer made or replaced, each question asked and left empty (or no longer asked) cleared, files saved in the
    private storage. Returns how many answers it wrote."""
    answers = form.answers()
    uploads = engine.uploaded_files(answers)
    # A file is not sent again with each form: an asked file question left empty keeps the file it has.
    cleared = {
        question.pk
        for question in form.questions
        if engine.field_name(question) in form.fields
        and question.pk not in answers
        and not (question.kind == Question.Kind.FILE and question.pk in form.asked)
    }
    RegistrationAnswer.objects.filter(registration=registration, question_id__in=cleared).delete()
    existing = {answer.question_id: answer for answer in registration.answers.filter(question_id__in=list(answers))}
    new, changed = [], []
    for question_id, value in answers.items():
        answer = existing.get(question_id) or RegistrationAnswer(registration=registration, question_id=question_id)
        answer.answered_at = now
        if question_id in uploads:
            upload = uploads[question_id]
            answer.file.save(upload.checked_name, upload, save=False)
            answer.value = engine.file_value(name=upload.checked_name, path=answer.file.name)
        else:
            answer.value = value
            answer.file = ""
        (changed if answer.pk else new).append(answer)
    # Two queries however many answers: the caller raises the registrations version these rows are shown under.
    RegistrationAnswer.objects.bulk_create(new)
    RegistrationAnswer.objects.bulk_update(changed, ["value", "file", "answered_at"])
    return len(answers)


def invitations_of(registration_ids):
    """{registration id: the id of the invitation it came from}."""
    return dict(
        Invitation.objects.filter(registration_id__in=list(registration_ids)).values_list("registration_id", "pk")
    )


def missing_by_registration(registrations):
    """{registration id: the required questions it is asked and has not answered} for a person's registrations
    (their participant and organisation read with them): the questions added since they registered. A few queries,
    however many registrations."""
    registrations = [r for r in registrations if r.status != Registration.Status.CANCELLED]
    if not registrations:
        return {}
    questions = engine.ordered_with_choices(
        Question.objects.filter(
            questionnaire__workshop_id__in={r.workshop_id for r in registrations},
            questionnaire__purpose=Purpose.REGISTRATION,
            required=True,
        ).select_related("questionnaire"),
        archived=False,
    )
    if not questions:
        return {}
    by_workshop = {}
    for question in questions:
        by_workshop.setdefault(question.questionnaire.workshop_id, []).append(question)
    answers = answers_of([r.pk for r in registrations])
    invitations = invitations_of([r.pk for r in registrations])
    funded = funded_invitations(invitations.values())
    missing = {}
    for registration in registrations:
        asked_of = engine.Respondent(
            is_funded=invitations.get(registration.pk) in funded,
            organisation_kind=registration.participant.organisation.kind
            if registration.participant.organisation_id
            else None,
        )
        found = missing_answers(
            by_workshop.get(registration.workshop_id, []), answers.get(registration.pk, {}), asked_of
        )
        if found:
            missing[registration.pk] = found
    return missing
