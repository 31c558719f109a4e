"""In a real browser: a participant asks for a visa letter, the organiser issues it, the participant downloads it;
then the certificate, its public check, and the console's documents page. Every page is kept as a screenshot
(desktop, phone, French) and every kind of PDF as a PNG of its first page."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from documents.fonts import FAMILIES
from documents.models import Certificate, VisaLetterRequest
from outbox.models import OutgoingEmail
from tests.documents.conftest import ALL_NAMES
from tests.support.browser import SCREENSHOT_DIR, assert_accessible, assert_fits_the_width, save_screenshot
from tests.support.factories import (
    OrganiserMembershipFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    record_days,
    seoul_workshop,
)
from tests.support.pdfs import page_count, pdf_text

PASSWORD = "correct horse battery staple"


def account(email, **names):
    user = UserFactory(email=email, password=PASSWORD, **names)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "login" not in url)


def look(page, name, *, phone=True, french=True):
    """Screenshots at desktop width and at 390 px, in English and French, each language checked by axe-core."""
    save_screenshot(page, f"documents-{name}")
    assert_accessible(page)
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
        save_screenshot(page, f"documents-{name}-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
    if french:
        url = page.url
        page.context.add_cookies([{"name": "django_language", "value": "fr", "url": url}])
        page.reload()
        save_screenshot(page, f"documents-{name}-fr")
        assert_accessible(page)
        if phone:
            page.set_viewport_size({"width": 390, "height": 844})
            save_screenshot(page, f"documents-{name}-fr-phone")
            page.set_viewport_size({"width": 1280, "height": 900})
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
        page.goto(url)


def download(page, click, name):
    with page.expect_download() as download_info:
        click()
    path = SCREENSHOT_DIR / f"{name}.pdf"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    # The test reads the browser's own copy; the one under test-artifacts/ is for a person (and another xdist
    # worker may write a file of the same name there).
    content = Path(download_info.value.path()).read_bytes()
    download_info.value.save_as(path)
    if shutil.which("pdftoppm"):  # poppler-utils: a PNG of the first page for a person to look at
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(path.with_suffix(""))],
            check=True,
        )
    return content


def made_and_downloaded(page, button, name):
    """A whole workshop's PDF from the documents page: its button starts the job (drawn in-process here, so its
    page is done when it opens), whose page offers the file."""
    documents = page.url
    page.get_by_role("button", name=button).click()
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible()
    content = download(page, link.click, name)
    page.goto(documents)
    return content


def ask_for_a_letter(page, workshop, passport_expires_on):
    page.fill("#id_passport_name", "BATBAYAR OLZII")
    page.select_option("#id_nationality", "MN")
    page.fill("#id_date_of_birth", "1984-03-02")
    page.fill("#id_passport_number", "E1234567")
    page.fill("#id_passport_expires_on", passport_expires_on.isoformat())
    page.fill("#id_arrival_date", (workshop.start_date - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_departure_date", (workshop.end_date + datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Ask for the letter").click()


@pytest.mark.browser
def test_a_visa_letter_goes_from_request_to_download(page, transactional_db):
    today = timezone.localdate()
    upcoming = seoul_workshop(
        start_date=today + datetime.timedelta(days=40), end_date=today + datetime.timedelta(days=43)
    )
    past = WorkshopFactory(
        slug="seoul-2015", start_date=today - datetime.timedelta(days=30), end_date=today - datetime.timedelta(days=27)
    )
    person = account("batbayar@customs.example.mn")
    registration = RegistrationFactory(
        workshop=upcoming, participant__user=person, participant__full_name="Батбаяр Өлзийбат"
    )
    record_days(RegistrationFactory(workshop=past, participant=registration.participant), past.days)
    names = list(ALL_NAMES.values())
    for number, name in enumerate(names):
        RegistrationFactory(
            workshop=upcoming, participant__full_name=name, participant__list_contact_details=number % 2
        )
    organiser = account("organiser@unep.example.org", name="Ana Lee")
    OrganiserMembershipFactory(workshop=upcoming, user=organiser)
    OrganiserMembershipFactory(workshop=past, user=organiser)

    # The participant asks; a passport expiring before departure is refused with a message on the form.
    log_in(page, person)
    page.goto("/me/registrations/")
    page.get_by_role("link", name="Ask for a visa support letter").click()
    ask_for_a_letter(page, upcoming, passport_expires_on=upcoming.end_date)
    page.wait_for_selector("text=must be valid after your departure")
    look(page, "visa-request-refused-passport")
    ask_for_a_letter(page, upcoming, passport_expires_on=upcoming.end_date + datetime.timedelta(days=900))
    page.wait_for_selector("text=Your request is sent.")
    look(page, "my-registrations-requested", french=False)

    # The organiser issues it from the documents page.
    log_in(page, organiser)
    page.goto(f"/manage/{upcoming.slug}/documents/")
    look(page, "console-documents")
    page.get_by_label("Select Батбаяр Өлзийбат").check()
    page.get_by_role("button", name="Issue and email the ticked letters").click()
    page.wait_for_selector("text=1 letter issued and emailed.")
    visa_request = VisaLetterRequest.objects.get()
    assert visa_request.status == "issued"
    assert OutgoingEmail.objects.get(dedup_key=f"visa-letter:{visa_request.pk}").attachments
    look(page, "console-documents-issued", phone=False)
    badges = made_and_downloaded(page, "All confirmed participants (PDF)", "pdf-badges")
    assert "БатбаярӨлзийбат" in "".join(pdf_text(badges).split())  # a long name wraps between its words
    made_and_downloaded(page, "English (PDF)", "pdf-official-list-en")
    french = made_and_downloaded(page, "French (PDF)", "pdf-official-list-fr")
    assert "Liste des participants" in pdf_text(french)
    page.get_by_role("link", name="Edit the letterhead").click()
    look(page, "console-letterhead")
    page.goto(f"/manage/{upcoming.slug}/check-in/")
    # Names in scripts without a system font are drawn with the portal's Noto fonts, and only the files of the
    # scripts on the page are downloaded (none of their Latin subsets).
    loaded = page.evaluate(
        "document.fonts.ready.then(fonts => [...fonts].filter(font => font.status === 'loaded')"
        ".map(font => [font.family.replaceAll('\"', ''), font.weight, font.unicodeRange]))"
    )
    # (Names are bold here; Korean, Chinese and Japanese come in one weight, whose bold the browser draws.
    # A script the system's own sans-serif has, as DejaVu Sans has Lao, downloads nothing.)
    cjk = {"Noto Sans KR", "Noto Sans SC", "Noto Sans JP"}
    shipped = {family for _package, family in FAMILIES[1:]}
    assert (
        {"Noto Sans Thai", "Noto Sans Khmer", "Noto Sans Myanmar", "Noto Serif Tibetan", "Noto Sans KR"}
        <= {family for family, _weight, _range in loaded}
        <= shipped
    )
    assert all(weight == ("400" if family in cjk else "700") for family, weight, _range in loaded), loaded
    assert not [font for font in loaded if font[2].startswith(("U+0-FF", "U+100-2BA"))], loaded  # Latin subsets
    look(page, "console-checkin", french=False)

    # The participant downloads the letter, then the certificate of the past workshop.
    log_in(page, person)
    page.goto("/me/registrations/")
    look(page, "my-registrations")
    # On a phone every registration is a card: its status and its cancel button stay on the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert_fits_the_width(page, 390, page.locator(".badge"), page.get_by_role("link", name="Cancel…"))
    page.set_viewport_size({"width": 1280, "height": 900})
    letter = download(
        page, lambda: page.get_by_role("link", name="Visa support letter (PDF)").click(), "pdf-visa-letter"
    )
    assert "BATBAYAR OLZII" in pdf_text(letter) and "E1234567" in pdf_text(letter)
    certificate = download(
        page, lambda: page.get_by_role("button", name="Certificate of attendance (PDF)").click(), "pdf-certificate"
    )
    code = Certificate.objects.get().code
    assert code in pdf_text(certificate)

    # Anyone holding the paper checks it.
    page.context.clear_cookies()
    page.goto(f"/certificates/{code}/")
    page.wait_for_selector("text=Certificate of attendance: genuine")
    assert "Батбаяр Өлзийбат" in page.content() and person.email not in page.content()
    look(page, "certificate-check")


@pytest.mark.browser
def test_the_progress_bar_of_a_pdf_drawn_by_a_worker(page, celery_worker):
    """A real worker draws 200 badges while the page reads the job's status every two seconds: the bar moves
    without a reload, then the page offers the file."""
    workshop = seoul_workshop()
    for number in range(200):
        RegistrationFactory(workshop=workshop, participant__full_name=f"Badge Holder {number:03}")
    organiser = account("organiser@unep.example.org", name="Ana Lee")
    OrganiserMembershipFactory(workshop=workshop, user=organiser)
    log_in(page, organiser)
    page.goto(f"/manage/{workshop.slug}/documents/")
    page.get_by_role("button", name="All confirmed participants (PDF)").click()
    expect(page.get_by_role("heading", name="Name badges")).to_be_visible()
    progress = page.get_by_role("progressbar", name="Progress of the PDF")
    expect(progress).not_to_have_attribute("value", "0", timeout=60_000)  # moved by the script, no reload
    save_screenshot(page, "documents-pdf-job-running")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "documents-pdf-job-running-phone")
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=120_000)
    expect(progress).to_have_attribute("value", "100")
    page.set_viewport_size({"width": 1280, "height": 900})
    look(page, "pdf-job-done")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.reload()
    assert page_count(download(page, link.click, "pdf-job-badges")) == 25


@pytest.mark.browser
def test_a_made_up_certificate_code_says_no_certificate_was_issued_and_how_to_read_the_code(page):
    response = page.goto("/certificates/ABCD23EFGH/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="No certificate has this code")).to_be_visible()
    expect(
        page.get_by_text("This portal issued no certificate of attendance with the code ABCD23EFGH.")
    ).to_be_visible()
    expect(page.get_by_text("under the QR code")).to_be_visible()
    expect(page.get_by_text("no longer be published")).to_have_count(0)
    look(page, "certificate-unknown")
