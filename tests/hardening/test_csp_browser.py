"""Hardening 12: in a real browser, every page works under the Content-Security-Policy with no violation."""

import pytest
from allauth.account.models import EmailAddress

from sessions.models import ProgrammeSession
from tests.support.browser import save_screenshot
from tests.support.console_world import make_world
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
# Chromium reports each violation as a securitypolicyviolation event; the page keeps them for the test.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "login" not in url)


def visit_all(page, paths):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    violations = {}
    for path in paths:
        response = page.goto(path)
        assert response.status < 500, path
        found = page.evaluate("window.cspViolations")
        if found:
            violations[path] = found
    assert violations == {}
    assert [error for error in console_errors if "Content Security Policy" in error] == []


def test_every_page_works_under_the_policy(page):
    world = make_world()
    slug = world.workshop.slug
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    organiser = world.users["organiser"]
    organiser.set_password(PASSWORD)
    organiser.save()
    for user in (superuser, organiser):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.add_init_script(RECORD_VIOLATIONS)

    visit_all(page, ["/", "/workshops/", f"/workshops/{slug}/", "/accounts/login/", "/accounts/signup/"])

    log_in(page, organiser.email)
    console = f"/manage/{slug}"
    visit_all(
        page,
        [
            "/manage/",
            f"{console}/",
            f"{console}/edit/",
            f"{console}/programme/",
            f"{console}/registrations/",
            f"{console}/participants/print/",
            f"{console}/check-in/",
            f"{console}/invitations/",
            f"{console}/timeline/",
            "/me/profile/",
            "/me/registrations/",
        ],
    )
    # The delete button asks first (static/js/portal.js, no inline handler): saying no keeps the session.
    page.goto(f"{console}/programme/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(f'form[action$="/sessions/{world.session.pk}/delete/"] button').click()
    page.wait_for_timeout(300)
    assert ProgrammeSession.objects.filter(pk=world.session.pk).exists()
    save_screenshot(page, "csp-console-programme")

    page.context.clear_cookies()
    log_in(page, superuser.email)
    visit_all(
        page,
        [
            "/admin/",
            "/admin/workshops/workshop/",
            f"/admin/workshops/workshop/{world.workshop.pk}/change/",
            "/admin/participants/registration/",
            f"/admin/participants/registration/{world.registration.pk}/change/",
            "/admin/accounts/user/",
            "/admin/outbox/outgoingemail/",
        ],
    )
    save_screenshot(page, "csp-admin-outbox")
