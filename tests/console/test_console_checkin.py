"""The check-in desk at scale: search first, a page of people at a time, one tap to check in or undo."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from documents.selectors import badge_code
from participants.models import Participant, Registration
from tests.console.test_console_browser import log_in_as
from tests.support.browser import assert_accessible, assert_fits_the_width, save_screenshot
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    RegistrationFactory,
    UserFactory,
    running_today,
)

Status = Registration.Status
# A phone at the door: 2,000 confirmed people must not become megabytes of HTML.
CHECKIN_PAGE_MOST_BYTES = 60_000
PHONE = {"width": 390, "height": 844}


def checkin_url(workshop):
    return reverse("console:checkin", kwargs={"slug": workshop.slug})


def crowd(workshop, count, *, organisation=None):
    """`count` confirmed people, named "Delegate 0000"…, from Korea unless they are one in three (Thailand)."""
    organisation = organisation or OrganisationFactory(name="Korea Customs Service", acronym="KCS")
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory._meta.model(email=f"crowd{workshop.pk}-{n}@example.org") for n in range(count)
    )
    people = Participant.objects.bulk_create(
        Participant(
            user=user, full_name=f"Delegate {n:04d}", organisation=organisation, country=("KR", "KR", "TH")[n % 3]
        )
        for n, user in enumerate(users)
    )
    Registration.objects.bulk_create(
        Registration(workshop=workshop, participant=person, status=Status.CONFIRMED) for person in people
    )


@pytest.fixture
def desk(client):
    workshop = running_today(capacity=5000)
    client.force_login(OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user)
    return workshop


def names(response):
    return [registration.participant.full_name for registration in response.context["page"]]


@pytest.mark.django_db
def test_the_check_in_page_of_2000_people_is_a_page_of_them_not_all(client, desk):
    crowd(desk, 2000)
    response = client.get(checkin_url(desk))
    page = response.content
    assert len(page) < CHECKIN_PAGE_MOST_BYTES, f"{len(page)} bytes"
    assert names(response) == [f"Delegate {n:04d}" for n in range(25)]
    assert response.context["confirmed"] == 2000 and response.context["attended"] == 0
    assert b"1\xe2\x80\x9325 of 2000 people, by name" in page
    assert b"Page 1 of 80" in page


@pytest.mark.django_db
def test_the_pages_follow_each_other_and_keep_the_search(client, desk):
    crowd(desk, 60)
    second = client.get(checkin_url(desk), {"q": "delegate", "page": 2})
    assert names(second) == [f"Delegate {n:04d}" for n in range(25, 50)]
    page = second.content.decode()
    assert "?q=delegate&amp;page=1" in page and "?q=delegate&amp;page=3" in page
    assert names(client.get(checkin_url(desk), {"q": "delegate", "page": 3})) == [
        f"Delegate {n:04d}" for n in range(50, 60)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("nomin", ["Nomin Bat"]),  # name, whatever its case
        ("NOMIN@MCGA", ["Nomin Bat"]),  # email
        ("mongolia", ["Nomin Bat"]),  # organisation's name
        ("MCGA", ["Nomin Bat"]),  # organisation's acronym
        ("thaï", ["Somchai Jaidee"]),  # country, in the reader's language (French here)
        ("TH", ["Somchai Jaidee"]),  # country code
    ],
)
def test_the_search_finds_by_name_email_organisation_and_country(client, desk, typed, found):
    mongolia = OrganisationFactory(name="Customs General Administration of Mongolia", acronym="MCGA", country="MN")
    RegistrationFactory(
        workshop=desk,
        participant__full_name="Nomin Bat",
        participant__user__email="nomin@mcga.example.org",
        participant__organisation=mongolia,
        participant__country="MN",
    )
    RegistrationFactory(
        workshop=desk,
        participant__full_name="Somchai Jaidee",
        participant__country="TH",
        participant__user__password=None,
    )
    RegistrationFactory(
        workshop=desk, participant__full_name="Not Yet", status=Status.PENDING, participant__country="TH"
    )
    assert names(client.get(checkin_url(desk), {"q": typed}, HTTP_ACCEPT_LANGUAGE="fr")) == found


@pytest.mark.django_db
def test_a_badge_code_typed_into_the_search_finds_its_holder_and_leaves_the_box_empty(client, desk):
    crowd(desk, 30)
    holder = Registration.objects.get(participant__full_name="Delegate 0029")
    response = client.get(checkin_url(desk), {"q": badge_code(holder.pk)})
    assert names(response) == ["Delegate 0029"]
    assert 'name="q" value=""' in response.content.decode()


@pytest.mark.django_db
def test_checking_in_from_a_later_page_comes_back_to_that_page_with_the_undo_button(client, desk):
    crowd(desk, 60)
    person = Registration.objects.get(participant__full_name="Delegate 0030")
    response = client.post(
        reverse("console:checkin_attend", kwargs={"slug": desk.slug, "registration_id": person.pk}),
        {"q": "", "page": "2"},
    )
    assert response["Location"].endswith(f"?page=2#registration-{person.pk}")
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Undo check-in of Delegate 0030" in page


@pytest.mark.django_db
def test_a_scanned_badge_shows_its_holder_checked_in_with_the_undo_button(client, desk):
    crowd(desk, 60)
    person = Registration.objects.get(participant__full_name="Delegate 0059")
    response = client.post(reverse("console:checkin_scan", kwargs={"slug": desk.slug}), {"q": badge_code(person.pk)})
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Delegate 0059 is checked in." in page and "Undo check-in of Delegate 0059" in page


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_check_in_desk_on_a_phone_searches_pages_and_checks_in_with_one_tap(
    chromium, live_server, transactional_db, language
):
    workshop = running_today(title="Asia/Pacific Regional Green Customs Workshop")
    crowd(workshop, 120)
    RegistrationFactory(
        workshop=workshop,
        participant__full_name="Батбаяр Дорж",
        participant__country="MN",
        participant__user__password=None,
    )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    staff = OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user
    log_in_as(page, live_server, staff)
    page.goto(f"/manage/{workshop.slug}/check-in/")
    check_in, undo, next_page = {
        "en": ("Check in", "Undo check-in of", "Next"),
        "fr": ("Enregistrer l'arrivée de", "Annuler l'enregistrement de l'arrivée de", "Suivante"),
    }[language]
    assert page.locator(".checkin-list > li").count() == 25
    assert_fits_the_width(page, PHONE["width"], page.get_by_role("button", name=check_in))
    save_screenshot(page, f"checkin-desk-phone-{language}")
    assert_accessible(page)

    page.get_by_role("link", name=next_page).click()
    expect(page.get_by_role("button", name=f"{check_in} Delegate 0025")).to_be_visible()

    page.fill("#checkin-search", "mongol")
    page.locator("#checkin-search").press("Enter")
    page.get_by_role("button", name=f"{check_in} Батбаяр Дорж").click()
    page.get_by_role("button", name=f"{undo} Батбаяр Дорж").wait_for()
    assert Registration.objects.get(participant__full_name="Батбаяр Дорж").attended_at is not None
    assert_fits_the_width(page, PHONE["width"])
    save_screenshot(page, f"checkin-desk-phone-searched-{language}")
    page.get_by_role("button", name=f"{undo} Батбаяр Дорж").click()
    page.get_by_role("button", name=f"{check_in} Батбаяр Дорж").wait_for()
    assert Registration.objects.get(participant__full_name="Батбаяр Дорж").attended_at is None
    context.close()
