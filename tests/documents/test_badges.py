"""Name badges: eight to a sheet, every name whole, and a QR code that checks its holder in."""

import pytest
from django.urls import reverse

from documents.selectors import badge_code, badge_holders
from participants.models import Registration
from tests.documents.conftest import ALL_NAMES
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
    running_today,
)
from tests.support.pdfs import made_in_the_console, notdef_glyphs, page_count, pdf_text
from workshops.models import OrganiserMembership

pytestmark = pytest.mark.django_db

LONG_NAMES = [
    "Maria-Alexandra Constantinescu-Papadopoulou von Hohenzollern-Sigmaringen",
    "Wolfeschlegelsteinhausenbergerdorff Hubert Blaine",
    "Sri Lanka Ranasinghe Arachchige Don Kumara Pushpakumara Wijesinghe",
    "Батбаяр Өлзийбаатарын Ганболдын Энхтүвшин",
    "สมศักดิ์ศรี เจริญพงศ์ไพบูลย์วัฒนากุล",
    "राजेश कुमार शर्मा वर्मा श्रीवास्तव",
]


def test_badges_for_forty_people_with_long_names_in_several_scripts(client):
    workshop = WorkshopFactory()
    names = [*LONG_NAMES, *ALL_NAMES.values()]
    for number in range(40):
        RegistrationFactory(workshop=workshop, participant__full_name=f"{names[number % len(names)]} {number}")
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED, participant__full_name="Not Badged")
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    _job, response, content = made_in_the_console(client, workshop, "badges")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}-badges-en.pdf"'
    assert page_count(content) == 5  # 40 badges, 8 to a sheet
    text = "".join(pdf_text(content).split())
    assert "NotBadged" not in text
    # Long names shrink and wrap between words: every word of every Latin name is there whole.
    for word in LONG_NAMES[0].split() + LONG_NAMES[1].split():
        assert word in text
    assert notdef_glyphs(content) == 0


def test_badges_sort_by_country_then_surname_and_name_the_role():
    workshop = WorkshopFactory()
    speaker = RegistrationFactory(workshop=workshop, participant__full_name="Zed Speaker", participant__country="FR")
    organiser = RegistrationFactory(
        workshop=workshop, participant__full_name="Amy Organiser", participant__country="FR"
    )
    RegistrationFactory(workshop=workshop, participant__full_name="Kim Minjun", participant__country="KR")
    RegistrationFactory(workshop=workshop, participant__full_name="Bo Adams", participant__country="FR")
    SpeakerFactory(session=ProgrammeSessionFactory(workshop=workshop), participant=speaker.participant)
    OrganiserMembershipFactory(workshop=workshop, user=organiser.participant.user)
    holders = [(registration.participant.full_name, str(role)) for registration, role in badge_holders(workshop)]
    assert holders == [
        ("Bo Adams", "Participant"),
        ("Amy Organiser", "Organiser"),
        ("Zed Speaker", "Speaker"),
        ("Kim Minjun", "Participant"),
    ]


def test_badges_for_the_registrations_ticked_in_the_table(client):
    workshop = WorkshopFactory()
    ticked = RegistrationFactory(workshop=workshop, participant__full_name="Ticked Person")
    RegistrationFactory(workshop=workshop, participant__full_name="Other Person")
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    response = client.post(reverse("console:badges", kwargs={"slug": workshop.slug}), {"registrations": [ticked.pk]})
    text = pdf_text(response.content)
    assert "Ticked Person" in text and "Other Person" not in text


@pytest.fixture
def desk(client):
    workshop = running_today()
    staff = OrganiserMembershipFactory(workshop=workshop, role=OrganiserMembership.Role.CHECKIN).user
    client.force_login(staff)
    return workshop


def scan(client, workshop, code):
    return client.post(reverse("console:checkin_scan", kwargs={"slug": workshop.slug}), {"q": code}, follow=True)


def test_check_in_staff_print_badges(client, desk):
    RegistrationFactory(workshop=desk, participant__full_name="Kim Minjun")
    _job, response, content = made_in_the_console(client, desk, "badges")
    assert response.status_code == 200 and "Kim Minjun" in pdf_text(content)


def test_a_badges_code_scanned_into_the_search_box_checks_the_person_in(client, desk):
    registration = RegistrationFactory(workshop=desk, participant__full_name="Kim Minjun")
    response = scan(client, desk, badge_code(registration.pk).lower())
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert "Kim Minjun is checked in." in response.content.decode()
    first = registration.attended_at
    again = scan(client, desk, badge_code(registration.pk))
    registration.refresh_from_db()
    assert registration.attended_at == first  # a second scan keeps the first time
    assert "Kim Minjun is already checked in today: nothing new was recorded." in again.content.decode()
    assert registration.attendances.count() == 1


def test_a_made_up_code_searches_names_and_checks_nobody_in(client, desk):
    registration = RegistrationFactory(workshop=desk)
    forged = f"GC{registration.pk}-00000000"
    response = scan(client, desk, forged)
    registration.refresh_from_db()
    assert registration.attended_at is None
    assert "Nobody confirmed matches that search." in response.content.decode()


def test_another_workshops_badge_is_refused_with_the_reason(client, desk):
    elsewhere = RegistrationFactory(workshop=WorkshopFactory())
    response = scan(client, desk, badge_code(elsewhere.pk))
    elsewhere.refresh_from_db()
    assert elsewhere.attended_at is None
    assert "This badge is for another workshop" in response.content.decode()


def test_a_name_typed_into_the_box_still_searches(client, desk):
    RegistrationFactory(workshop=desk, participant__full_name="Батбаяр Дорж")
    response = scan(client, desk, "Батбаяр")
    assert response.redirect_chain[-1][0].endswith("?q=%D0%91%D0%B0%D1%82%D0%B1%D0%B0%D1%8F%D1%80")
    assert "Check in Батбаяр Дорж" in response.content.decode()
