"""The surveys' operations: a survey prepared from its template, its settings, its opening (one email per person who
attended), its one reminder, and an answer.

The questions are the questions engine's (questions/): a survey is a questionnaire of purpose evaluation or
follow-up; this module writes the template's questions and keeps who was asked apart from what they answered.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activity.models import Action
from activity.services import log_action
from core.errors import DomainError
from core.languages import column, language_codes, recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email
from participants.models import Registration
from questions.models import Question, QuestionKind, Questionnaire
from sessions.selectors import programme_sessions
from workshops.locking import lock_workshop
from workshops.models import Workshop

from .drafting import NOT_A_THEME
from .models import DEFAULT_FOLLOW_UP_MONTHS, DEFAULT_OPEN_DAYS, Survey, SurveyRecipient, SurveyResponse

LINK_SALT = "outcomes.survey-link"
# The sweep prepares the evaluation of a workshop that ended this recently and has none: an organiser who never
# opened the Surveys tab still gets one, and deploying this does not survey every past workshop.
PREPARED_FOR = datetime.timedelta(days=7)


class SurveyError(DomainError):
    """A rule refused a survey's change or an answer; the message says why and what to do."""


def session_question_key(session_id):
    """The key of the question rating a session: the results gather these into the table of sessions."""
    return f"session-{session_id}"


# The ends of a rating, unless a question names its own.
VERY_POOR, EXCELLENT = gettext_lazy("Very poor"), gettext_lazy("Excellent")


def rating(key, label, *, low=VERY_POOR, high=EXCELLENT, required=False):
    return {
        "key": key,
        "kind": QuestionKind.RATING,
        "label": label,
        "low_label": low,
        "high_label": high,
        "required": required,
    }


def long_text(key, label, help_text=""):
    return {"key": key, "kind": QuestionKind.LONG_TEXT, "label": label, "help_text": help_text}


def evaluation_template(sessions):
    """The evaluation's questions, the sessions' ratings among them, as specs with lazy labels."""
    return [
        rating("overall", gettext_lazy("Overall, how satisfied are you with the workshop?"), required=True),
        rating(
            "relevance",
            gettext_lazy("How relevant was the workshop to your work?"),
            low=gettext_lazy("Not relevant"),
            high=gettext_lazy("Very relevant"),
        ),
        *(
            rating(session_question_key(session.pk), session_label(session))
            for session in sessions
            if session.kind not in NOT_A_THEME
        ),
        rating("speakers", gettext_lazy("How would you rate the speakers?")),
        rating("organisation", gettext_lazy("How would you rate the organisation and the logistics?")),
        long_text(
            "apply",
            gettext_lazy("What will you apply in your work in the next six months?"),
            gettext_lazy("A practice, a contact, a tool: whatever you take back to your office."),
        ),
        long_text("suggestions", gettext_lazy("What would you suggest for the next workshop?")),
    ]


def follow_up_template():
    return [
        long_text(
            "applied",
            gettext_lazy("What have you applied in your work since the workshop?"),
            gettext_lazy("A seizure, a new procedure, a training you gave, a contact you called: tell us."),
        ),
        rating(
            "usefulness",
            gettext_lazy("How useful has the workshop been to your work since?"),
            low=gettext_lazy("Not useful"),
            high=gettext_lazy("Very useful"),
            required=True,
        ),
        {
            "key": "shared",
            "kind": QuestionKind.YES_NO,
            "label": gettext_lazy("Have you shared what you learnt with colleagues?"),
        },
        long_text("obstacles", gettext_lazy("What has kept you from applying more?")),
    ]


def session_label(session):
    """The rating question of a session, in the active language: the session's title in it (or the one it has)."""
    title = getattr(session, column("title", translation.get_language())) or session.title
    return _("How would you rate the session “%(title)s”?") % {"title": title}


