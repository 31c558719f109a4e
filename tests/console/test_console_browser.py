"""An organiser runs a workshop through the console in a real browser, page by page."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import Registration
from participants.services import register
from tests.support.browser import assert_accessible, save_screenshot
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    move_to_today,
)
from workshops.models import Workshop

PASSWORD = "correct horse battery staple"


def log_in(page, email):
    page.goto("/accounts/login/?next=/manage/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.endswith("/manage/") and "login" not in url)


def look(page, name):
    """Every console page the organiser passes through is kept as a screenshot and checked by axe-core."""
    save_screenshot(page, f"console-{name}")
    assert_accessible(page)


def add_session(page, *, title, kind, start, end, room):
    page.get_by_role("link", name="Add a session").click()
    page.fill("#id_title_en", title)
    page.select_option("#id_kind", kind)
    page.fill("#id_start_time", start)
    page.fill("#id_end_time", end)
    page.fill("#id_room_en", room)
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url("**/programme/**")


@pytest.mark.browser
def test_organiser_runs_a_workshop_end_to_end(page, transactional_db, tmp_path):
    organiser = UserFactory(email="organiser@kcs.example.org", password=PASSWORD)
    organiser.user_permissions.add(Permission.objects.get(codename="manage_all_workshops"))
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    start = timezone.localdate() + datetime.timedelta(days=60)

    log_in(page, organiser.email)
    look(page, "workshops-empty")

    page.get_by_role("link", name="New workshop").click()
    page.fill("#id_title_en", "Asia/Pacific Regional Green Customs Workshop")
    page.fill("#id_title_fr", "Atelier régional Douanes vertes pour l'Asie et le Pacifique")
    page.fill("#id_slug", "green-customs-seoul")
    page.fill("#id_summary_en", "Four days on enforcing trade-related environmental agreements at the border.")
    page.fill("#id_city_en", "Seoul")
    page.select_option("#id_country", "KR")
    page.select_option("#id_wco_region", "ap")
    page.fill("#id_venue_en", "Korea Customs Service training centre")
    page.select_option("#id_time_zone", "Asia/Seoul")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=3)).isoformat())
    page.fill("#id_capacity", "40")
    page.check("#id_requires_approval")
    look(page, "workshop-form")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url("**/manage/green-customs-seoul/")
    workshop = Workshop.objects.get(slug="green-customs-seoul")
    assert workshop.status == Workshop.Status.DRAFT
    assert workshop.title_fr == "Atelier régional Douanes vertes pour l'Asie et le Pacifique"

    page.get_by_role("link", name="Programme", exact=True).click()
    add_session(
        page, title="Opening and welcome by the host", kind="opening", start="09:00", end="09:30", room="Hall A"
    )
    add_session(
        page,
        title="CITES: detecting illegal wildlife trade",
        kind="presentation",
        start="09:30",
        end="11:00",
        room="Hall A",
    )
    assert workshop.sessions.count() == 2
    look(page, "programme")

    page.get_by_role("link", name="Details", exact=True).click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/manage/green-customs-seoul/")
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.PUBLISHED

    # Participants register on the public site; here the registration service stands in for it.
    mongolia = OrganisationFactory(name="Customs General Administration of Mongolia", acronym="MCGA", country="MN")
    for name, country, gender in [
        ("Батбаяр Дорж", "MN", "male"),
        ("김서연", "KR", "female"),
        ("สมชาย ใจดี", "TH", "male"),
    ]:
        person = ParticipantFactory(full_name=name, country=country, gender=gender, organisation=mongolia)
        register(workshop_id=workshop.pk, participant_id=person.pk)
    pending = Registration.objects.get(participant__full_name="Батбаяр Дорж")
    assert pending.status == Registration.Status.PENDING

    page.get_by_role("link", name="Registrations", exact=True).click()
    look(page, "registrations")
    page.get_by_role("button", name="Confirm Батбаяр Дорж").click()
    page.wait_for_selector("text=1 registration confirmed.")
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED and pending.decided_by == organiser

    # The workshop's first day comes; the check-in desk uses a phone.
    move_to_today(workshop)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Check-in", exact=True).click()
    page.fill("#checkin-search", "Батбаяр")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Check in Батбаяр Дорж").click()
    page.wait_for_selector("text=Батбаяр Дорж is checked in.")
    pending.refresh_from_db()
    assert pending.attended_at is not None
    expect(page.get_by_role("button", name="Undo check-in of Батбаяр Дорж")).to_be_visible()
    look(page, "checkin-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Dashboard", exact=True).click()
    look(page, "dashboard")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download registrations (CSV)").click()
    path = tmp_path / "registrations.csv"
    download_info.value.save_as(path)
    content = path.read_bytes().decode("utf-8")
    assert content.startswith("\ufeffName,Email")
    assert "Батбаяр Дорж" in content and "김서연" in content and "สมชาย ใจดี" in content

    page.get_by_role("link", name="Printable list of participants").click()
    # The list is streamed: the click returns once its head has come, the list itself comes after its queries
    # (later still on a busy machine, as on a CI worker beside another); the page is whole at its load event.
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Mongolia", exact=True)).to_be_visible()
    look(page, "participant-list")

    page.goto("/manage/green-customs-seoul/")
    page.get_by_role("link", name="Timeline", exact=True).click()
    for sentence in (
        f"{organiser.name} created the workshop",
        f"{organiser.name} added the session “CITES: detecting illegal wildlife trade”",
        f"{organiser.name} published the workshop",
        "김서연 registered online (Pending approval)",
        f"{organiser.name} confirmed Батбаяр Дорж (was: Pending approval)",
        f"{organiser.name} checked in Батбаяр Дорж",
    ):
        expect(page.get_by_text(sentence, exact=True), sentence).to_be_visible()
    look(page, "timeline")
    page.select_option("#id_kind", "session")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("checked in Батбаяр Дорж")).to_have_count(0)
    expect(page.get_by_text(f"{organiser.name} added the session", exact=False)).to_have_count(2)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Reset").click()
    look(page, "timeline-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Registrations", exact=True).click()
    page.locator("#registration-history-" + str(pending.pk)).get_by_text("History (3 entries)").click()
    expect(page.get_by_text(f"{organiser.name} checked in Батбаяр Дорж")).to_be_visible()
    look(page, "registration-history")

    page.get_by_role("link", name="Manage").click()
    expect(page.get_by_role("cell", name="1 / 40")).to_be_visible()
    look(page, "workshops")


def log_in_as(page, live_server, user):
    """Skip the login form: hand the browser the session cookie of a logged-in test client."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
