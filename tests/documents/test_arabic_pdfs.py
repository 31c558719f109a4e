"""The PDFs in Arabic: laid out right to left (`dir="rtl"` on the document, logical CSS) and drawn with Noto Naskh
Arabic from npm, each asked for through its own door.

For each document: its text layer reads in logical order (pdftotext finds an Arabic word of the workshop's title as
typed, where a document drawn in visual order would hold it reversed), it embeds Noto Naskh Arabic and draws no
empty box, and its first page, rendered by pdftoppm and kept under test-artifacts/screenshots/arabic-<document>.png
for a person to look at, has its ink where right to left puts it.

Noto Naskh Arabic draws a dotted letter as a dotless base and its dots, glyphs that several letters share (ب ت ث ن
have one base), and WeasyPrint maps each glyph to the text of the first letter it drew with it: the text layer of a
dotted letter may name another letter of its shape. The word looked for is therefore one of undotted letters.
"""

import datetime
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from documents.models import VisaLetterRequest
from outcomes.models import Survey
from outcomes.services import save_report
from outcomes.surveys import answer_survey, prepare_survey
from participants.models import Registration
from questions.engine import questions_of
from tests.support.arabic import UNDOTTED_WORD, in_arabic
from tests.support.browser import SCREENSHOT_DIR, write_whole
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    record_days,
    seoul_workshop,
    workshop_local,
)
from tests.support.pdfs import made_in_the_console, notdef_glyphs
from tests.support.travel import funded_delegate, itinerary, with_travel_terms
from travel import services as travel_services

pytestmark = pytest.mark.django_db

ARABIC_NAME = "ليلى حداد"
# Ink darker than this (0 black, 255 white) is drawn; the light green of rules and bars counts too.
INK = 200


@pytest.fixture
def workshop():
    """A Seoul-shaped workshop that ended last week, with Arabic content and a programme."""
    today = timezone.localdate()
    workshop = seoul_workshop(
        start_date=today - datetime.timedelta(days=20), end_date=today - datetime.timedelta(days=17)
    )
    for day in range(2):
        ProgrammeSessionFactory(
            workshop=workshop, starts_at=workshop_local(workshop, day, 9), ends_at=workshop_local(workshop, day, 10)
        )
    return in_arabic(workshop)


@pytest.fixture
def reader(workshop):
    """An Arabic-speaking participant who attended every day."""
    registration = RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.CONFIRMED,
        participant__full_name=ARABIC_NAME,
        participant__user__language="ar",
        participant__user__password=None,
    )
    record_days(registration, workshop.days)
    return registration


def in_arabic_client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return client


def organiser_in_arabic(workshop):
    return in_arabic_client(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)


def pdftotext(content):
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def pdffonts(content):
    """[(font name, embedded)] as poppler's pdffonts lists them."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        listing = subprocess.run(["pdffonts", pdf.name], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]  # below the header and its rule
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows]


def first_page(content, name):
    """The first page rendered by pdftoppm at 60 dpi, kept as test-artifacts/screenshots/arabic-<name>.png."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", source, Path(folder) / "page"],
            check=True,
        )
        png = (Path(folder) / "page.png").read_bytes()
    path = SCREENSHOT_DIR / f"arabic-{name}.png"
    write_whole(path, png)
    return Image.open(path).convert("L")


def ink_columns(image, top, bottom, darker_than=INK):
    """(leftmost, rightmost) x of the ink between rows `top` and `bottom`, or None."""
    box = image.crop((0, top, image.width, bottom)).point(lambda value: 255 if value < darker_than else 0).getbbox()
    return (box[0], box[2]) if box else None


def first_line(image):
    """(top, bottom) of the first band of rows with ink: the page's first line of text."""
    rows = [y for y in range(image.height) if ink_columns(image, y, y + 1)]
    top = bottom = rows[0]
    while bottom + 1 in rows:
        bottom += 1
    return top, bottom + 1


def assert_first_line_starts_at_the_right(image):
    """The first line (the letterhead's title) sits against the right margin and leaves the left one empty."""
    left, right = ink_columns(image, *first_line(image))
    assert image.width - right < left, (left, right, image.width)


def assert_arabic_document(content, name):
    text = pdftotext(content)
    assert UNDOTTED_WORD in text, f"{UNDOTTED_WORD!r} is not in the text of {name}"
    assert UNDOTTED_WORD[::-1] not in text
    fonts = pdffonts(content)
    assert any("Noto-Naskh-Arabic" in font and embedded for font, embedded in fonts), fonts
    assert all(embedded for _font, embedded in fonts), fonts
    assert notdef_glyphs(content) == 0, "a character was drawn as an empty box"
    return first_page(content, name)


