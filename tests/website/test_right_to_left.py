"""Arabic is read right to left, wherever the portal shows it: every page of the site says so on its <html> element
and loads Bootstrap's right-to-left build; in a real browser every public and console page fits the phone and the
desktop without sideways scrolling and has no serious accessibility fault; the workshop page, the dashboard and the
check-in desk are laid out from the right; an Arabic registrant's emails are written right to left.

The Arabic catalogue is empty on this branch (translators fill it elsewhere), so the pages carry English interface
text in the Arabic direction; the workshop's own content is given Arabic text (tests.support.arabic)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error
from playwright.sync_api import expect

from console.urls import urlpatterns as console_patterns
from outbox.models import OutgoingEmail
from participants.models import Registration
from participants.services import decide_registrations
from participants.workshop_changes import cancel_workshop, update_workshop
from tests.support.arabic import CITY, SESSION_TITLES, TITLE, in_arabic
from tests.support.browser import assert_accessible, assert_no_sideways_scroll, save_screenshot
from tests.support.console_world import url_kwargs
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    seoul_workshop,
    workshop_local,
)
from tests.support.site import client_for, site_urls, sweep_world
from workshops.services import EDITABLE_FIELDS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RIGHT_TO_LEFT = '<html lang="ar" dir="rtl">'
# Who looks at which pages in the browser: the public pages as anyone, a participant's own pages, a focal point's
# delegations, the console as the secretariat (who may open every one of its pages). Django's admin is its own.
VISITORS = {
    "anonymous": lambda url: not url.startswith("/admin/"),
    "participant": lambda url: not url.startswith(("/admin/", "/manage/", "/delegations/")),
    "focal_point_elsewhere": lambda url: url.startswith("/delegations/"),
    "secretariat": lambda url: url.startswith("/manage/"),
}


def in_arabic_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return client


def html_of(response):
    """The page's HTML (a long list is streamed), or None for anything else: a redirect, a file, a JSON answer."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode() or None


def console_urls(world):
    """Every console URL as the authorisation matrix opens it (tests/console/test_console_access.py): the travel
    pages of the funded delegate, whom the whole-site sweep's values do not name."""
    return [reverse(f"console:{pattern.name}", kwargs=url_kwargs(pattern, world)) for pattern in console_patterns]


def every_url(world):
    """The whole-site sweep's URLs (tests/support/site.py) and the authorisation matrix's console URLs."""
    return sorted(set(site_urls(world)) | set(console_urls(world)))


def pages_of(world, role):
    """The site's URLs that answer the role with a page (200, HTML), in Arabic."""
    reader = in_arabic_client(client_for(world, role))
    return [url for url in every_url(world) if (response := reader.get(url)).status_code == 200 and html_of(response)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "participant", "focal_point_elsewhere", "organiser", "superuser"])
def test_every_page_in_arabic_says_right_to_left(role):
    world = sweep_world()
    in_arabic(world.workshop)
    reader = in_arabic_client(client_for(world, role))
    pages, wrong = 0, []
    for url in every_url(world):
        response = reader.get(url)
        html = html_of(response)
        if html is None:
            continue
        pages += 1
        if RIGHT_TO_LEFT not in html:
            wrong.append(f"{url} ({response.status_code}): {re.search(r'<html[^>]*>', html)}")
        # The portal's own pages (refusals and errors among them) load Bootstrap's right-to-left build.
        if "vendor/bootstrap/css/" in html and "bootstrap.rtl.min.css" not in html:
            wrong.append(f"{url} ({response.status_code}): Bootstrap's left-to-right stylesheet")
    assert pages > 10
    assert wrong == []


def test_the_server_error_page_says_right_to_left(rf):
    # The 500 page is rendered without the request's context processors: it reads the active language itself.
    with translation.override("ar"):
        html = server_error(rf.get("/")).content.decode()
    assert RIGHT_TO_LEFT in html and "bootstrap.rtl.min.css" in html


def log_in_as(page, live_server, user):
    """Hand the browser the session cookie of a logged-in test client, and the Arabic language cookie."""
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        cookies.append({"name": cookie.key, "value": cookie.value, "url": live_server.url})
    page.context.add_cookies(cookies)


@pytest.mark.browser
@pytest.mark.parametrize("role", list(VISITORS))
def test_every_page_fits_the_phone_and_the_desktop_in_arabic(page, live_server, transactional_db, role):
    world = sweep_world()
    in_arabic(world.workshop)
    urls = [url for url in pages_of(world, role) if VISITORS[role](url)]
    if role != "anonymous":
        # Pages anyone may open were looked at as the anonymous visitor.
        urls = sorted(set(urls) - set(pages_of(world, "anonymous")))
    assert urls
    log_in_as(page, live_server, world.users[role])
    for url in urls:
        page.set_viewport_size(DESKTOP)
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl", url
        assert_no_sideways_scroll(page)
        assert_accessible(page)  # and keeps the page's markup for the Nu HTML checker
        page.set_viewport_size(PHONE)
        assert_no_sideways_scroll(page)


