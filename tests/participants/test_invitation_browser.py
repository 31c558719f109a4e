"""An organiser imports a list; an invitee follows the emailed link, signs up, accepts and is confirmed."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from participants import invitations
from participants.models import Registration
from tests.participants.test_invitations import LINK
from tests.support.browser import assert_accessible, save_screenshot
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    UserFactory,
    WorkshopFactory,
    workshop_local,
)

pytestmark = pytest.mark.browser

CSV = (
    "email;name;organisation;country\n"
    "sione.tupou@customs.example;Sione Tupou;Tonga Customs;TO\n"
    "ana.reyes@customs.example;Ana Reyes;Bureau of Customs;Philippines\n"
    "min-jun.kim@customs.example;Kim Min-jun;Korea Customs Service;KR\n"
)


def log_in_browser(context, user, base_url):
    """Hand the browser a session of `user` (the login page is allauth's, tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def test_organiser_imports_a_list_and_an_invitee_signs_up_and_accepts(chromium, live_server, transactional_db):
    workshop = WorkshopFactory(
        title="Pacific Regional Green Customs Workshop", city="Nadi", country="FJ", time_zone="Pacific/Fiji"
    )
    ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    mail.outbox.clear()

    organiser_view = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    log_in_browser(organiser_view, organiser, live_server.url)
    page = organiser_view.new_page()
    page.goto(f"/manage/{workshop.slug}/invitations/")
    page.get_by_role("link", name="Import a CSV file").click()
    for text, outcome, screenshot in [
        (CSV + "not-an-email;Someone;;\nana.reyes@customs.example;Ana again;;\n", "2 problems found", "errors"),
        (CSV, "3 invitations ready to import", "preview"),
    ]:
        page.get_by_label("CSV file").set_input_files(
            files=[{"name": "delegates.csv", "mimeType": "text/csv", "buffer": text.encode()}]
        )
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_text(outcome)).to_be_visible()
        save_screenshot(page, f"invitations-import-{screenshot}")
        assert_accessible(page)
    page.get_by_role("button", name="Import and send the invitations").click()
    expect(page.get_by_text("3 invitations imported.")).to_be_visible()
    save_screenshot(page, "invitations-console")
    assert_accessible(page)
    organiser_view.close()

    (invitation_email,) = [message for message in mail.outbox if message.to == ["ana.reyes@customs.example"]]
    path = LINK.search(invitation_email.body).group(1)

    invitee_view = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = invitee_view.new_page()
    response = page.goto(path)
    # The link's own response sends no referrer; the page it leads to has no secret in its address.
    assert response.request.redirected_from.response().headers["referrer-policy"] == "no-referrer"
    assert page.url.endswith("/invitations/answer/")
    save_screenshot(page, "invitation-page")
    assert_accessible(page)
    page.get_by_role("link", name="Create an account to accept").click()
    assert page.get_by_label("Email").input_value() == "ana.reyes@customs.example"
    page.locator("#id_password1").fill("mangrove-reef-2026")
    page.locator("#id_password2").fill("mangrove-reef-2026")
    page.get_by_role("button", name="Sign up").click()

    confirmation = next(message for message in mail.outbox if "confirm-email" in message.body)
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", confirmation.body).group(1)
    page.goto(confirm_path)
    page.get_by_role("button", name="Confirm").click()
    page.goto(path)
    # The organiser's CSV gave the name, organisation and country; the invitee adds the position.
    page.fill("#id_position", "Chief, Enforcement Division")
    save_screenshot(page, "invitation-profile")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("Your registration is confirmed.")).to_be_visible()
    save_screenshot(page, "invitation-accepted")
    invitee_view.close()

    organiser_view = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    log_in_browser(organiser_view, organiser, live_server.url)
    page = organiser_view.new_page()
    page.goto(f"/manage/{workshop.slug}/invitations/")
    row = page.get_by_role("row").filter(has_text="Ana Reyes")
    assert "Accepted" in row.inner_text() and "Confirmed" in row.inner_text()
    save_screenshot(page, "invitations-console-after-accept")
    organiser_view.close()

    registration = Registration.objects.get(participant__user__email="ana.reyes@customs.example")
    assert (registration.status, registration.source) == ("confirmed", "invitation")
    assert registration.participant.full_name == "Ana Reyes"


def test_the_forms_around_an_invitation_work_in_a_browser(chromium, live_server, transactional_db):
    """The link's page keeps its secret out of Referer headers, and its forms still pass Django's CSRF check:
    a person logged in with another account can log out from it, and anyone can switch the language."""
    workshop = WorkshopFactory(title="Pacific Regional Green Customs Workshop")
    mail.outbox.clear()
    invitations.invite(workshop_id=workshop.pk, email="ana.reyes@customs.example", name="Ana Reyes")
    path = LINK.search(mail.outbox[0].body).group(1)

    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    log_in_browser(context, UserFactory(email="someone.else@example.org"), live_server.url)
    page = context.new_page()
    response = page.goto(path)
    expect(page.get_by_text("This invitation is for another account")).to_be_visible()
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Decline"), page.content()[:300]).to_be_visible()

    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", name="Pacific Regional Green Customs Workshop")).to_be_visible()

    assert response.request.redirected_from.response().headers["referrer-policy"] == "no-referrer"
    assert page.url.endswith("/invitations/answer/")
    context.close()


def test_an_earlier_invitation_link_still_works_after_send_a_reminder_now(chromium, live_server, transactional_db):
    workshop = WorkshopFactory(title="Asia/Pacific Regional Green Customs Workshop")
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    mail.outbox.clear()
    invitations.invite(workshop_id=workshop.pk, email="somchai@customs.example", name="Somchai Jaidee")
    (invitation_email,) = mail.outbox
    earlier_path = LINK.search(invitation_email.body).group(1)

    organiser_view = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    log_in_browser(organiser_view, organiser, live_server.url)
    page = organiser_view.new_page()
    page.goto(f"/manage/{workshop.slug}/invitations/")
    page.get_by_role("link", name="Send a reminder now").click()
    expect(page.get_by_test_id("recipients")).to_contain_text("1 invited person who has not answered yet.")
    expect(page.get_by_text("stop working")).to_have_count(0)
    save_screenshot(page, "invitations-remind-now")
    assert_accessible(page)
    page.get_by_role("button", name="Email them now").click()
    expect(page.get_by_text("1 reminder queued.")).to_be_visible()
    organiser_view.close()

    reminder = mail.outbox[-1]
    assert reminder.to == ["somchai@customs.example"] and reminder is not invitation_email
    assert LINK.search(reminder.body).group(1) == earlier_path

    # Last week's email: its link still opens the invitation.
    invitee_view = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = invitee_view.new_page()
    page.goto(earlier_path)
    expect(page.get_by_role("link", name="Create an account to accept")).to_be_visible()
    expect(page.get_by_text("Asia/Pacific Regional Green Customs Workshop").first).to_be_visible()
    save_screenshot(page, "invitation-earlier-link-after-reminder-phone")
    invitee_view.close()