def write_questions(questionnaire, specs, sessions):
    """The template's questions, each label in every one of the portal's languages."""
    by_key = {session_question_key(session.pk): session for session in sessions}
    questions = []
    for position, spec in enumerate(specs):
        question = Question(
            questionnaire=questionnaire,
            key=spec["key"],
            kind=spec["kind"],
            position=position,
            required=spec.get("required", False),
        )
        for language in language_codes():
            with translation.override(language):
                session = by_key.get(spec["key"])
                label = session_label(session) if session else spec["label"]
                setattr(question, column("label", language), str(label))
                for name in ("help_text", "low_label", "high_label"):
                    if spec.get(name):
                        setattr(question, column(name, language), str(spec[name]))
        questions.append(question)
    Question.objects.bulk_create(questions)


def last_session_end(workshop):
    """When the workshop's programme ends: its last session's end, else the end of its last day."""
    ends = [session.ends_at for session in workshop.sessions.all()]
    return max(ends, default=workshop.ends_at)


def opens_at(survey, programme_end):
    """When `survey` opens, given the end of its workshop's programme: then, or `months_after` months later."""
    local_end = programme_end.astimezone(survey.workshop.tzinfo)
    return local_end + relativedelta(months=survey.months_after)


def default_closing_day(workshop, months_after):
    local_end = last_session_end(workshop).astimezone(workshop.tzinfo)
    return (local_end + relativedelta(months=months_after)).date() + datetime.timedelta(days=DEFAULT_OPEN_DAYS)


def prepare_survey(*, workshop_id, purpose, actor, months_after=None):
    """The workshop's evaluation, or its follow-up, made from its template (the evaluation rates each session of the
    programme as it is now); an existing one is returned as it is."""
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        existing = Survey.objects.filter(workshop=workshop, purpose=purpose).first()
        if existing:
            return existing
        if purpose == Survey.Purpose.EVALUATION:
            months_after = 0
            sessions = programme_sessions(workshop)
            specs = evaluation_template(sessions)
        else:
            months_after = months_after or DEFAULT_FOLLOW_UP_MONTHS
            sessions = []
            specs = follow_up_template()
        questionnaire = Questionnaire.objects.create(workshop=workshop, purpose=purpose)
        write_questions(questionnaire, specs, sessions)
        survey = Survey(
            workshop=workshop,
            purpose=purpose,
            questionnaire=questionnaire,
            months_after=months_after,
            closes_on=default_closing_day(workshop, months_after),
        )
        checked(survey)
        survey.save()
        log_action(workshop=workshop, action=Action.SURVEY_PREPARED, actor=actor, data={"purpose": purpose})
    return survey


def checked(survey):
    try:
        survey.full_clean(exclude=["workshop", "questionnaire"])
    except ValidationError as error:
        raise SurveyError(fields=error.message_dict) from error


# What an organiser may change of a survey; anonymity only until it opens (people answered under its promise).
SETTINGS = ("closes_on", "remind_after_days", "anonymous", "months_after")


def update_survey(*, survey_id, values, actor):
    """Change a survey's settings ({field: value} among SETTINGS)."""
    with transaction.atomic():
        workshop = lock_workshop(Survey.objects.values("workshop_id").get(pk=survey_id)["workshop_id"])
        survey = Survey.objects.select_related("workshop").get(pk=survey_id)
        changed = {name: values[name] for name in SETTINGS if name in values and values[name] != getattr(survey, name)}
        if survey.purpose == Survey.Purpose.EVALUATION:
            changed.pop("months_after", None)
        if survey.opened_at and "anonymous" in changed:
            raise SurveyError(
                _("The survey is open: people answered it as it was, so it stays %(mode)s.")
                % {"mode": _("anonymous") if survey.anonymous else _("named")}
            )
        if survey.opened_at and "months_after" in changed:
            raise SurveyError(_("The survey has opened already: its opening can no longer move."))
        for name, value in changed.items():
            setattr(survey, name, value)
        checked(survey)
        if survey.closes_at <= opens_at(survey, last_session_end(workshop)):
            raise SurveyError(fields={"closes_on": [_("The survey would close before it opens: choose a later day.")]})
        if changed:
            survey.save()
            log_action(
                workshop=workshop,
                action=Action.SURVEY_EDITED,
                actor=actor,
                data={"purpose": survey.purpose, "changed": sorted(changed)},
            )
    return survey


