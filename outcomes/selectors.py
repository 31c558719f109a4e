from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q

from core.personal_data import shown_name
from questions.engine import answer_text, questions_of, rating_choices
from questions.models import CHOICE_KINDS, RATING_VALUES, QuestionKind
from sessions.models import ProgrammeSession

from .models import Survey, SurveyRecipient, SurveyResponse, WorkshopReport


def report_of(workshop):
    """The workshop's report, or None before its first save."""
    return WorkshopReport.objects.filter(workshop=workshop).first()


def published_report(workshop):
    return WorkshopReport.objects.filter(workshop=workshop, published_at__isnull=False).first()


def surveys_of(workshop):
    """The workshop's surveys, the evaluation first, each with `sent` and `answered` counted."""
    return list(
        Survey.objects.filter(workshop=workshop)
        .annotate(sent=Count("recipients"), answered=Count("recipients", filter=Q(recipients__answered=True)))
        .order_by("months_after", "pk")
    )


# Free-text answers listed per question on the results page (the search finds the others; the exports hold all).
TEXTS_SHOWN = 50
# A search is a few words, not a document: longer text is cut, and NUL (which PostgreSQL text refuses) dropped.
SEARCH_MAX_LENGTH = 200
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
NOT_COUNTED = (*TEXT_KINDS, QuestionKind.FILE, QuestionKind.INFORMATION)


@dataclass
class QuestionResult:
    """What the answers to one question add up to: how many answered (n), how many gave each answer (in the
    question's order of answers), the average of a rating or a number, the free texts found."""

    question: object
    answered: int = 0
    counts: list = field(default_factory=list)  # [(label, count)]
    average: float | None = None
    texts: list = field(default_factory=list)  # [(day, text)], the latest first
    texts_found: int = 0
    chart: dict | None = None  # the bar chart's geometry, drawn by the console (console.charts)
    session: object = None  # the session a rating is about (its key names it: outcomes.surveys.session_question_key)

    @property
    def is_text(self):
        return self.question.kind in TEXT_KINDS

    @property
    def is_rating(self):
        return self.question.kind == QuestionKind.RATING

    @property
    def session_id(self):
        prefix, _dash, number = self.question.key.partition("-")
        return int(number) if prefix == "session" and number.isdigit() else None


@dataclass
class SurveyResults:
    survey: object
    sent: int
    answered: int
    questions: list  # [QuestionResult], in the questionnaire's order, sessions' ratings included
    search: str = ""
    respondents: list = field(default_factory=list)  # named surveys: who answered, by name

    @property
    def rate(self):
        """The response rate in percent (answered / sent), None before anyone was sent it."""
        return round(100 * self.answered / self.sent) if self.sent else None

    @property
    def sessions(self):
        return [result for result in self.questions if result.session_id is not None]

    @property
    def overall(self):
        return [result for result in self.questions if result.session_id is None]

    def result(self, key):
        return next((result for result in self.questions if result.question.key == key), None)


def survey_results(survey, *, search=""):
    """The survey's results in a number of queries that does not grow with its answers or questions: the answers are
    read in one query and counted here (10,000 answers of 20 questions: bench/surveys.py), the free texts kept up to
    TEXTS_SHOWN per question, the latest first (those containing `search`, when given, whatever their case)."""
    search = search.replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    wanted = search.casefold()
    questions = [question for question in questions_of(survey.questionnaire_id, archived=True) if question.asks]
    results = {str(question.pk): QuestionResult(question=question) for question in questions}
    texts = {str(question.pk) for question in questions if question.kind in TEXT_KINDS}
    tallies = {key: {} for key in results if key not in texts}
    answers = SurveyResponse.objects.filter(survey=survey).order_by("-answered_on", "pk")
    for day, given in answers.values_list("answered_on", "answers"):
        for key, value in given.items():
            result = results.get(key)
            if result is None:
                continue  # an answer to a question since deleted
            result.answered += 1
            if key in texts:
                if wanted in str(value).casefold():
                    result.texts_found += 1
                    if len(result.texts) < TEXTS_SHOWN:
                        result.texts.append((day, value))
                continue
            tally = tallies[key]
            for item in value if isinstance(value, list) else [value]:
                tally[item] = tally.get(item, 0) + 1
    for key, tally in tallies.items():
        if tally:
            add_counts(results[key], tally)
    sessions = {result.session_id: result for result in results.values() if result.session_id is not None}
    for session in ProgrammeSession.objects.filter(pk__in=sessions).order_by("starts_at", "pk"):
        sessions[session.pk].session = session
    sent, answered = survey_reach(survey)
    named = []
    if not survey.anonymous:
        named = list(
            SurveyRecipient.objects.filter(survey=survey, answered=True)
            .order_by("registration__participant__full_name", "pk")
            .values_list("registration__participant__full_name", flat=True)
        )
    return SurveyResults(
        survey=survey,
        sent=sent,
        answered=answered,
        questions=list(results.values()),
        search=search,
        respondents=[shown_name(name) for name in named],
    )


