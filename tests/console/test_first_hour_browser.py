"""The first hour of a new organiser and a new participant, in a real browser: what they stumbled on, fixed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import Participant, Registration
from tests.console.test_console_browser import log_in_as
from tests.support.browser import assert_accessible, assert_fits_the_width, save_screenshot
from tests.support.console_world import make_secretariat
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Organisation, OrganisationKind, Workshop

PHONE = {"width": 390, "height": 844}


def look(page, name):
    save_screenshot(page, f"first-hour-{name}")
    assert_accessible(page)


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.browser
def test_the_demo_secretariat_creates_a_workshop_and_the_demo_organiser_learns_whom_to_ask(page, transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    sign_in(page, "organiser@example.org", "gc-organiser-demo")
    page.wait_for_url("**/manage/")
    expect(page.get_by_text("Only the secretariat creates new workshops.")).to_be_visible()
    look(page, "organiser-console")
    page.goto("/manage/new/")
    expect(page.get_by_role("heading", name="This page is not open to your account")).to_be_visible()
    expect(page.get_by_text("Ask the secretariat (secretariat@example.org).")).to_be_visible()
    look(page, "403")
    # At the site's root, where logging in set the account's language (English): a cookie of /manage/new/ alone
    # would come second in the request and lose to it.
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.url.split("/manage/")[0]}])
    page.reload()
    expect(page.get_by_text("Seul le secrétariat crée de nouveaux ateliers.")).to_be_visible()
    look(page, "403-fr")

    page.get_by_role("button", name="Se connecter avec un autre compte").click()
    page.context.clear_cookies()
    sign_in(page, "secretariat@example.org", "gc-secretariat-demo")
    page.wait_for_url("**/manage/")
    page.get_by_role("link", name="New workshop").click()
    # Typed only once the page's scripts run (the "load" event): typing before workshop-form.js listens left the
    # slug empty now and then.
    page.wait_for_url("**/manage/new/", wait_until="load")

    # Item 4: the slug follows the title and the year, the time zone the country, as the organiser types.
    page.fill("#id_title_en", "Pacific Regional Green Customs Workshop")
    page.fill("#id_start_date", "2027-06-01")
    assert page.input_value("#id_slug") == "pacific-regional-green-customs-workshop-2027"
    page.select_option("#id_country", "FJ")
    assert page.input_value("#id_time_zone") == "Pacific/Fiji"
    page.fill("#id_city_en", "Nadi")
    page.fill("#id_end_date", "2027-06-04")
    page.fill("#id_capacity", "40")
    look(page, "new-workshop-form")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "first-hour-new-workshop-form-phone")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url("**/manage/pacific-regional-green-customs-workshop-2027/")
    assert Workshop.objects.get(slug="pacific-regional-green-customs-workshop-2027").time_zone == "Pacific/Fiji"


@pytest.mark.browser
def test_bulk_decisions_tick_the_page_or_every_match(page, live_server, transactional_db):
    workshop = WorkshopFactory(capacity=200, requires_approval=True)
    for index in range(55):
        RegistrationFactory(
            workshop=workshop,
            status="pending",
            participant__full_name=f"Delegate {index:02d}",
            participant__user__password=None,
        )
    log_in_as(page, live_server, OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    page.goto(f"/manage/{workshop.slug}/registrations/")
    page.get_by_label("Select all on this page").check()
    assert page.locator('input[name="registrations"]:checked').count() == 50
    page.locator('input[name="registrations"]').first.uncheck()
    assert page.locator("#pick-page").evaluate("box => box.indeterminate")
    look(page, "registrations-ticked")

    page.get_by_label("Apply to all 55 registrations matching the filter").check()
    page.select_option("#decision", "confirmed")
    page.get_by_role("button", name="Apply", exact=True).click()
    page.wait_for_load_state()
    save_screenshot(page, "first-hour-registrations-decided")
    page.get_by_text("55 registrations confirmed.").wait_for()
    assert Registration.objects.filter(status="confirmed").count() == 55


@pytest.mark.browser
def test_long_names_wrap_and_the_check_in_button_stays_on_a_phone_screen(chromium, live_server, transactional_db):
    workshop = WorkshopFactory(start_date=timezone.localdate(), end_date=timezone.localdate())
    for name in [
        "Thanawat.Srisomboonwattanakul@customs.go.th.example",
        "C10H5Cl7-heptachlor-epoxide-seizure-coordinator",
        "ศรีสมบูรณ์วัฒนากุลธนวัฒน์พงษ์ประเสริฐ",
    ]:
        RegistrationFactory(
            workshop=workshop, status="confirmed", participant__full_name=name, participant__user__password=None
        )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in_as(page, live_server, OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    page.goto(f"/manage/{workshop.slug}/check-in/")
    assert_fits_the_width(page, PHONE["width"], page.get_by_role("button", name="Check in"))
    look(page, "checkin-phone")
    page.goto(f"/manage/{workshop.slug}/registrations/")
    assert_fits_the_width(page, PHONE["width"])
    look(page, "registrations-phone")
    context.close()


@pytest.mark.browser
def test_a_visitor_of_a_full_workshop_learns_it_is_the_waiting_list(chromium, live_server, transactional_db):
    workshop = WorkshopFactory(capacity=1, title="Regional Green Customs Workshop, Kolkata", time_zone="Asia/Kolkata")
    RegistrationFactory(workshop=workshop, status="confirmed")
    for viewport, language in [({"width": 1280, "height": 900}, "en"), (PHONE, "en"), (PHONE, "fr")]:
        context = chromium.new_context(base_url=live_server.url, viewport=viewport)
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        page.goto(workshop.get_absolute_url())
        expect(page.get_by_test_id("workshop-full")).to_be_visible()
        look(page, f"full-workshop-{viewport['width']}-{language}")
        context.close()


@pytest.mark.browser
def test_a_near_duplicate_organisation_is_offered_then_merged_by_the_secretariat(page, live_server, transactional_db):
    mongolia = OrganisationFactory(
        name="Customs General Administration of Mongolia", acronym="CGA", kind=OrganisationKind.CUSTOMS, country="MN"
    )
    newcomer = UserFactory(password=None)
    log_in_as(page, live_server, newcomer)
    page.goto("/me/profile/")
    page.fill("#id_full_name", "Oyuntsetseg Dorj")
    page.fill("#id_new_organisation", "General Customs Administration of Mongolia")
    page.fill("#id_position", "Risk analyst")
    page.select_option("#id_country", "MN")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Is it one of these?").wait_for()
    look(page, "organisation-close-match")
    page.get_by_label("None of these: add “General Customs Administration of Mongolia” as a new organisation").check()
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    duplicate = Organisation.objects.get(name="General Customs Administration of Mongolia")
    assert duplicate.needs_review

    page.context.clear_cookies()
    log_in_as(page, live_server, make_secretariat())
    page.goto("/manage/")
    page.get_by_role("link", name="Organisations (1 to review)").click()
    look(page, "organisations")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "first-hour-organisations-phone")
    page.get_by_role("button", name="Merge into CGA").click()
    page.get_by_text("is merged into").wait_for()
    look(page, "organisations-merged")
    assert Participant.objects.get(user=newcomer).organisation == mongolia


@pytest.mark.browser
def test_the_admin_workshop_page_is_accessible(page, live_server, transactional_db):
    workshop = WorkshopFactory(start_date=datetime.date(2027, 6, 1), end_date=datetime.date(2027, 6, 4))
    WorkshopPartnerFactory(workshop=workshop)
    log_in_as(page, live_server, UserFactory(is_staff=True, is_superuser=True, password=None))
    page.goto(f"/admin/workshops/workshop/{workshop.pk}/change/")
    look(page, "admin-workshop")
    page.goto("/admin/workshops/organisation/")
    look(page, "admin-organisations")