def arabic_workshop(organiser):
    """The Seoul-shaped workshop, open for registration, with an Arabic title, summary, programme and partners; a
    speaker of each programme session, participants in Arabic, Korean and Latin letters, one of them confirmed by
    the organiser, who also changed the number of seats (the timeline says both)."""
    workshop = seoul_workshop()
    OrganiserMembershipFactory(workshop=workshop, user=organiser)
    for index in range(4):
        session = ProgrammeSessionFactory(
            workshop=workshop,
            starts_at=workshop_local(workshop, index // 2, 9 + 2 * (index % 2)),
            ends_at=workshop_local(workshop, index // 2, 10 + 2 * (index % 2)),
        )
        SpeakerFactory(session=session, name=["ليلى حداد", "Lee Ji-eun", "Claire Dubois", "김민준"][index])
    in_arabic(workshop)
    for name in ("ليلى حداد", "Kim Min-jun (김민준)", "José Müller-Ørsted"):
        RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED, participant__full_name=name)
    pending = RegistrationFactory(
        workshop=workshop, status=Registration.Status.PENDING, participant__full_name="Amina Diallo"
    )
    decide_registrations(workshop_id=workshop.pk, registration_ids=[pending.pk], decision="confirmed", actor=organiser)
    fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS}
    update_workshop(workshop_id=workshop.pk, fields={**fields, "capacity": workshop.capacity + 10}, actor=organiser)
    workshop.refresh_from_db()
    return workshop


def box(locator):
    return locator.bounding_box()


def text_box(locator):
    """Where the element's text is drawn (a heading's box is as wide as its container)."""
    return locator.evaluate(
        """element => { const range = document.createRange(); range.selectNodeContents(element);
            const box = range.getBoundingClientRect(); return {x: box.x, width: box.width}; }"""
    )


@pytest.mark.browser
def looks_right_on_both_widths(page, name):
    """No sideways scroll on the desktop or the phone, nothing axe blocks; screenshots `name`-1280 and -390."""
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"{name}-1280")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_the_workshop_page_the_dashboard_and_the_desk_read_from_the_right(page, live_server, transactional_db):
    organiser = UserFactory(name="Demo Organiser", password=None)
    workshop = arabic_workshop(organiser)
    log_in_as(page, live_server, None)

    page.goto(workshop.get_absolute_url())
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    hero = box(page.locator(".hero").first)
    title = text_box(page.get_by_role("heading", name=TITLE))
    # The title starts at the hero's right edge, and the programme's time column is the table's rightmost.
    assert hero["x"] + hero["width"] - (title["x"] + title["width"]) < title["x"] - hero["x"]
    first_row = page.locator(".programme-table tbody tr").first
    assert box(first_row.locator(".programme-time"))["x"] > box(first_row.locator(".programme-session"))["x"]
    expect(page.get_by_text(SESSION_TITLES[0])).to_be_visible()
    expect(page.get_by_text(CITY).first).to_be_visible()
    looks_right_on_both_widths(page, "rtl-workshop")

    log_in_as(page, live_server, organiser)
    page.goto(reverse("console:dashboard", kwargs={"slug": workshop.slug}))
    # A bar chart's labels are at its right, its bars grow to the left of them.
    chart = page.locator("#chart-status").locator("xpath=..").locator("svg")
    label, bar = chart.locator("text.gc-chart-label").nth(1), chart.locator("rect.gc-chart-bar").nth(1)
    assert box(label)["x"] > box(bar)["x"] + box(bar)["width"]
    looks_right_on_both_widths(page, "rtl-console-dashboard")

    page.goto(reverse("console:checkin", kwargs={"slug": workshop.slug}))
    person = page.locator(".checkin-list li").filter(has_text="José Müller-Ørsted")
    # The name reads at the right of the row, its check-in button at the left.
    assert box(person.locator(".fw-semibold"))["x"] > box(person.get_by_role("button"))["x"]
    looks_right_on_both_widths(page, "rtl-checkin")

    page.goto(reverse("console:timeline", kwargs={"slug": workshop.slug}))
    # A change's arrow points from the old value to the new one as the line is read, from the right.
    change = page.locator(".timeline li").filter(has_text="←")
    expect(change).to_have_count(1)
    assert "→" not in page.locator(".timeline").inner_text()
    assert_no_sideways_scroll(page)
    save_screenshot(page, "rtl-console-timeline-1280")


@pytest.mark.django_db
def test_an_arabic_registrants_emails_are_written_right_to_left():
    workshop = in_arabic(seoul_workshop())
    registration = RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.PENDING,
        participant__full_name="Lee Ji-eun",
        participant__user__language="ar",
    )
    decide_registrations(
        workshop_id=workshop.pk,
        registration_ids=[registration.pk],
        decision="confirmed",
        actor=None,
        message="مرحبا بكم في سيول.",
    )
    email = OutgoingEmail.objects.get(kind="registration_confirmed")
    assert email.language == "ar"
    assert '<html lang="ar" dir="rtl"><body dir="rtl"' in email.filled_html
    # The organisers' message is set off on the side Arabic starts from; the Latin name keeps its own order.
    assert "border-right:4px" in email.filled_html and "border-left" not in email.filled_html
    assert "<bdi>Lee Ji-eun</bdi>" in email.filled_html
    assert TITLE in email.filled_html

    # A bulk send fills each name into its isolate when the email goes.
    cancel_workshop(workshop_id=workshop.pk, message="نأسف لإلغاء ورشة العمل.", actor=None)
    cancelled = OutgoingEmail.objects.get(kind="workshop_cancelled")
    assert '<html lang="ar" dir="rtl">' in cancelled.filled_html
    assert "<bdi>Lee Ji-eun</bdi>" in cancelled.filled_html


@pytest.mark.django_db
def test_an_english_registrants_emails_stay_left_to_right():
    workshop = seoul_workshop()
    registration = RegistrationFactory(
        workshop=workshop, status=Registration.Status.PENDING, participant__user__language="en"
    )
    decide_registrations(
        workshop_id=workshop.pk, registration_ids=[registration.pk], decision="confirmed", actor=None, message="Hi."
    )
    email = OutgoingEmail.objects.get(kind="registration_confirmed")
    assert '<html lang="en" dir="ltr"><body dir="ltr"' in email.filled_html
    assert "border-left:4px" in email.filled_html