def survey_link(survey_id, registration_id):
    """The address of the survey's page for one person: signed, so it needs no login and names only them."""
    token = signing.dumps([survey_id, registration_id], salt=LINK_SALT, compress=True)
    return settings.SITE_URL + reverse("survey_answer", kwargs={"token": token})


def read_link(token):
    """(survey id, registration id) of a link's token, or None for a token the portal did not sign."""
    try:
        survey_id, registration_id = signing.loads(token, salt=LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(survey_id, int) or not isinstance(registration_id, int):
        return None
    return survey_id, registration_id


def attending(workshop):
    """The registrations a survey goes to: those who attended (a record of attendance on some day or session)."""
    return Registration.objects.filter(
        workshop=workshop, status=Registration.Status.CONFIRMED, attended_at__isnull=False
    )


def sweep_surveys(*, now=None):
    """Run by celery beat: prepare the evaluation of a workshop that just ended, open each survey whose moment has
    come, remind once those who have not answered. Safe to run twice, or at once (each survey's row is locked, and
    each email has its dedup key). Returns {"opened": people emailed, "reminded": people reminded}."""
    now = now or timezone.now()
    today = timezone.localdate(now, datetime.UTC)
    ended = Workshop.objects.filter(
        status=Workshop.Status.PUBLISHED,
        end_date__lte=today + datetime.timedelta(days=1),
        end_date__gte=today - PREPARED_FOR,
    ).exclude(surveys__purpose=Survey.Purpose.EVALUATION)
    for workshop_id in ended.values_list("pk", flat=True):
        prepare_survey(workshop_id=workshop_id, purpose=Survey.Purpose.EVALUATION, actor=None)
    waiting = Survey.objects.filter(
        opened_at__isnull=True,
        workshop__status=Workshop.Status.PUBLISHED,
        closes_on__gte=today - datetime.timedelta(days=1),
    ).select_related("workshop")
    # A follow-up waits for months: its workshop is locked only once its opening may have come (the programme ends
    # after the workshop's first day starts; open_survey decides from the programme itself).
    due = [survey.pk for survey in waiting if now >= opens_at(survey, survey.workshop.starts_at)]
    opened = sum(open_survey(survey_id=pk, now=now) for pk in due)
    unreminded = Survey.objects.filter(opened_at__isnull=False, reminded_at__isnull=True).values_list("pk", flat=True)
    reminded = sum(remind_survey(survey_id=pk, now=now) for pk in unreminded)
    return {"opened": opened, "reminded": reminded}


def locked_survey(survey_id):
    """The survey, its workshop locked first (lock_workshop's order), then its own row."""
    lock_workshop(Survey.objects.values("workshop_id").get(pk=survey_id)["workshop_id"])
    return Survey.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=survey_id)


def open_survey(*, survey_id, now):
    """Open the survey if its moment has come: write who it goes to and email each of them once, in their language.
    Returns how many were emailed (0 when it is not yet time, or it opened already)."""
    with transaction.atomic():
        survey = locked_survey(survey_id)
        workshop = survey.workshop
        if survey.opened_at or now < opens_at(survey, last_session_end(workshop)) or now >= survey.closes_at:
            return 0
        registrations = list(attending(workshop).select_related("participant__user"))
        SurveyRecipient.objects.bulk_create(
            [SurveyRecipient(survey=survey, registration=registration, sent_at=now) for registration in registrations],
            ignore_conflicts=True,
        )
        rows = email_survey(survey, registrations, template="survey_invitation", event="sent")
        survey.opened_at = now
        survey.save(update_fields=["opened_at"])
        log_action(
            workshop=workshop, action=Action.SURVEY_OPENED, at=now, data={"purpose": survey.purpose, "count": len(rows)}
        )
    return len(rows)


