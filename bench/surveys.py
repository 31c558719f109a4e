"""The survey row of `make bench`: the results page of a survey of 20 questions answered 10,000 times, cold (the
first request after the answers are written, nothing of it cached) under 1 s, in as many queries as at 100 answers.

bench/run.py calls `seed` once its own data is written and `measure` before the servers start (the page is asked in
this process, as run.py counts queries, by its client, which has answered other pages first, as a server's worker
has), then prints `rows`. Answers are written with bulk_create, as
bench/seeding.py writes registrations: what is measured is reading them.
"""

import random
import time
from dataclasses import dataclass, field

from django.db import connection

QUESTIONS = 20
TARGET_SECONDS = 1.0
TEXTS = ["Risk profiling of shipments", "Training colleagues on CITES permits", "Checking the PIC Circular", ""]


def survey_of(workshop, organiser):
    """The workshop's follow-up survey (4 questions) grown to QUESTIONS of every kind a survey counts: ratings,
    choices, yes or no, and written answers."""
    from outcomes.surveys import prepare_survey
    from questions.models import Choice, Question, QuestionKind

    survey = prepare_survey(workshop_id=workshop.pk, purpose="follow_up", actor=organiser, months_after=6)
    kinds = [QuestionKind.RATING] * 10 + [QuestionKind.SINGLE_CHOICE] * 2 + [QuestionKind.MULTIPLE_CHOICE] * 2
    kinds += [QuestionKind.YES_NO, QuestionKind.LONG_TEXT]
    added = Question.objects.bulk_create(
        Question(
            questionnaire_id=survey.questionnaire_id,
            key=f"bench-{n}",
            kind=kind,
            label_en=f"Question {n}",
            position=10 + n,
        )
        for n, kind in enumerate(kinds)
    )
    Choice.objects.bulk_create(
        Choice(question=question, key=f"choice-{c}", label_en=f"Choice {c}", position=c)
        for question in added
        if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
        for c in range(5)
    )
    assert survey.questionnaire.questions.count() == QUESTIONS
    return survey


def answer(survey, count, seed=2015):
    """`count` answers to every question, drawn from a seeded generator, in one bulk insert per 5,000."""
    from outcomes.models import SurveyResponse
    from questions.models import QuestionKind

    rng = random.Random(seed)
    questions = list(survey.questionnaire.questions.all())
    day = survey.workshop.end_date

    def answers():
        given = {}
        for question in questions:
            kind = question.kind
            if kind == QuestionKind.RATING:
                given[str(question.pk)] = rng.randint(1, 5)
            elif kind == QuestionKind.SINGLE_CHOICE:
                given[str(question.pk)] = f"choice-{rng.randrange(5)}"
            elif kind == QuestionKind.MULTIPLE_CHOICE:
                given[str(question.pk)] = [f"choice-{c}" for c in range(5) if rng.random() < 0.4]
            elif kind == QuestionKind.YES_NO:
                given[str(question.pk)] = rng.random() < 0.5
            elif text := rng.choice(TEXTS):
                given[str(question.pk)] = f"{text} ({rng.randrange(1000)})"
        return given

    SurveyResponse.objects.bulk_create(
        (SurveyResponse(survey=survey, answered_on=day, answers=answers()) for _ in range(count)), batch_size=5000
    )


@dataclass
class SurveyPage:
    label: str
    path: str
    answers: int
    seconds: float = None
    queries: int = None
    failures: list = field(default_factory=list)


def seed(world, large, small):
    """A survey of QUESTIONS questions at the largest workshop answered `large` times, and one at the small workshop
    answered `small` times."""
    pages = []
    for size in (small, large):
        workshop = world.workshops[size]
        survey = survey_of(workshop, world.organiser)
        answer(survey, size)
        pages.append(
            SurveyPage(
                f"survey results, {size:,} answers × {QUESTIONS} questions",
                f"/manage/{workshop.slug}/surveys/{survey.pk}/",
                size,
            )
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return pages


def measure(pages, cookie, client, count_queries):
    """Each results page asked once cold, then its queries counted (run.py's `count_queries`, warm). `client` gives
    run.py's test client, which has answered other pages before, as a server's worker has."""
    for page in pages:
        connection.close()  # a new connection, as a worker's first request opens
        started = time.perf_counter()
        response = client().get(page.path, HTTP_COOKIE=cookie)
        page.seconds = time.perf_counter() - started
        if response.status_code != 200:
            page.failures.append(f"answered {response.status_code}")
        page.queries = count_queries(page.path, cookie)[1]
    return pages


def rows(pages, verdict, milliseconds):
    small, large = pages
    return [
        [
            page.label,
            f"cold {milliseconds(page.seconds)}",
            "",
            "",
            str(page.queries),
            milliseconds(page.seconds),
            "",
            f"< {TARGET_SECONDS:.0f} s cold, queries as at {small.answers:,}" if page is large else "",
            (
                ("FAIL" if page.failures else verdict(page.seconds < TARGET_SECONDS and page.queries == small.queries))
                if page is large
                else ""
            ),
        ]
        for page in pages
    ]
