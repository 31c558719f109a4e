"""The evaluation and the follow-up surveys: prepared from their template, opened by the sweep at the end of the last
session (on the workshop's clock), emailed once per person who attended in their language, reminded once, answered
once; anonymous answers proven from the schema; the results, their search and their exports."""

import datetime
import io
import random
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from outbox.models import OutgoingEmail
from outcomes import surveys
from outcomes.drafting import draft_report
from outcomes.models import Survey, SurveyRecipient, SurveyResponse
from outcomes.selectors import survey_results
from participants.models import Registration
from questions.engine import questions_of
from tests.support.concurrency import ON_POSTGRES, requires_postgres, run_concurrently
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    record_days,
    workshop_local,
)
from tests.support.pdfs import pdf_text

pytestmark = pytest.mark.django_db

# A far time zone: the last session ends at 12:30 on Kiritimati (UTC+14), 22:30 the day before in UTC.
FAR_ZONE = "Pacific/Kiritimati"


def ended_workshop(zone=FAR_ZONE, *, attendees=2):
    """A workshop that ended yesterday (its last session 12:30 local), `attendees` people recorded as present (the
    first writes in English, the second in French), one confirmed person who never came."""
    today = datetime.date.today()
    workshop = WorkshopFactory(
        time_zone=zone, start_date=today - datetime.timedelta(days=2), end_date=today - datetime.timedelta(days=1)
    )
    ProgrammeSessionFactory(workshop=workshop, title="Opening of the workshop", kind="opening")
    ProgrammeSessionFactory(workshop=workshop, title="Illegal trade in ozone-depleting substances")
    last = ProgrammeSessionFactory(
        workshop=workshop,
        title="Chemical and hazardous waste",
        starts_at=workshop_local(workshop, 1, 11),
        ends_at=workshop_local(workshop, 1, 12, 30),
    )
    people = []
    for index in range(attendees):
        registration = RegistrationFactory(
            workshop=workshop, participant__user__language="fr" if index % 2 else "en", participant__user__password=None
        )
        record_days(registration, workshop.days[:1])
        people.append(registration)
    absent = RegistrationFactory(workshop=workshop, participant__user__password=None)
    return workshop, last, people, absent


def evaluation_of(workshop):
    return surveys.prepare_survey(workshop_id=workshop.pk, purpose=Survey.Purpose.EVALUATION, actor=None)


def survey_emails(survey):
    return OutgoingEmail.objects.filter(dedup_key__startswith=f"survey:{survey.pk}:")


def test_the_evaluation_is_made_from_the_programme_with_a_rating_per_session_in_both_languages():
    workshop, last, _people, _absent = ended_workshop()
    survey = evaluation_of(workshop)
    questions = questions_of(survey.questionnaire_id)
    keys = [question.key for question in questions]
    rated = [key for key in keys if key.startswith("session-")]
    # The opening is no theme to rate; the two sessions of substance are.
    assert len(rated) == 2 and surveys.session_question_key(last.pk) in rated
    assert keys[:2] == ["overall", "relevance"] and keys[-2:] == ["apply", "suggestions"]
    session = next(question for question in questions if question.key == surveys.session_question_key(last.pk))
    assert session.label_en == "How would you rate the session “Chemical and hazardous waste”?"
    # Written in French too (the words are the catalogue's: English until the lead translates them).
    assert "Chemical and hazardous waste" in session.label_fr
    assert survey.anonymous and survey.questionnaire.purpose == "evaluation"
    # Prepared twice (two organisers, or the sweep after one): the one survey.
    assert evaluation_of(workshop) == survey and Survey.objects.count() == 1


def test_the_sweep_opens_the_evaluation_once_at_the_end_of_the_last_session_in_the_workshops_time_zone():
    workshop, last, people, absent = ended_workshop()
    end = last.ends_at
    # In UTC the session ended on the previous day: a calendar read in UTC would open it a day early or late.
    assert end.astimezone(datetime.UTC).date() != end.date()

    assert surveys.sweep_surveys(now=end - datetime.timedelta(minutes=1)) == {"opened": 0, "reminded": 0}
    survey = Survey.objects.get(workshop=workshop)  # prepared by the sweep, not yet open
    assert survey.opened_at is None and not survey_emails(survey).exists()

    assert surveys.sweep_surveys(now=end + datetime.timedelta(minutes=1))["opened"] == 2
    assert surveys.sweep_surveys(now=end + datetime.timedelta(minutes=6))["opened"] == 0
    emails = survey_emails(survey)
    assert sorted(emails.values_list("to_email", flat=True)) == sorted(p.participant.user.email for p in people)
    assert absent.participant.user.email not in emails.values_list("to_email", flat=True)
    english, french = (emails.get(to_email=p.participant.user.email) for p in people)
    assert english.language == "en" and "your evaluation of the workshop" in english.subject
    assert french.language == "fr"
    assert set(SurveyRecipient.objects.values_list("registration", flat=True)) == {p.pk for p in people}