def remind_survey(*, survey_id, now):
    """Remind, once, those who have not answered, `remind_after_days` after the survey opened (while it is open)."""
    with transaction.atomic():
        survey = locked_survey(survey_id)
        due = survey.opened_at + datetime.timedelta(days=survey.remind_after_days) if survey.opened_at else None
        if due is None or survey.reminded_at or now < due or now >= survey.closes_at:
            return 0
        waiting = survey.recipients.filter(answered=False, reminded_at__isnull=True)
        registrations = [
            recipient.registration for recipient in waiting.select_related("registration__participant__user")
        ]
        rows = email_survey(survey, registrations, template="survey_reminder", event="reminder")
        waiting.update(reminded_at=now)
        survey.reminded_at = now
        survey.save(update_fields=["reminded_at"])
        log_action(
            workshop=survey.workshop,
            action=Action.SURVEY_REMINDED,
            at=now,
            data={"purpose": survey.purpose, "count": len(rows)},
        )
    return len(rows)


def email_survey(survey, registrations, *, template, event):
    workshop = survey.workshop
    with timezone.override(workshop.tzinfo):
        return queue_bulk_email(
            template=template,
            context={
                "workshop": workshop,
                "survey": survey,
                "closes_on": survey.closes_on,
                "survey_url": merge_mark("link"),
                "participant": {"full_name": merge_mark("name")},
            },
            kind=OutgoingEmail.Kind.OTHER,
            recipients=(
                BulkRecipient(
                    to_email=registration.participant.user.email,
                    dedup_key=f"survey:{survey.pk}:{registration.pk}:{event}",
                    language=recipient_language(user=registration.participant.user, workshop=workshop),
                    values={
                        "name": registration.participant.full_name,
                        "link": survey_link(survey.pk, registration.pk),
                    },
                )
                for registration in registrations
            ),
        )


def answer_refusal(survey, registration, now):
    """Why this person cannot answer now (a message), or None."""
    if registration is None or registration.attended_at is None or registration.status != Registration.Status.CONFIRMED:
        return _(
            "This survey is for the participants who attended the workshop, and no attendance of yours is recorded. "
            "If you did attend, ask the organisers to record it."
        )
    if survey.opened_at is None:
        return _("This survey is not open yet. You will receive its link by email when it opens.")
    if now >= survey.closes_at:
        return _("This survey closed on %(day)s: answers are no longer taken. Thank you all the same.") % {
            "day": date_format(survey.closes_on, "DATE_FORMAT")
        }
    return None


def answer_survey(*, survey_id, registration_id, answers, now=None):
    """Keep one person's answers ({question id: stored value}, from questions.engine.AnswerForm.answers()). The
    answer and the "has answered" flag are written in one transaction, the recipient's row locked first, so nobody
    answers twice. No activity entry: the log names who did what and when, which an anonymous answer must not."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_related("workshop").get(pk=survey_id)
        registration = Registration.objects.filter(pk=registration_id, workshop_id=survey.workshop_id).first()
        refusal = answer_refusal(survey, registration, now)
        if refusal:
            raise SurveyError(refusal)
        # Someone whose attendance was recorded after the survey opened is asked too.
        SurveyRecipient.objects.get_or_create(survey=survey, registration=registration, defaults={"sent_at": now})
        recipient = SurveyRecipient.objects.select_for_update().get(survey=survey, registration=registration)
        if recipient.answered:
            raise SurveyError(_("You have already answered this survey: each person answers once. Thank you!"))
        response = SurveyResponse.objects.create(
            survey=survey,
            answered_on=timezone.localdate(now, survey.workshop.tzinfo),
            answers={str(question_id): value for question_id, value in answers.items()},
        )
        recipient.answered = True
        recipient.response = None if survey.anonymous else response
        recipient.save(update_fields=["answered", "response"])
    return response
