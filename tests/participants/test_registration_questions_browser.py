"""Registration questions in a real browser: the organiser builds them in the console (1280 px), a participant
answers them on a 390 px phone, the follow-up appearing only for the answer that asks it; in French too, with
screenshots of every page and axe's check."""

import pytest
from playwright.sync_api import expect

from participants.models import Registration
from tests.participants.test_invitation_browser import log_in_browser
from tests.support.browser import assert_accessible, assert_fits_the_width, save_screenshot
from tests.support.factories import OrganiserMembershipFactory, ParticipantFactory, seoul_workshop

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def look(page, name):
    save_screenshot(page, name)
    assert_accessible(page)


def in_french(context, base_url):
    context.add_cookies([{"name": "django_language", "value": "fr", "url": base_url}])


def test_the_organiser_builds_questions_and_a_participant_answers_them_on_a_phone(
    chromium, live_server, transactional_db
):
    workshop = seoul_workshop(slug="seoul-2015-questions", title_fr="Atelier régional Douanes vertes Asie/Pacifique")
    organiser = OrganiserMembershipFactory(workshop=workshop).user

    console = chromium.new_context(base_url=live_server.url, viewport=DESKTOP)
    log_in_browser(console, organiser, live_server.url)
    page = console.new_page()
    page.goto(f"/manage/{workshop.slug}/questions/")
    look(page, "questions-console-empty")
    add = page.get_by_role("region", name="Add a question")
    add.get_by_label("Type").select_option("yes_no")
    add.get_by_label("Question (English)").fill("Have you handled CITES permits in your work?")
    add.get_by_label("Question (French)").fill("Avez-vous traité des permis CITES dans votre travail ?")
    add.get_by_label("Answer required").check()
    add.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("The question “Have you handled CITES permits in your work?” is added.")).to_be_visible()

    add = page.get_by_role("region", name="Add a question")
    add.get_by_label("Type").select_option("single_choice")
    add.get_by_label("Question (English)").fill("Which kinds of permits?")
    add.get_by_label("Question (French)").fill("Quels types de permis ?")
    add.get_by_label("Choices").fill("Live animals | Animaux vivants\nTimber | Bois\nCaviar | Caviar")
    add.get_by_text("Bounds, rating labels, conditions and privacy").click()
    add.get_by_label("Shown only when the question").select_option(label="Have you handled CITES permits in your work?")
    add.get_by_label("Has the answer").fill("yes")
    add.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("The question “Which kinds of permits?” is added.")).to_be_visible()

    preview = page.get_by_role("region", name="Preview: what a participant sees")
    follow_up = preview.get_by_text("Which kinds of permits?")
    expect(follow_up).to_be_hidden()
    preview.get_by_label("Yes").check()
    expect(follow_up).to_be_visible()
    look(page, "questions-console")
    in_french(console, live_server.url)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    save_screenshot(page, "questions-console-fr")
    console.close()

    participant = ParticipantFactory(full_name="Lee Seo-yeon", country="KR")
    phone = chromium.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    log_in_browser(phone, participant.user, live_server.url)
    page = phone.new_page()
    page.goto(f"/workshops/{workshop.slug}/register/")
    cites = page.get_by_role("group", name="Have you handled CITES permits in your work?")
    kinds = page.get_by_text("Which kinds of permits?")
    expect(kinds).to_be_hidden()
    cites.get_by_label("Yes").check()
    expect(kinds).to_be_visible()
    page.get_by_label("Timber").check()
    assert_fits_the_width(page, PHONE["width"], page.locator(".gc-question"))
    look(page, "register-questions-phone")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("A confirmation email with the programme is on its way.")).to_be_visible()
    registration = Registration.objects.get(workshop=workshop, participant=participant)
    assert dict(registration.answers.values_list("question__key", "value")) == {
        "have-you-handled-cites-permits-in-your-work": True,
        "which-kinds-of-permits": "timber",
    }

    in_french(phone, live_server.url)
    page.goto(f"/me/registrations/{registration.pk}/answers/")
    expect(page.get_by_text("Avez-vous traité des permis CITES dans votre travail ?")).to_be_visible()
    expect(page.get_by_label("Bois")).to_be_checked()
    look(page, "registration-answers-phone-fr")
    phone.close()
