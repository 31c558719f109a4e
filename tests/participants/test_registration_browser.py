"""A newcomer's whole path in a real browser: sign up, verify, complete the profile, register, take the ICS."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from participants.models import Registration
from tests.support.browser import assert_accessible, save_screenshot
from tests.support.factories import (
    OrganisationFactory,
    ProgrammeSessionFactory,
    SpeakerFactory,
    seoul_workshop,
    workshop_local,
)

PASSWORD = "Green-customs-2015!"


def open_demo_workshop():
    workshop = seoul_workshop(
        slug="asia-pacific-green-customs",
        summary="Customs officers and environmental agencies of the region meet to act against illegal trade.",
        objectives="Share intelligence on ozone-depleting substances.\nPractise the detection of CITES-listed species.",
        capacity=40,
    )
    for day, hour, title in [(0, 9, "Opening and welcome"), (0, 11, "Ozone-depleting substances"), (1, 9, "CITES")]:
        session = ProgrammeSessionFactory(workshop=workshop, title=title, starts_at=workshop_local(workshop, day, hour))
        SpeakerFactory(session=session, organisation__acronym="WCO")
    return workshop


def check_page(page, name):
    save_screenshot(page, name)
    assert_accessible(page)


@pytest.mark.browser
def test_newcomer_signs_up_verifies_completes_profile_registers_and_downloads_the_programme(page, transactional_db):
    workshop = open_demo_workshop()
    OrganisationFactory(name="Royal Malaysian Customs Department", acronym="RMCD")

    page.goto("/workshops/")
    check_page(page, "workshop-list")
    page.get_by_role("link", name=workshop.title).click()
    page.wait_for_url(f"**{workshop.get_absolute_url()}")
    check_page(page, "workshop-detail-anonymous")

    page.goto("/accounts/login/")
    check_page(page, "login")
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("aisyah@customs.gov.my")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    check_page(page, "signup")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    check_page(page, "verification-sent")

    # The outbox row forgets the link once it is sent; the delivered message has it.
    (message,) = [m for m in mail.outbox if m.to == ["aisyah@customs.gov.my"] and "confirm-email" in m.body]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    check_page(page, "confirm-email")
    page.get_by_role("button", name="Confirm").click()

    # Verified and logged in; a new account is asked for its profile first.
    page.wait_for_url("**/me/profile/")
    page.get_by_label("Full name").fill("Nur Aisyah binti Ahmad")
    page.get_by_label("Organisation", exact=True).select_option(label="Royal Malaysian Customs Department (RMCD)")
    page.get_by_label("Position").fill("Assistant Director, Enforcement")
    page.get_by_label("Country").select_option("MY")
    check_page(page, "profile")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()

    page.goto(workshop.get_absolute_url())
    page.get_by_role("link", name="Register").click()
    page.wait_for_url("**/register/")
    assert page.get_by_label("Full name").input_value() == "Nur Aisyah binti Ahmad"
    check_page(page, "register")
    page.get_by_role("button", name="Register").click()

    page.get_by_text("A confirmation email with the programme is on its way.").wait_for()
    assert page.get_by_test_id("registration-status").inner_text() == "Confirmed"
    check_page(page, "workshop-detail-confirmed")
    assert Registration.objects.get(workshop=workshop).status == Registration.Status.CONFIRMED

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add the programme to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "asia-pacific-green-customs.ics"
    with open(download.path(), "rb") as ics:
        events = Calendar.from_ical(ics.read()).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Opening and welcome", "Ozone-depleting substances", "CITES"]

    page.get_by_role("link", name="My registrations").first.click()
    page.wait_for_url("**/me/registrations/")
    check_page(page, "my-registrations")
    page.get_by_role("link", name=re.compile("Cancel")).click()
    check_page(page, "cancel-confirmation")
    page.get_by_role("link", name="No, keep it").click()
    page.wait_for_url("**/me/registrations/")
    assert Registration.objects.get(workshop=workshop).status == Registration.Status.CONFIRMED

    page.get_by_role("link", name="Email address").click()
    page.wait_for_url("**/accounts/email/")
    check_page(page, "account-email")
    page.get_by_role("link", name="Password").click()
    page.wait_for_url("**/accounts/password/change/")
    check_page(page, "account-password")
