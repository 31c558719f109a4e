"""The registration questions' rows of `make bench`: the registration form with 30 questions (GET and POST) runs as
many queries as with one, and the registrations XLSX of 10,000 people with 30 answers each streams within its
time and memory.

bench/run.py calls `seed` once its own data is written, adds `exports` to what it measures, calls `measure_form`
(in its own process, as the query counts of the pages are) and prints `rows`. Answers are written with bulk_create,
as bench/seeding.py writes registrations; the questions through their service.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from participants.models import Participant, Registration, RegistrationAnswer
from questions.models import QuestionKind
from questions.services import add_question, questionnaire_for
from workshops.models import OrganiserMembership, Workshop

QUESTIONS = 30
A_WEEK = datetime.timedelta(days=7)
XLSX_SECONDS, XLSX_GROWTH_MB = 5.0, 30
KINDS = [
    QuestionKind.SHORT_TEXT,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.YES_NO,
    QuestionKind.NUMBER,
    QuestionKind.DATE,
    QuestionKind.RATING,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.COUNTRY,
    QuestionKind.LONG_TEXT,
    QuestionKind.SHORT_TEXT,
]
CHOICES = [{"en": "Vegetarian", "fr": "Végétarien"}, {"en": "Halal"}, {"en": "None", "fr": "Aucun"}]


def ask(workshop, count):
    """`count` registration questions of every kind, labelled in both languages; returns them in order."""
    questionnaire = questionnaire_for(workshop_id=workshop.pk)
    return [
        add_question(
            questionnaire_id=questionnaire.pk,
            kind=KINDS[n % len(KINDS)],
            key=f"question-{n}",
            fields={"label_en": f"Question {n} of the workshop", "label_fr": f"Question {n} de l'atelier"},
            choices=CHOICES
            if KINDS[n % len(KINDS)] in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
            else (),
            actor=None,
        )
        for n in range(count)
    ]


def stored(kind, n, day):
    """A stored answer of `kind` (questions.engine's JSON values), varied by `n`."""
    return {
        QuestionKind.SHORT_TEXT: f"Unit {n % 97}",
        QuestionKind.LONG_TEXT: "Risk profiling of waste shipments at the port; " * (1 + n % 3),
        QuestionKind.SINGLE_CHOICE: ["vegetarian", "halal", "none"][n % 3],
        QuestionKind.MULTIPLE_CHOICE: ["vegetarian", "none"][: 1 + n % 2],
        QuestionKind.YES_NO: n % 2 == 0,
        QuestionKind.NUMBER: str(n % 500),
        QuestionKind.DATE: (day - datetime.timedelta(days=n % 3)).isoformat(),
        QuestionKind.RATING: 1 + n % 5,
        QuestionKind.COUNTRY: ["KR", "TH", "FR", "MN"][n % 4],
    }[kind]


def copy_with_answers(world, size):
    """A copy of the workshop of `size` registrations, its people registered again, asking 30 questions that every
    one of them answered: the export's own workshop (the CSV export's keeps measuring the registrations alone).
    It starts a week after its source, so that the reminder sweep, measured when the largest workshop's first
    reminder falls due, sees that workshop alone (its people would otherwise be reminded twice, once per workshop)."""
    source = world.workshops[size]
    copy = Workshop.objects.create(
        **{
            name: getattr(source, name)
            for name in ("title", "summary", "objectives", "city", "country", "venue", "time_zone", "capacity")
        },
        slug=f"bench-questions-{size}",
        start_date=source.start_date + A_WEEK,
        end_date=source.end_date + A_WEEK,
        registration_opens_at=source.registration_opens_at,
        status=Workshop.Status.PUBLISHED,
    )
    OrganiserMembership.objects.create(workshop=copy, user=world.organiser)
    registrations = Registration.objects.bulk_create(
        (
            Registration(workshop=copy, participant_id=participant, status=Registration.Status.CONFIRMED)
            for participant in source.registrations.values_list("participant_id", flat=True)
        ),
        batch_size=5000,
    )
    questions = ask(copy, QUESTIONS)
    RegistrationAnswer.objects.bulk_create(
        (
            RegistrationAnswer(
                registration=registration, question=question, value=stored(question.kind, n, copy.start_date)
            )
            for n, registration in enumerate(registrations)
            for question in questions
        ),
        batch_size=5000,
    )
    return copy


@dataclass
class QuestionWorkshops:
    """The workshops of these rows, apart from run.py's world (whose workshops by size other rows sort)."""

    exported: dict = field(default_factory=dict)  # registrations -> the workshop with 30 answers a person
    asking: dict = field(default_factory=dict)  # questions -> the workshop whose form asks them


def seed(world, sizes):
    """The exports' workshops (the small and the large size, 30 answers a person), and two workshops asking 1 and 30
    questions with nobody registered yet."""
    workshops = QuestionWorkshops()
    for size in sizes:
        workshops.exported[size] = copy_with_answers(world, size)
    template = world.workshops[min(sizes)]
    for count in (1, QUESTIONS):
        workshop = Workshop.objects.create(
            **{
                name: getattr(template, name)
                for name in ("title", "city", "country", "venue", "time_zone", "capacity", "registration_opens_at")
            },
            slug=f"bench-form-{count}-questions",
            start_date=template.start_date,
            end_date=template.end_date,
            status=Workshop.Status.PUBLISHED,
        )
        ask(workshop, count)
        workshops.asking[count] = workshop
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return workshops


def exports(workshops, export, large, small):
    """The registrations XLSX with 30 answers a person, at the small and the large size (`export` is run.py's)."""
    path = "/manage/{}/registrations/export.xlsx"
    warm_up = path.format(workshops.exported[small].slug)
    return [
        export(f"registrations XLSX, 30 answers, {small:,}", warm_up, warm_up, small),
        export(
            f"registrations XLSX, 30 answers, {large:,}",
            path.format(workshops.exported[large].slug),
            warm_up,
            large,
            limits=(XLSX_SECONDS, None, XLSX_GROWTH_MB),
        ),
    ]


def form_data(workshop, participant):
    """The registration form's answers: the profile as it is, then an answer to each question."""
    data = {
        "full_name": participant.full_name,
        "organisation": participant.organisation_id,
        "position": participant.position,
        "country": participant.country.code,
    }
    for n, question in enumerate(workshop.questionnaires.get().questions.order_by("position")):
        value = stored(question.kind, n, workshop.start_date)
        if question.kind == QuestionKind.YES_NO:
            value = "yes" if value else "no"
        data[f"question-{question.key}"] = value
    return data


def measure_form(world, workshops):
    """{(GET or POST, questions): queries} of the registration form of the workshops asking 1 and 30 questions,
    each POST by a new person with a complete profile, each request after one that warms the caches."""
    counts = {}
    for count in (1, QUESTIONS):
        workshop = workshops.asking[count]
        path = f"/workshops/{workshop.slug}/register/"
        template = world.visitor.participant
        people = [
            Participant.objects.create(
                user=User.objects.create(email=f"form-{count}-{n}@bench.example", name=f"Form {n}"),
                full_name=f"Form {n}",
                organisation=template.organisation,
                position=template.position,
                country=template.country,
            )
            for n in range(2)
        ]
        for method in ("GET", "POST"):
            for n, person in enumerate(people):
                client = Client(HTTP_ACCEPT_LANGUAGE="en")
                client.force_login(person.user)
                with CaptureQueriesContext(connection) as captured:
                    if method == "GET":
                        status = client.get(path).status_code
                    else:
                        status = client.post(path, form_data(workshop, person)).status_code
                if n == 1:  # the second person's: the first one warmed the caches
                    counts[(method, count)] = (status, len(captured))
    return counts


def rows(counts, verdict):
    """The table's row for the registration form (run.py's `verdict` formats it)."""
    (get_one, get_many), (post_one, post_many) = (
        (counts[(method, 1)], counts[(method, QUESTIONS)]) for method in ("GET", "POST")
    )
    constant = get_one[1] == get_many[1] and post_one[1] == post_many[1]
    return [
        [
            f"registration form with {QUESTIONS} questions (GET and POST)",
            f"GET {get_one[1]} → {get_many[1]} queries, POST {post_one[1]} → {post_many[1]} "
            f"(1 → {QUESTIONS} questions)",
            "",
            "",
            f"{get_many[1]} / {post_many[1]}",
            "",
            "",
            "queries constant in the number of questions",
            verdict(constant and get_one[0] == get_many[0] == 200 and post_one[0] == post_many[0] == 302),
        ]
    ]
