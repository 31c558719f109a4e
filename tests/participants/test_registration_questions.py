"""A workshop's own registration questions, as participants answer them (the registration form, the invitation page,
the answers page) and as organisers read them (the console's rows, the CSV and XLSX exports), the previous answer
suggested, a question added after people registered, the copy of a workshop, and the person's data rights."""

import csv
import datetime
import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.storage import private_storage
from participants import privacy
from participants.models import Registration, RegistrationAnswer
from participants.workshop_changes import duplicate_workshop
from questions import engine, services
from questions.models import Purpose, QuestionKind
from tests.participants.test_invitations import ANSWER, invite
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from tests.support.material_files import PDF

pytestmark = pytest.mark.django_db
Kind = QuestionKind


def add(workshop, kind, key, **fields):
    questionnaire = services.questionnaire_for(workshop_id=workshop.pk)
    choices = fields.pop("choices", ())
    return services.add_question(
        questionnaire_id=questionnaire.pk,
        kind=kind,
        key=key,
        fields={"label_en": key.replace("-", " ").capitalize(), **fields},
        choices=choices,
        actor=None,
    )


def seoul_questions(workshop):
    """Dietary needs (a list), "have you handled CITES permits?" with a follow-up, and the arrival date."""
    diet = add(
        workshop,
        Kind.SINGLE_CHOICE,
        "diet",
        required=True,
        suggest_previous=True,
        choices=[{"en": "None"}, {"en": "Vegetarian", "fr": "Végétarien"}, {"en": "Halal"}],
    )
    cites = add(workshop, Kind.YES_NO, "cites", required=True)
    permits = add(workshop, Kind.NUMBER, "permits", required=True, condition_question=cites, condition_value="yes")
    arrival = add(
        workshop,
        Kind.DATE,
        "arrival",
        earliest_date=workshop.start_date - datetime.timedelta(days=3),
        latest_date=workshop.end_date,
    )
    return diet, cites, permits, arrival


def profile(participant):
    return {
        "full_name": participant.full_name,
        "organisation": participant.organisation_id,
        "position": participant.position,
        "country": participant.country.code,
    }


def answered(**answers):
    return {f"question-{key}": value for key, value in answers.items()}


def register_url(workshop):
    return reverse("workshops:register", args=[workshop.slug])