def test_non_respondents_are_reminded_once_after_the_days_set_and_those_who_answered_are_not():
    workshop, last, people, _absent = ended_workshop(attendees=3)
    survey = evaluation_of(workshop)
    opened = last.ends_at + datetime.timedelta(minutes=1)
    surveys.sweep_surveys(now=opened)
    surveys.answer_survey(
        survey_id=survey.pk, registration_id=people[0].pk, answers={}, now=opened + datetime.timedelta(hours=1)
    )
    early = opened + datetime.timedelta(days=survey.remind_after_days) - datetime.timedelta(minutes=1)
    assert surveys.sweep_surveys(now=early)["reminded"] == 0
    due = opened + datetime.timedelta(days=survey.remind_after_days)
    assert surveys.sweep_surveys(now=due)["reminded"] == 2
    assert surveys.sweep_surveys(now=due + datetime.timedelta(days=1))["reminded"] == 0
    reminders = OutgoingEmail.objects.filter(dedup_key__endswith=":reminder")
    assert sorted(reminders.values_list("to_email", flat=True)) == sorted(p.participant.user.email for p in people[1:])


def answer_page(client, survey, registration, data=None):
    token = surveys.survey_link(survey.pk, registration.pk).rsplit("/surveys/", 1)[1].rstrip("/")
    url = reverse("survey_answer", kwargs={"token": token})
    return client.post(url, data) if data is not None else client.get(url)


def open_evaluation(**kwargs):
    workshop, last, people, absent = ended_workshop(**kwargs)
    survey = evaluation_of(workshop)
    surveys.open_survey(survey_id=survey.pk, now=last.ends_at + datetime.timedelta(minutes=1))
    survey.refresh_from_db()
    return survey, people, absent


def test_a_participant_answers_once_from_the_link_and_a_second_answer_is_refused_writing_nothing():
    survey, people, _absent = open_evaluation()
    client = Client()
    page = answer_page(client, survey, people[0])
    assert page.status_code == 200 and "Overall, how satisfied" in page.content.decode()
    # The required question left empty: a message, nothing written.
    page = answer_page(client, survey, people[0], {"question-suggestions": "More cases"})
    assert page.status_code == 200 and "This field is required" in page.content.decode()
    assert not SurveyResponse.objects.exists()

    answered = answer_page(client, survey, people[0], {"question-overall": "5", "question-apply": "Risk profiling"})
    assert "your answers are received" in answered.content.decode()
    response = SurveyResponse.objects.get()
    overall = survey.questionnaire.questions.get(key="overall")
    # The day on the workshop's clock (on Kiritimati, often tomorrow already), and no time of day.
    assert response.answers[str(overall.pk)] == 5
    assert response.answered_on == timezone.localdate(timezone.now(), survey.workshop.tzinfo)

    again = answer_page(client, survey, people[0], {"question-overall": "1"})
    assert again.status_code == 403 and "already answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert answer_page(client, survey, people[0]).status_code == 403


def test_who_did_not_attend_a_survey_not_yet_open_or_closed_and_a_forged_link_are_refused_with_a_message():
    survey, people, absent = open_evaluation()
    client = Client()
    refused = answer_page(client, survey, absent, {"question-overall": "5"})
    assert refused.status_code == 403 and "no attendance of yours is recorded" in refused.content.decode()

    Survey.objects.filter(pk=survey.pk).update(closes_on=datetime.date.today() - datetime.timedelta(days=1))
    closed = answer_page(client, survey, people[0], {"question-overall": "5"})
    assert closed.status_code == 403 and "closed on" in closed.content.decode()

    Survey.objects.filter(pk=survey.pk).update(closes_on=datetime.date.today() + datetime.timedelta(days=9))
    Survey.objects.filter(pk=survey.pk).update(opened_at=None)
    early = answer_page(client, survey, people[0], {"question-overall": "5"})
    assert early.status_code == 403 and "not open yet" in early.content.decode()

    for token in ("A" * 43, "not:a:token", "\x00" * 5, "9" * 5000):
        assert client.get(f"/surveys/{token}/").status_code == 404
    assert not SurveyResponse.objects.exists() and not SurveyRecipient.objects.filter(answered=True).exists()