def test_the_other_console_pages_are_readable_and_accessible(page, live_server, transactional_db):
    workshop = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        slug="seoul-2015",
        start_date=datetime.date(2015, 11, 10),
        end_date=datetime.date(2015, 11, 13),
    )
    session = ProgrammeSessionFactory(workshop=workshop, title="Basel Convention: e-waste shipments", room="Hall A")
    SpeakerFactory(session=session, name="Dr Ana Ruiz", organisation__name="Secretariat of the Basel Convention")
    organiser = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    log_in_as(page, live_server, organiser)

    page.goto(f"/manage/{workshop.slug}/programme/sessions/new/")
    page.fill("#id_title_en", "Ozone-depleting substances")
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_time", "10:00")
    page.fill("#id_room_en", "hall a")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("already taken by “Basel Convention: e-waste shipments”")).to_be_visible()
    look(page, "session-form-clash")

    page.goto(f"/manage/{workshop.slug}/programme/sessions/{session.pk}/speakers/new/")
    look(page, "speaker-form")
    page.goto(f"/manage/{workshop.slug}/duplicate/")
    look(page, "duplicate")
    page.goto(f"/manage/{workshop.slug}/cancel/")
    look(page, "cancel")

    staff = OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user
    page.context.clear_cookies()
    log_in_as(page, live_server, staff)
    page.goto("/manage/")
    look(page, "workshops-checkin-staff")
    page.get_by_role("link", name=workshop.title).click()
    page.wait_for_url(f"**/manage/{workshop.slug}/**")
    expect(page.get_by_role("link", name="Registrations", exact=True)).to_have_count(0)
    look(page, "checkin-empty")