def test_the_registration_form_asks_the_questions_after_the_profile_and_keeps_the_answers(client):
    workshop = WorkshopFactory()
    diet, cites, permits, arrival = seoul_questions(workshop)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    page = client.get(register_url(workshop)).content.decode()
    assert page.index('name="position"') < page.index('name="question-diet"') < page.index('name="question-arrival"')
    assert 'data-shown-when="question-cites"' in page
    response = client.post(
        register_url(workshop),
        {
            **profile(participant),
            **answered(diet="vegetarian", cites="yes", permits="12", arrival=workshop.start_date.isoformat()),
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(workshop=workshop, participant=participant)
    stored = dict(registration.answers.values_list("question__key", "value"))
    assert stored == {"diet": "vegetarian", "cites": True, "permits": "12", "arrival": workshop.start_date.isoformat()}


def test_a_refused_answer_writes_nothing_and_says_why(client):
    workshop = WorkshopFactory()
    seoul_questions(workshop)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    too_early = (workshop.start_date - datetime.timedelta(days=10)).isoformat()
    for answers, field in (
        (answered(diet="pizza", cites="no"), "question-diet"),
        (answered(diet="halal", cites="yes"), "question-permits"),  # asked once CITES is yes: required
        (answered(diet="halal", cites="yes", permits="9" * 5000), "question-permits"),
        (answered(diet="halal", cites="no", arrival=too_early), "question-arrival"),
        (answered(diet="halal\x00", cites="no"), "question-diet"),
    ):
        response = client.post(register_url(workshop), {**profile(participant), **answers})
        assert response.status_code == 200
        assert response.context["answer_form"].errors, answers
        assert f'id="id_{field}' in response.content.decode()
    assert not Registration.objects.filter(workshop=workshop).exists()
    assert not RegistrationAnswer.objects.exists()


def test_a_hidden_follow_up_is_neither_required_nor_kept(client):
    workshop = WorkshopFactory()
    seoul_questions(workshop)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    client.post(register_url(workshop), {**profile(participant), **answered(diet="none", cites="no", permits="7")})
    registration = Registration.objects.get(workshop=workshop)
    assert set(registration.answers.values_list("question__key", flat=True)) == {"diet", "cites"}


def test_a_file_answer_goes_to_the_private_storage_and_a_fake_one_is_refused(client):
    workshop = WorkshopFactory()
    add(workshop, Kind.FILE, "permit-scan", required=True)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    fake = SimpleUploadedFile("permit.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = client.post(register_url(workshop), {**profile(participant), "question-permit-scan": fake})
    assert "This type of file is not accepted" in response.content.decode()
    assert not Registration.objects.exists()
    real = SimpleUploadedFile("My permit.pdf", PDF, content_type="application/pdf")
    client.post(register_url(workshop), {**profile(participant), "question-permit-scan": real})
    answer = RegistrationAnswer.objects.get()
    assert answer.value["name"] == "My permit.pdf"
    assert answer.file.name.startswith(f"registration-answers/{answer.registration_id}/")
    assert private_storage().exists(answer.file.name)
    # Changing one's answers later keeps the file received unless another is chosen.
    answers_url = reverse("participants:registration_answers", args=[answer.registration_id])
    assert "Received: My permit.pdf." in client.get(answers_url).content.decode()
    assert client.post(answers_url, {}).status_code == 302
    assert RegistrationAnswer.objects.get().file.name == answer.file.name


def test_the_invitation_page_asks_the_questions_and_accepting_keeps_the_answers(client):
    workshop = WorkshopFactory()
    seoul_questions(workshop)
    _invitation, path = invite(workshop, email="lee@customs.example", organisation_name="KCS", country="KR")
    participant = ParticipantFactory(user__email="lee@customs.example")
    client.force_login(participant.user)
    page = client.get(path, follow=True).content.decode()
    assert 'name="question-diet"' in page
    refused = client.post(ANSWER, {"answer": "accept", **answered(diet="halal", cites="yes")})
    assert refused.status_code == 200 and not Registration.objects.filter(workshop=workshop).exists()
    client.post(ANSWER, {"answer": "accept", **answered(diet="halal", cites="yes", permits="3")})
    registration = Registration.objects.get(workshop=workshop, participant=participant)
    assert dict(registration.answers.values_list("question__key", "value")) == {
        "diet": "halal",
        "cites": True,
        "permits": "3",
    }


def test_the_previous_answer_to_the_same_question_is_suggested(client):
    earlier, later = WorkshopFactory(), WorkshopFactory()
    seoul_questions(earlier)
    seoul_questions(later)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    client.post(register_url(earlier), {**profile(participant), **answered(diet="vegetarian", cites="no")})
    form = client.get(register_url(later)).context["answer_form"]
    assert form.initial == {"diet": "vegetarian"}  # "cites" does not suggest its previous answer
    page = client.get(register_url(later)).content.decode()
    assert 'value="vegetarian" id="id_question-diet_1" checked' in page or (
        'value="vegetarian"' in page and "checked" in page
    )


def test_a_required_question_added_later_is_asked_on_the_next_visit_not_held_against_the_registration(client):
    workshop = WorkshopFactory()
    participant = ParticipantFactory()
    registration = RegistrationFactory(workshop=workshop, participant=participant)
    unit = add(workshop, Kind.SHORT_TEXT, "customs-unit", required=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    client.force_login(participant.user)
    mine = client.get(reverse("participants:my_registrations")).content.decode()
    assert "The organisers have added a question since you registered." in mine
    answers_url = reverse("participants:registration_answers", args=[registration.pk])
    assert answers_url in mine
    assert client.post(answers_url, {}).status_code == 200  # asked now: required on this page
    response = client.post(answers_url, answered(**{"customs-unit": "Incheon airport"}))
    assert response.status_code == 302
    assert registration.answers.get().question == unit
    assert "have added" not in client.get(reverse("participants:my_registrations")).content.decode()


def test_someone_elses_answers_page_is_404(client):
    registration = RegistrationFactory()
    client.force_login(ParticipantFactory().user)
    assert client.get(reverse("participants:registration_answers", args=[registration.pk])).status_code == 404


def organiser_of(workshop):
    return OrganiserMembershipFactory(workshop=workshop).user


def keep(registration, **answers):
    questions = engine.workshop_questions(registration.workshop_id, Purpose.REGISTRATION)
    by_key = {question.key: question for question in questions}
    for key, value in answers.items():
        RegistrationAnswer.objects.create(registration=registration, question=by_key[key], value=value)


def test_answers_show_on_the_console_row_and_as_columns_of_both_exports(client):
    workshop = WorkshopFactory()
    seoul_questions(workshop)
    gone = add(workshop, Kind.SHORT_TEXT, "hotel")
    registration = RegistrationFactory(workshop=workshop)
    keep(registration, diet="vegetarian", cites=True, permits="2", hotel="Lotte")
    services.archive_question(question_id=gone.pk, actor=None)
    client.force_login(organiser_of(workshop))
    table = client.get(reverse("console:registrations", args=[workshop.slug])).content.decode()
    assert "Answers (4)" in table and "Vegetarian" in table and "Hotel (archived)" in table
    response = client.get(reverse("console:registrations_export", args=[workshop.slug]))
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert header[-5:] == ["Diet", "Cites", "Permits", "Arrival", "Hotel (archived)"]
    assert row[-5:] == ["Vegetarian", "Yes", "2", "", "Lotte"]
    response = client.get(reverse("console:registrations_xlsx", args=[workshop.slug]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert rows[0][-5:] == ["Diet", "Cites", "Permits", "Arrival", "Hotel (archived)"]
    assert rows[1][-5:] == ["Vegetarian", "Yes", "2", None, "Lotte"]


def test_duplicating_a_workshop_copies_its_questions(client):
    workshop = WorkshopFactory()
    seoul_questions(workshop)
    RegistrationFactory(workshop=workshop)
    organiser = organiser_of(workshop)
    copy = duplicate_workshop(
        workshop_id=workshop.pk,
        titles={"title_en": "Next one"},
        slug="next-one",
        start_date=workshop.start_date + datetime.timedelta(days=365),
        actor=organiser,
    )
    copied = engine.workshop_questions(copy.pk, Purpose.REGISTRATION)
    assert [q.key for q in copied] == ["diet", "cites", "permits", "arrival"]
    assert copied[2].condition_question_id == copied[1].pk
    assert not RegistrationAnswer.objects.filter(question__in=copied).exists()


def test_the_answers_are_in_the_data_export_and_leave_with_the_account(client):
    workshop = WorkshopFactory()
    seoul_questions(workshop)
    registration = RegistrationFactory(workshop=workshop)
    keep(registration, diet="halal", cites=False)
    user = registration.participant.user
    exported = privacy.personal_data(user)["registration_answers"]
    assert {(row["question"], row["value"]) for row in exported} == {("Diet", "halal"), ("Cites", False)}
    client.force_login(user)
    assert "Your answers to registration questions" in client.get(reverse("participants:my_data")).content.decode()
    privacy.delete_account(user_id=user.pk)
    assert not RegistrationAnswer.objects.exists()


def test_retention_erases_the_answers_marked_personal_once_the_workshop_is_long_over():
    past = WorkshopFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=400),
        end_date=timezone.localdate() - datetime.timedelta(days=397),
    )
    recent = WorkshopFactory()
    for workshop in (past, recent):
        add(workshop, Kind.SHORT_TEXT, "passport-number", personal=True)
        add(workshop, Kind.SHORT_TEXT, "customs-unit")
        keep(RegistrationFactory(workshop=workshop), **{"passport-number": "M1234567", "customs-unit": "Busan"})
    erased = privacy.erase_personal_fields()
    assert erased["registration_answers"] == 1
    left = set(RegistrationAnswer.objects.values_list("registration__workshop_id", "question__key"))
    assert left == {(past.pk, "customs-unit"), (recent.pk, "passport-number"), (recent.pk, "customs-unit")}


def many_questions(workshop, count):
    questionnaire = services.questionnaire_for(workshop_id=workshop.pk)
    kinds = [Kind.SHORT_TEXT, Kind.SINGLE_CHOICE, Kind.YES_NO, Kind.NUMBER, Kind.DATE, Kind.RATING]
    for n in range(count):
        kind = kinds[n % len(kinds)]
        services.add_question(
            questionnaire_id=questionnaire.pk,
            kind=kind,
            key=f"q{n}",
            fields={"label_en": f"Question {n}", "suggest_previous": True},
            choices=[{"en": "One"}, {"en": "Two"}] if kind == Kind.SINGLE_CHOICE else (),
            actor=None,
        )
    return {
        Kind.SHORT_TEXT: "text",
        Kind.SINGLE_CHOICE: "one",
        Kind.YES_NO: "yes",
        Kind.NUMBER: "3",
        Kind.DATE: workshop.start_date.isoformat(),
        Kind.RATING: "4",
    }, kinds


def registration_queries(client, questions):
    workshop = WorkshopFactory()
    values, kinds = many_questions(workshop, questions)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    client.get(register_url(workshop))  # the session and the caches warm
    with CaptureQueriesContext(connection) as shown:
        client.get(register_url(workshop))
    data = {**profile(participant), **{f"question-q{n}": values[kinds[n % len(kinds)]] for n in range(questions)}}
    with CaptureQueriesContext(connection) as sent:
        assert client.post(register_url(workshop), data).status_code == 302
    assert RegistrationAnswer.objects.filter(registration__workshop=workshop).count() == questions
    return len(shown), len(sent)


def test_the_registration_form_runs_as_many_queries_with_30_questions_as_with_1(client):
    one = registration_queries(client, 1)
    client.logout()
    thirty = registration_queries(client, 30)
    assert thirty == one


def test_the_console_builds_questions_refuses_a_loop_and_previews_them(client):
    workshop = WorkshopFactory()
    client.force_login(organiser_of(workshop))
    url = reverse("console:questions", args=[workshop.slug])
    assert "asks no questions of its own yet" in client.get(url).content.decode()
    assert not workshop.questionnaires.exists()  # looking writes nothing
    response = client.post(
        url,
        {
            "kind": "yes_no",
            "label_en": "Have you handled CITES permits?",
            "label_fr": "Avez-vous traité des permis CITES ?",
        },
    )
    assert response.status_code == 302
    first = engine.workshop_questions(workshop.pk, Purpose.REGISTRATION)[0]
    assert first.key == "have-you-handled-cites-permits"
    response = client.post(
        url,
        {
            "kind": "single_choice",
            "label_en": "Which kinds?",
            "choices": "Live animals | Animaux vivants\nTimber | Bois",
            "condition_question": first.pk,
            "condition_value": "yes",
        },
    )
    assert response.status_code == 302
    second = engine.workshop_questions(workshop.pk, Purpose.REGISTRATION)[1]
    assert [(c.key, c.label_fr) for c in second.choices.all()] == [
        ("live-animals", "Animaux vivants"),
        ("timber", "Bois"),
    ]
    edit = client.post(
        reverse("console:question_edit", args=[workshop.slug, first.pk]),
        {"kind": "yes_no", "label_en": first.label_en, "condition_question": second.pk, "condition_value": "timber"},
    )
    assert edit.status_code == 200 and "wait for each other" in edit.content.decode()
    page = client.get(url).content.decode()
    assert "Preview: what a participant sees" in page and 'name="question-which-kinds"' in page
    assert "Shown when the answer to “Have you handled CITES permits?” is “Yes”" in html.unescape(page)
    duplicate = client.post(
        reverse("console:choice_add", args=[workshop.slug, second.pk]),
        {f"choice-{second.pk}-label_en": "Timber again", f"choice-{second.pk}-key": "timber"},
    )
    assert "is the key of another choice" in duplicate.content.decode()
    assert second.choices.count() == 2
