"""The whole delegation flow in a browser: secretariat, organiser, focal point, nominee."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from delegations.models import Nomination
from delegations.services import add_focal_point
from participants.models import Registration
from tests.participants.test_invitation_browser import log_in_browser
from tests.participants.test_invitations import LINK
from tests.support.browser import (
    assert_accessible,
    assert_fits_the_width,
    assert_nothing_wider_than_the_viewport,
    save_screenshot,
)
from tests.support.console_world import make_secretariat
from tests.support.delegations import PDF
from tests.support.factories import OrganisationFactory, OrganiserMembershipFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.browser
NARROW = {"width": 390, "height": 844}
SIGNUP_PASSWORD = "Green-customs-2027!"
LONG_MESSAGE = (
    "Approved as the head of delegation. Please send the flight details to the secretariat before 15 January, and "
    "bring the officer's badge from the Seoul workshop if she still has it."
)


def browser_of(chromium, live_server, user, viewport=None):
    context = chromium.new_context(base_url=live_server.url, viewport=viewport or {"width": 1280, "height": 900})
    if user:
        log_in_browser(context, user, live_server.url)
    return context, context.new_page()


def look(page, name):
    """A screenshot at desktop width and at 390 px, each checked by axe."""
    save_screenshot(page, name)
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    save_screenshot(page, f"{name}-390")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def nominate(page, name, email, *, funding=""):
    page.get_by_label("Name as in passport").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Position").fill("Customs officer, Enforcement Division")
    page.get_by_label("Gender").select_option("female")
    if funding:
        page.get_by_label("Funding is requested for this delegate").check()
        page.get_by_label("Why funding is requested").fill(funding)
    page.get_by_role("button", name="Nominate", exact=True).click()


def test_secretariat_organiser_focal_point_and_nominee(chromium, live_server, transactional_db):
    now = timezone.now()
    workshop = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        admission="nominations",
        nomination_opens_at=now - datetime.timedelta(days=1),
        nomination_closes_at=now + datetime.timedelta(days=20),
        funding_budget=3,
    )
    organisation = OrganisationFactory(name="Korea Customs Service", acronym="KCS")
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    focal_user = UserFactory(email="focal.point@customs.go.kr", name="Han Jae-won")
    mail.outbox.clear()

    context, page = browser_of(chromium, live_server, make_secretariat())
    page.goto("/manage/focal-points/")
    page.get_by_label("Organisation").select_option(label=str(organisation))
    page.get_by_label("Email").fill(focal_user.email)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("focal.point@customs.go.kr is now a focal point")).to_be_visible()
    look(page, "delegations-secretariat-focal-points")
    context.close()

    context, page = browser_of(chromium, live_server, organiser)
    page.goto(f"/manage/{workshop.slug}/quotas/")
    page.get_by_role("combobox", name="Organisation").select_option(label=str(organisation))
    page.locator("#id_seats").fill("2")
    page.locator("#id_funded_seats").fill("1")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("The quota of Korea Customs Service (KCS) is saved.")).to_be_visible()
    look(page, "delegations-console-quotas")
    context.close()

    context, page = browser_of(chromium, live_server, focal_user)
    page.goto("/delegations/")
    look(page, "delegations-focal-point-home")
    page.get_by_role("link", name=workshop.title).click()
    nominate(page, "KIM Min-jun", "minjun.kim@customs.go.kr", funding="Travel budget for the year is spent.")
    expect(page.get_by_text("KIM Min-jun is nominated.")).to_be_visible()
    nominate(page, "LEE Seo-yeon", "seoyeon.lee@customs.go.kr")
    # The quota is used: no form to be refused, but why nominations are closed and what to do instead.
    expect(page.get_by_test_id("quota-full")).to_contain_text("Your organisation has used all its 2 seats")
    expect(page.get_by_test_id("quota-full")).to_contain_text("withdraw one of your nominees above")
    expect(page.get_by_role("button", name="Nominate", exact=True)).to_have_count(0)
    look(page, "delegations-focal-point-quota-full")
    page.get_by_label("Nomination letter (PDF, at most 5 MB)").set_input_files(
        files=[{"name": "setup.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00not a pdf"}]
    )
    page.get_by_role("button", name="Upload the letter").click()
    expect(page.get_by_text("The file is not a PDF document.")).to_be_visible()
    page.get_by_label("Nomination letter (PDF, at most 5 MB)").set_input_files(
        files=[{"name": "note-verbale-KCS.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload the letter").click()
    expect(page.get_by_text("The nomination letter is uploaded.")).to_be_visible()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Withdraw LEE Seo-yeon").click()
    expect(page.get_by_text("The nomination of LEE Seo-yeon is withdrawn")).to_be_visible()
    assert questions == ["Withdraw the nomination of LEE Seo-yeon? A registration it made is cancelled."]
    # The withdrawn nominee's seat is free again: the form is back.
    nominate(page, "PARK Ji-hoon", "jihoon.park@customs.go.kr", funding="First mission abroad of the unit.")
    expect(page.get_by_text("PARK Ji-hoon is nominated.")).to_be_visible()
    look(page, "delegations-focal-point-delegation")
    page.get_by_label("Language", exact=True).select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", name="Délégation de KCS")).to_be_visible()
    look(page, "delegations-focal-point-delegation-fr")
    context.close()

    context, page = browser_of(chromium, live_server, organiser, viewport=NARROW)
    page.goto(f"/manage/{workshop.slug}/delegations/")
    # On a phone each nominee is a card: its status, funding and every button on the screen, nothing to scroll.
    actions = page.get_by_role("button", name=re.compile(r"^(Approve|Reject|Grant|Do not grant) (KIM|PARK)"))
    expect(actions).to_have_count(8)
    assert_fits_the_width(page, NARROW["width"], actions, page.locator(".nominee-table .badge"))
    assert_nothing_wider_than_the_viewport(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Optional message to the focal point (added to the email)").fill(LONG_MESSAGE)
    page.get_by_role("button", name="Approve KIM Min-jun").click()
    expect(page.get_by_text("1 nomination approved")).to_be_visible()
    page.get_by_role("button", name="Grant KIM Min-jun", exact=True).click()
    expect(page.get_by_text("Funding granted to KIM Min-jun.")).to_be_visible()
    look(page, "delegations-console-decisions")
    context.close()

    # The focal point reads the decision and its message on a phone: one card per nominee, the message under it.
    context, page = browser_of(chromium, live_server, focal_user, viewport=NARROW)
    page.goto(f"/delegations/{workshop.slug}/{organisation.pk}/")
    expect(page.get_by_text(LONG_MESSAGE)).to_be_visible()
    assert_fits_the_width(
        page, NARROW["width"], page.get_by_role("button", name=re.compile("^Withdraw")), page.locator(".badge")
    )
    assert_nothing_wider_than_the_viewport(page)
    # At desktop width the message has a line of its own: the nominee's row stays one line high, not 200 px.
    page.set_viewport_size({"width": 1280, "height": 900})
    kim = page.locator(".nominee-table tbody").filter(has_text="KIM Min-jun").locator("tr").first
    assert kim.bounding_box()["height"] < 80, kim.bounding_box()
    look(page, "delegations-focal-point-decided")
    context.close()

    (invitation,) = [
        message for message in mail.outbox if message.to == ["minjun.kim@customs.go.kr"] and LINK.search(message.body)
    ]
    context, page = browser_of(chromium, live_server, UserFactory(email="minjun.kim@customs.go.kr"))
    page.goto(LINK.search(invitation.body).group(1))
    # The nomination gave the name, organisation and country; a nominee new to the portal adds the position.
    page.fill("#id_position", "Customs officer, Enforcement Division")
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("Your registration is confirmed.")).to_be_visible()
    context.close()

    context, page = browser_of(chromium, live_server, organiser)
    page.goto(f"/manage/{workshop.slug}/")
    expect(page.get_by_role("heading", name="Quota use by organisation")).to_be_visible()
    look(page, "delegations-console-dashboard")
    page.goto(f"/manage/{workshop.slug}/registrations/")
    expect(page.get_by_text("Funding: Granted")).to_be_visible()
    look(page, "delegations-console-registrations")
    page.goto(f"/manage/{workshop.slug}/edit/")
    look(page, "delegations-console-workshop-details")
    context.close()

    context, page = browser_of(chromium, live_server, None)
    page.goto(f"/workshops/{workshop.slug}/")
    expect(page.get_by_test_id("nominations-only")).to_be_visible()
    look(page, "delegations-public-nominations-only")
    context.close()

    nomination = Nomination.objects.get(email="minjun.kim@customs.go.kr")
    assert (nomination.status, nomination.funding) == ("approved", "granted")
    assert (nomination.registration.source, nomination.registration.status) == (
        Registration.Source.NOMINATION,
        Registration.Status.CONFIRMED,
    )


def test_a_new_focal_point_lands_on_their_delegations_after_verifying_their_email(page, transactional_db):
    organisation = OrganisationFactory(name="Thai Customs Department", acronym="TCD")
    add_focal_point(organisation_id=organisation.pk, email="somchai@customs.go.th", actor=make_secretariat())
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("somchai@customs.go.th")
    page.get_by_label("Password", exact=False).first.fill(SIGNUP_PASSWORD)
    page.get_by_label("Password (again)").fill(SIGNUP_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    (message,) = [message for message in mail.outbox if "confirm-email" in message.body]
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0))
    page.get_by_role("button", name="Confirm").click()
    # Not the participant's profile form: the page where they nominate their organisation's delegates.
    page.wait_for_url("**/delegations/")
    expect(page.get_by_role("heading", name="My delegations")).to_be_visible()
    save_screenshot(page, "delegations-focal-point-verified")