@pytest.mark.skipif(not ON_POSTGRES, reason="reads PostgreSQL's catalogue: set DATABASE_URL=postgres://…")
def test_an_anonymous_answer_row_holds_no_link_to_the_person_as_the_database_describes_the_table():
    """Read from PostgreSQL, not from the model: the columns and the foreign keys of the answers' table."""
    table = SurveyResponse._meta.db_table
    with connection.cursor() as cursor:
        columns = {column.name: column for column in connection.introspection.get_table_description(cursor, table)}
        constraints = connection.introspection.get_constraints(cursor, table)
    assert set(columns) == {"id", "survey_id", "answered_on", "answers"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table])
        types = dict(cursor.fetchall())
    # A random key, not a sequence that would order answers as the recipients' flags were set; a day, not a time.
    assert types == {"id": "uuid", "survey_id": "bigint", "answered_on": "date", "answers": "jsonb"}
    foreign = {name: spec["foreign_key"] for name, spec in constraints.items() if spec["foreign_key"]}
    assert list(foreign.values()) == [(Survey._meta.db_table, "id")]
    # Who answered is kept apart, in the recipients' table, with a flag and (named surveys only) a link.
    with connection.cursor() as cursor:
        recipients = {
            column.name
            for column in connection.introspection.get_table_description(cursor, SurveyRecipient._meta.db_table)
        }
    assert {"registration_id", "answered", "response_id"} <= recipients and "answered_at" not in recipients


def test_an_anonymous_survey_links_no_answer_and_a_named_one_shows_who_answered():
    survey, people, _absent = open_evaluation()
    surveys.answer_survey(survey_id=survey.pk, registration_id=people[0].pk, answers={})
    assert SurveyRecipient.objects.get(registration=people[0]).response_id is None
    assert survey_results(survey).respondents == []

    named, people, _absent = open_evaluation()
    Survey.objects.filter(pk=named.pk).update(anonymous=False)
    named.refresh_from_db()
    surveys.answer_survey(survey_id=named.pk, registration_id=people[1].pk, answers={})
    assert SurveyRecipient.objects.get(registration=people[1]).response is not None
    assert survey_results(named).respondents == [people[1].participant.full_name]


def test_anonymity_cannot_change_once_the_survey_has_opened():
    survey, _people, _absent = open_evaluation()
    with pytest.raises(surveys.SurveyError, match="stays anonymous"):
        surveys.update_survey(survey_id=survey.pk, values={"anonymous": False}, actor=None)
    assert Survey.objects.get(pk=survey.pk).anonymous


def answer_randomly(survey, registrations, seed=2015):
    """Each of `registrations` answers every rating and a text, drawn from a seeded generator."""
    rng = random.Random(seed)
    questions = questions_of(survey.questionnaire_id)
    for registration in registrations:
        answers = {}
        for question in questions:
            if question.kind == "rating":
                answers[question.pk] = rng.choice([3, 4, 4, 5, 5])
            elif question.key == "apply":
                answers[question.pk] = rng.choice(["Risk profiling of shipments", "Training colleagues on CITES"])
        surveys.answer_survey(survey_id=survey.pk, registration_id=registration.pk, answers=answers)


def test_results_count_rate_averages_sessions_and_search_in_a_number_of_queries_flat_in_the_answers():
    survey, people, _absent = open_evaluation(attendees=4)
    answer_randomly(survey, people[:3])
    results = survey_results(survey)
    assert (results.sent, results.answered, results.rate) == (4, 3, 75)
    overall = results.result("overall")
    assert overall.answered == 3 and sum(count for _label, count in overall.counts) == 3
    assert [label for label, _count in overall.counts][0] == "1 — Very poor"
    assert 3 <= overall.average <= 5
    assert len(results.sessions) == 2 and all(result.answered == 3 for result in results.sessions)
    texts = results.result("apply")
    assert texts.answered == 3 and len(texts.texts) == 3
    found = survey_results(survey, search="cites").result("apply")
    assert {text for _day, text in found.texts} <= {"Training colleagues on CITES"}
    assert survey_results(survey, search="100%_\\\x00").result("apply").texts == []

    with CaptureQueriesContext(connection) as few:
        survey_results(survey)
    more, more_people, _absent = open_evaluation(attendees=12)
    answer_randomly(more, more_people)
    with CaptureQueriesContext(connection) as many:
        survey_results(more)
    assert len(many) == len(few)


