"""French and Arabic emails as a mail program shows them: their HTML body in a real browser, screenshots to look at."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from outbox.models import OutgoingEmail
from participants.reminders import reminder_due_at, sweep_reminders
from participants.services import register
from tests.support.browser import SCREENSHOT_DIR
from tests.support.factories import ParticipantFactory, ProgrammeSessionFactory, WorkshopFactory, workshop_local

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_registration():
    workshop = WorkshopFactory(
        title="Atelier régional Douanes vertes",
        city="Dakar",
        country="SN",
        time_zone="Africa/Dakar",
        venue="Centre de conférences",
        start_date=datetime.date(2030, 11, 12),
        reminder_offsets=[2],
    )
    ProgrammeSessionFactory(
        workshop=workshop,
        title="Opening",
        starts_at=workshop_local(workshop, 0, 9),
        ends_at=workshop_local(workshop, 0, 10),
    )
    participant = ParticipantFactory(full_name="Awa Ndiaye", user__language="fr")
    return register(workshop_id=workshop.pk, participant_id=participant.pk)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_french_confirmation_and_reminder_read_in_french_in_a_browser(page, french_registration, width):
    sweep_reminders(now=reminder_due_at(french_registration.workshop, 2))
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for kind, expected in [
        ("registration_confirmed", "Votre place est confirmée. Nous nous réjouissons de vous accueillir."),
        ("reminder", "mardi 12 novembre 2030"),
    ]:
        email = OutgoingEmail.objects.get(registration=french_registration, kind=kind)
        page.set_content(email.filled_html)
        assert page.locator("html").get_attribute("lang") == "fr"
        expect(page.get_by_text(expected).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SCREENSHOT_DIR / f"email-{kind}-fr-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_an_arabic_confirmation_reads_right_to_left_in_arabic_in_a_browser(page, width):
    workshop = WorkshopFactory(
        title="Regional Green Customs Workshop",
        title_ar="حلقة العمل الإقليمية للجمارك الخضراء",
        city="Amman",
        city_ar="عمّان",
        country="JO",
        time_zone="Asia/Amman",
        start_date=datetime.date(2030, 11, 12),
        languages=["en", "ar"],
        default_language="ar",
    )
    participant = ParticipantFactory(full_name="Layla Haddad", user__language="ar")
    registration = register(workshop_id=workshop.pk, participant_id=participant.pk)
    with translation.override("ar"):
        expected = gettext("Your seat is confirmed. We look forward to welcoming you.")
    assert expected != "Your seat is confirmed. We look forward to welcoming you."

    email = OutgoingEmail.objects.get(registration=registration, kind="registration_confirmed")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content(email.filled_html)
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_text(expected).first).to_be_visible()
    expect(page.get_by_text("حلقة العمل الإقليمية للجمارك الخضراء").first).to_be_visible()
    # An address shown as text runs left to right inside the Arabic sentence (its slash stays at its end).
    assert page.get_by_role("link", name="http://").first.get_attribute("dir") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SCREENSHOT_DIR / f"email-registration_confirmed-ar-{width}.png"), full_page=True)