def test_a_certificate_in_arabic(reader):
    client = in_arabic_client(reader.participant.user)
    content = client.post(reverse("documents:certificate", kwargs={"pk": reader.pk})).content
    page = assert_arabic_document(content, "certificate")
    # Landscape and centred, with the signature at its start and the verification at its end: the QR code, the
    # only black of the page's bottom third (the frame and the text are lighter), is in the left half.
    qr_left, qr_right = ink_columns(page, page.height * 2 // 3, page.height, darker_than=40)
    assert qr_right < page.width / 2, (qr_left, qr_right, page.width)


def test_a_visa_letter_in_arabic(client, reader):
    workshop = reader.workshop
    visa_request = VisaLetterRequest.objects.create(
        registration=reader,
        passport_name="LAYLA HADDAD",
        nationality="JO",
        date_of_birth=datetime.date(1986, 5, 14),
        passport_number="N0123456",
        passport_expires_on=workshop.end_date + datetime.timedelta(days=400),
        arrival_date=workshop.start_date - datetime.timedelta(days=1),
        departure_date=workshop.end_date + datetime.timedelta(days=1),
        requested_at=timezone.now(),
    )
    organiser_in_arabic(workshop).post(
        reverse("console:visa_letters_issue", kwargs={"slug": workshop.slug}), {"requests": [visa_request.pk]}
    )
    participant = in_arabic_client(reader.participant.user)
    content = participant.get(reverse("documents:visa_letter", kwargs={"pk": visa_request.pk})).content
    assert_first_line_starts_at_the_right(assert_arabic_document(content, "visa-letter"))


def test_badges_in_arabic(workshop, reader):
    _job, _response, content = made_in_the_console(organiser_in_arabic(workshop), workshop, "badges", language="ar")
    page = assert_arabic_document(content, "badges")
    # One badge: the sheet's first slot, at its start, the top right (the crop marks are in both halves alike).
    top = page.crop((0, 0, page.width, page.height // 3))
    left_half, right_half = (
        top.crop((0, 0, page.width // 2, top.height)),
        top.crop((page.width // 2, 0, page.width, top.height)),
    )
    assert drawn_pixels(right_half) > 10 * drawn_pixels(left_half)


def drawn_pixels(image):
    return sum(image.point(lambda value: 1 if value < INK else 0).histogram()[1:])


def test_the_official_list_in_arabic(workshop, reader):
    _job, _response, content = made_in_the_console(
        organiser_in_arabic(workshop), workshop, "official_list", language="ar"
    )
    assert_first_line_starts_at_the_right(assert_arabic_document(content, "list-of-participants"))


def test_the_certificates_of_a_workshop_in_arabic(workshop, reader):
    _job, _response, content = made_in_the_console(
        organiser_in_arabic(workshop), workshop, "certificates", language="ar"
    )
    assert_arabic_document(content, "certificates")


def test_a_travel_letter_in_arabic(workshop):
    with_travel_terms(workshop)
    nomination, registration = funded_delegate(workshop, name="Layla Haddad", language="ar")
    travel_services.save_itinerary(
        workshop_id=workshop.pk, nomination_id=nomination.pk, actor=None, **itinerary(workshop)
    )
    delegate = in_arabic_client(registration.participant.user)
    content = delegate.get(reverse("participants:my_travel_letter", kwargs={"slug": workshop.slug})).content
    assert_first_line_starts_at_the_right(assert_arabic_document(content, "travel-letter"))


def test_the_survey_results_in_arabic(workshop, reader):
    survey = prepare_survey(workshop_id=workshop.pk, purpose=Survey.Purpose.EVALUATION, actor=None)
    Survey.objects.filter(pk=survey.pk).update(opened_at=timezone.now())
    answer_survey(survey_id=survey.pk, registration_id=reader.pk, answers=evaluation_answers(survey))
    organiser = organiser_in_arabic(workshop)
    content = organiser.get(
        reverse("console:survey_pdf", kwargs={"slug": workshop.slug, "survey_id": survey.pk})
    ).content
    page = assert_arabic_document(content, "survey-results")
    assert_first_line_starts_at_the_right(page)


def evaluation_answers(survey):
    """A rating of 4 for each question of the evaluation that asks for one: the results draw their bars."""
    return {question.pk: 4 for question in questions_of(survey.questionnaire_id) if question.kind == "rating"}


def test_the_report_in_arabic(workshop):
    save_report(
        workshop_id=workshop.pk,
        bodies={
            "en": "# Outcome\n\nThe workshop met.",
            "ar": "# النتائج\n\nشاركت منظمة الجمارك العالمية (WCO) في ورشة العمل.",
        },
        actor=None,
    )
    organiser = organiser_in_arabic(workshop)
    url = reverse("console:report_download", kwargs={"slug": workshop.slug})
    content = organiser.get(url, {"language": "ar"}).content
    assert_first_line_starts_at_the_right(assert_arabic_document(content, "report"))
    text = pdftotext(content)
    assert "WCO" in text and "The workshop met." not in text  # the Arabic report, not its English one
