"""The evaluation in a real browser: a participant answers it from the email's link on a 390 px phone, the organiser
reads the results and downloads the XLSX and the PDF. Each page is kept as a screenshot (English and French, desk
and phone) and checked by axe-core."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from outbox.models import OutgoingEmail
from outcomes import surveys
from outcomes.models import Survey, SurveyResponse
from tests.console.test_console_browser import log_in_as
from tests.support.browser import assert_accessible, assert_nothing_wider_than_the_viewport, save_screenshot
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    record_days,
    workshop_local,
)
from tests.support.pdfs import pdf_text

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def look(page, name):
    save_screenshot(page, name)
    assert_accessible(page)


def in_french(page, url):
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": url}])
    page.reload()


@pytest.fixture
def open_evaluation(transactional_db):
    today = datetime.date.today()
    workshop = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        slug="seoul-2015",
        city="Seoul",
        start_date=today - datetime.timedelta(days=3),
        end_date=today - datetime.timedelta(days=1),
    )
    for hour, title in enumerate(
        ["Basel Convention: e-waste shipments", "Ozone-depleting substances: mislabelled cylinders"], start=9
    ):
        ProgrammeSessionFactory(
            workshop=workshop,
            title=title,
            starts_at=workshop_local(workshop, 2, hour),
            ends_at=workshop_local(workshop, 2, hour, 50),
        )
    people = []
    for name in ("Kim Seo-yeon", "Batbayar Dorj", "Somchai Jaidee"):
        registration = RegistrationFactory(
            workshop=workshop, participant__full_name=name, participant__user__password=None
        )
        record_days(registration, workshop.days)
        people.append(registration)
    survey = surveys.prepare_survey(workshop_id=workshop.pk, purpose=Survey.Purpose.EVALUATION, actor=None)
    surveys.sweep_surveys(now=workshop_local(workshop, 2, 10, 51))
    survey.refresh_from_db()
    return survey, people


def link_path(survey, registration):
    """The path of the link the person's email holds."""
    email = OutgoingEmail.objects.get(dedup_key=f"survey:{survey.pk}:{registration.pk}:sent")
    return "/surveys/" + email.merge_values["link"].split("/surveys/", 1)[1]


def test_a_participant_answers_on_a_phone_and_the_organiser_reads_the_results_and_downloads_them(
    page, live_server, open_evaluation, tmp_path
):
    survey, people = open_evaluation
    page.set_viewport_size(PHONE)
    page.goto(link_path(survey, people[0]))
    expect(page.get_by_role("heading", name="Evaluation survey")).to_be_visible()
    assert_nothing_wider_than_the_viewport(page)
    look(page, "survey-answer-phone")

    # The one required question left out: the page says so, nothing is kept.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Some answers need your attention")).to_be_visible()
    assert not SurveyResponse.objects.exists()

    page.locator('input[name="question-overall"][value="5"]').check()
    page.locator('input[name="question-relevance"][value="4"]').check()
    page.get_by_label("What will you apply in your work in the next six months?").fill("Risk profiling of ODS")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers are received")).to_be_visible()
    look(page, "survey-thanks-phone")
    page.goto(link_path(survey, people[0]))
    expect(page.get_by_text("You have already answered this survey")).to_be_visible()
    assert SurveyResponse.objects.count() == 1

    page.goto(link_path(survey, people[1]))
    in_french(page, live_server.url)
    expect(page.locator('input[name="question-overall"]').first).to_be_visible()
    assert_nothing_wider_than_the_viewport(page)
    look(page, "survey-answer-phone-fr")
    page.set_viewport_size(DESKTOP)
    look(page, "survey-answer-fr")
    page.locator('input[name="question-overall"][value="3"]').check()
    page.locator("#survey-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.context.clear_cookies()
    organiser = OrganiserMembershipFactory(workshop=survey.workshop, user__password=None).user
    log_in_as(page, live_server, organiser)
    page.goto(f"/manage/{survey.workshop.slug}/")
    page.get_by_role("link", name="Surveys", exact=True).click()
    expect(page.get_by_role("heading", name="Evaluation survey")).to_be_visible()
    look(page, "console-surveys")
    page.get_by_role("link", name="Edit the questions").click()
    expect(page.get_by_role("heading", name="Evaluation survey: questions")).to_be_visible()
    look(page, "console-survey-questions")
    page.get_by_role("link", name="Surveys", exact=True).first.click()
    expect(page.get_by_role("heading", name="Surveys", exact=True)).to_be_visible()
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("heading", name="Evaluation survey: results")).to_be_visible()
    expect(page.get_by_text("Risk profiling of ODS")).to_be_visible()
    look(page, "console-survey-results")

    page.get_by_label("Search the written answers").fill("nothing like this")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("0 answers contain “nothing like this”.")).to_have_count(2)
    expect(page.get_by_text("Risk profiling of ODS")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Answers and summary (XLSX)").click()
    path = tmp_path / "answers.xlsx"
    download_info.value.save_as(path)
    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    assert book.sheetnames == ["Answers", "Summary"]
    assert [row[:2] for row in book["Summary"].values][:2] == [("Sent to", 3), ("Answered", 2)]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Summary (PDF)").click()
    path = tmp_path / "results.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "Evaluation survey" in text and "2 answers from 3 participants asked" in text

    in_french(page, live_server.url)
    look(page, "console-survey-results-fr")
    page.set_viewport_size(PHONE)
    look(page, "console-survey-results-phone-fr")
    page.goto(f"/manage/{survey.workshop.slug}/surveys/")
    look(page, "console-surveys-phone-fr")
    page.set_viewport_size(DESKTOP)
    look(page, "console-surveys-fr")