def survey_reach(survey):
    """(how many it was sent to, how many answered)."""
    reach = SurveyRecipient.objects.filter(survey=survey).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    return reach["sent"], reach["answered"]


def add_counts(result, tally):
    """The counts of one question in its own order of answers: the choices', 1 to 5, yes then no; other answers
    (numbers, dates, countries) from the most given."""
    question = result.question
    kind = question.kind
    if kind == QuestionKind.RATING:
        order = list(RATING_VALUES)
    elif kind == QuestionKind.YES_NO:
        order = [True, False]
    elif kind in CHOICE_KINDS:
        order = [choice.key for choice in question.choices.all()]
        order += [key for key in tally if key not in order]
    else:
        order = sorted(tally, key=lambda value: (-tally[value], str(value)))
    # A rating is named as the form offers it ("1 — Very poor"), other answers as the exports write them.
    names = dict(rating_choices(question)) if kind == QuestionKind.RATING else {}
    result.counts = [(names.get(value) or answer_text(question, value), tally.get(value, 0)) for value in order]
    if kind in (QuestionKind.RATING, QuestionKind.NUMBER) and result.answered:
        total = sum(Decimal(str(value)) * count for value, count in tally.items())
        result.average = round(float(total / result.answered), 1)


def headline_figures(workshop):
    """The evaluation's figures a report quotes: sent, answered, and the average of its overall and relevance
    ratings (None where no one answered them); None without an evaluation that anyone answered."""
    survey = Survey.objects.filter(workshop=workshop, purpose=Survey.Purpose.EVALUATION).first()
    if survey is None:
        return None
    results = survey_results(survey)
    if not results.answered:
        return None
    overall, relevance = results.result("overall"), results.result("relevance")
    return {
        "sent": results.sent,
        "answered": results.answered,
        "rate": results.rate,
        "overall": overall.average if overall else None,
        "relevance": relevance.average if relevance else None,
    }


def answered_questions(question_ids):
    """The ids among `question_ids` that some survey answer holds (the questions engine asks before a question's type
    changes: questions.services.find_answers_with)."""
    keys = {str(question_id) for question_id in question_ids}
    found = set()
    if not keys:
        return found
    for given in SurveyResponse.objects.filter(answers__has_any_keys=list(keys)).values_list("answers", flat=True):
        found |= keys & set(given)
        if found == keys:
            break
    return {int(key) for key in found}


def surveys_awaiting(registrations, now):
    """[(survey, registration)] of the open surveys these registrations (one person's) may still answer: they
    attended, the survey has opened and not closed, they have not answered (one query)."""
    attended = {registration.pk: registration for registration in registrations if registration.attended_at}
    if not attended:
        return []
    workshops = {registration.workshop_id: registration for registration in attended.values()}
    waiting = (
        Survey.objects.filter(
            workshop__in=workshops, opened_at__isnull=False, closes_on__gte=now.date() - timedelta(days=1)
        )
        .exclude(pk__in=SurveyRecipient.objects.filter(registration__in=attended, answered=True).values("survey"))
        .select_related("workshop")
        .order_by("workshop__start_date", "months_after")
    )
    return [(survey, workshops[survey.workshop_id]) for survey in waiting if now < survey.closes_at]