def organiser_client(workshop):
    client = Client()
    client.force_login(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    return client


def test_the_organiser_reads_the_results_and_downloads_csv_xlsx_and_pdf():
    survey, people, _absent = open_evaluation(attendees=3)
    answer_randomly(survey, people)
    workshop = survey.workshop
    client = organiser_client(workshop)
    page = client.get(reverse("console:survey_results", args=[workshop.slug, survey.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "100 %" in html
    assert "Chemical and hazardous waste" in html

    csv_text = b"".join(
        client.get(reverse("console:survey_csv", args=[workshop.slug, survey.pk])).streaming_content
    ).decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith('Answered on,"Overall, how satisfied')
    assert people[0].participant.full_name not in csv_text

    xlsx = client.get(reverse("console:survey_xlsx", args=[workshop.slug, survey.pk]))
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert book.sheetnames == ["Answers", "Summary"]
    summary = [row[:2] for row in book["Summary"].values]  # each row padded to the sheet's widest
    assert summary[0] == ("Sent to", 3) and summary[2] == ("Response rate (%)", 100)
    assert len(list(book["Answers"].values)) == 4

    pdf = client.get(reverse("console:survey_pdf", args=[workshop.slug, survey.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Evaluation survey" in text and "response rate 100%" in text


def test_the_settings_refuse_bad_input_with_a_message_and_write_nothing():
    survey, _people, _absent = open_evaluation()
    client = organiser_client(survey.workshop)
    url = reverse("console:survey_settings", args=[survey.workshop.slug, survey.pk])
    before = Survey.objects.values().get(pk=survey.pk)
    for data, message in (
        ({"closes_on": "2015-11-01", "remind_after_days": "7"}, "would close before it opens"),
        ({"closes_on": "9999-12-31", "remind_after_days": "7"}, ""),
        ({"closes_on": survey.closes_on.isoformat(), "remind_after_days": "9" * 5000}, "whole number"),
        ({"closes_on": survey.closes_on.isoformat(), "remind_after_days": "0"}, "greater than or equal to 1"),
        ({"closes_on": "\x00", "remind_after_days": "7"}, ""),
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert message in response.content.decode()
        assert 'class="invalid-feedback' in response.content.decode() or "alert-danger" in response.content.decode()
    assert Survey.objects.values().get(pk=survey.pk) == before


def test_a_follow_up_opens_the_chosen_months_later():
    workshop, last, people, _absent = ended_workshop()
    follow_up = surveys.prepare_survey(
        workshop_id=workshop.pk, purpose=Survey.Purpose.FOLLOW_UP, actor=None, months_after=3
    )
    assert [q.key for q in questions_of(follow_up.questionnaire_id)][0] == "applied"
    three_months = surveys.opens_at(follow_up, last.ends_at)
    assert surveys.open_survey(survey_id=follow_up.pk, now=three_months - datetime.timedelta(minutes=1)) == 0
    assert surveys.open_survey(survey_id=follow_up.pk, now=three_months) == len(people)
    subjects = set(survey_emails(follow_up).values_list("subject", flat=True))
    assert any("what have you applied since" in subject for subject in subjects)


def test_the_report_draft_quotes_the_evaluations_figures():
    survey, people, _absent = open_evaluation(attendees=4)
    answer_randomly(survey, people[:2])
    drafts = draft_report(survey.workshop)
    assert "2 of the 4 participants asked answered the evaluation survey (50%)." in drafts["en"]
    assert "out of 5 for the workshop overall" in drafts["en"]
    assert "(50 %)" in drafts["fr"]


def test_a_registration_cancelled_after_attending_is_not_sent_the_survey():
    workshop, last, people, _absent = ended_workshop()
    Registration.objects.filter(pk=people[0].pk).update(status=Registration.Status.CANCELLED, attended_at=None)
    survey = evaluation_of(workshop)
    assert surveys.open_survey(survey_id=survey.pk, now=last.ends_at) == 1


def test_the_organiser_adds_a_question_to_the_survey_on_the_questions_page_and_participants_are_asked_it():
    survey, people, _absent = open_evaluation()
    workshop = survey.workshop
    client = organiser_client(workshop)
    url = reverse("console:survey_questions", args=[workshop.slug, survey.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Evaluation survey: questions" in page.content.decode()
    assert 'value="file"' not in page.content.decode()  # a survey takes no file
    added = client.post(
        url, {"kind": "yes_no", "label_en": "Would you recommend the workshop to a colleague?", "label_fr": ""}
    )
    assert added.status_code == 302 and added["Location"] == url
    question = survey.questionnaire.questions.get(kind="yes_no")
    assert question.key and question.position > 0

    page = answer_page(Client(), survey, people[0])
    assert "Would you recommend the workshop to a colleague?" in page.content.decode()
    answer_page(Client(), survey, people[0], {"question-overall": "4", f"question-{question.key}": "yes"})
    assert survey_results(survey).result(question.key).counts == [("Yes", 1), ("No", 0)]

    # Answered: its type stays; the refusal is said on the form and nothing changes.
    edit = reverse("console:question_edit", args=[workshop.slug, question.pk])
    refused = client.post(edit, {"kind": "short_text", "label_en": question.label_en})
    assert refused.status_code == 200
    assert survey.questionnaire.questions.get(pk=question.pk).kind == "yes_no"
    moved = client.post(reverse("console:question_move", args=[workshop.slug, question.pk]), {"earlier": "1"})
    assert moved["Location"] == url


def test_a_persons_data_lists_the_surveys_sent_and_their_named_answers_and_deleting_the_account_unlinks_them():
    from participants.privacy import delete_account, personal_data

    survey, people, _absent = open_evaluation()
    Survey.objects.filter(pk=survey.pk).update(anonymous=False)
    surveys.answer_survey(survey_id=survey.pk, registration_id=people[0].pk, answers={"1": 5})
    user = people[0].participant.user
    data = personal_data(user)
    assert [row["answered"] for row in data["surveys_sent"]] == [True]
    assert data["named_survey_answers"][0]["answers"] == {"1": 5}
    # An anonymous survey's answers are nobody's: the other person's export lists the survey sent only.
    other = personal_data(people[1].participant.user)
    assert len(other["surveys_sent"]) == 1 and other["named_survey_answers"] == []

    delete_account(user_id=user.pk)
    assert not SurveyRecipient.objects.filter(registration=people[0]).exists()
    response = SurveyResponse.objects.get()
    assert response.answers == {"1": 5} and not SurveyRecipient.objects.filter(response=response).exists()


def test_my_registrations_offers_the_open_survey_until_the_person_has_answered():
    survey, people, absent = open_evaluation()
    client = Client()
    client.force_login(people[0].participant.user)
    page = client.get(reverse("participants:my_registrations")).content.decode()
    assert "Answer the survey" in page
    # The link's token carries the second it was signed: read the page's link back rather than sign another one.
    tokens = re.findall(r'/surveys/([^/"]+)/', page)
    assert (survey.pk, people[0].pk) in [surveys.read_link(token) for token in tokens]
    surveys.answer_survey(survey_id=survey.pk, registration_id=people[0].pk, answers={})
    assert "Answer the survey" not in client.get(reverse("participants:my_registrations")).content.decode()
    client.force_login(absent.participant.user)
    assert "Answer the survey" not in client.get(reverse("participants:my_registrations")).content.decode()


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_open_each_evaluation_once_and_two_answers_at_once_keep_one():
    opened = []
    for _ in range(3):
        workshop, last, _people, _absent = ended_workshop(attendees=4)
        opened.append(last.ends_at)
    now = max(opened) + datetime.timedelta(minutes=1)

    outcomes = run_concurrently(lambda _index: surveys.sweep_surveys(now=now), 2)
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert sum(outcome["opened"] for outcome in outcomes) == 12
    assert Survey.objects.filter(opened_at__isnull=False).count() == 3
    keys = list(OutgoingEmail.objects.filter(dedup_key__startswith="survey:").values_list("dedup_key", flat=True))
    assert len(keys) == len(set(keys)) == 12

    recipient = SurveyRecipient.objects.select_related("survey").first()
    answers = run_concurrently(
        lambda _index: surveys.answer_survey(
            survey_id=recipient.survey_id, registration_id=recipient.registration_id, answers={}, now=now
        ),
        2,
    )
    assert sorted(type(outcome).__name__ for outcome in answers) == ["SurveyError", "SurveyResponse"]
    assert SurveyResponse.objects.count() == 1
