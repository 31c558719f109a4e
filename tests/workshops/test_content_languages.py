"""Workshop content in English and French: each reader sees their language, with the other as a marked fallback."""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from participants.workshop_changes import duplicate_workshop
from sessions.models import ProgrammeSession
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
    workshop_local,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def seoul():
    workshop = WorkshopFactory(
        slug="seoul",
        title="Regional Green Customs Workshop",
        title_fr="Atelier régional Douanes vertes",
        city="Seoul",
        city_fr="Séoul",
        time_zone="Asia/Seoul",
    )
    ProgrammeSessionFactory(
        workshop=workshop,
        title="Opening ceremony",
        title_fr="Cérémonie d'ouverture",
        starts_at=workshop_local(workshop, 0, 9),
    )
    ProgrammeSessionFactory(workshop=workshop, title="Field visit", starts_at=workshop_local(workshop, 0, 14))
    return workshop


def test_french_page_shows_french_text_and_marks_english_fallback(client, seoul):
    page = client.get("/workshops/seoul/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert '<h1 class="h2 text-gc">Atelier régional Douanes vertes</h1>' in page
    assert "Cérémonie d&#x27;ouverture" in page
    # No French title: the English one, marked so a screen reader pronounces it as English.
    assert '<span lang="en" dir="ltr">Field visit</span>' in page
    english = client.get("/workshops/seoul/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="h2 text-gc">Regional Green Customs Workshop</h1>' in english
    assert 'lang="en" dir="ltr">Field visit' not in english


def test_organisation_names_follow_the_page_language(client, seoul):
    unep = OrganisationFactory(
        name="United Nations Environment Programme",
        name_fr="Programme des Nations Unies pour l'environnement",
        acronym="UNEP",
        acronym_fr="PNUE",
    )
    WorkshopPartnerFactory(workshop=seoul, organisation=unep)
    page = client.get("/workshops/seoul/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "(<bdi>PNUE</bdi>)" in page
    assert "(<bdi>UNEP</bdi>)" in client.get("/workshops/seoul/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_programme_ics_in_the_language_asked_and_the_page_links_it_in_its_own(client, seoul):
    events = Calendar.from_ical(client.get("/workshops/seoul/programme.ics?lang=fr").content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Cérémonie d'ouverture", "Field visit"]
    events = Calendar.from_ical(client.get("/workshops/seoul/programme.ics?lang=xx").content).walk("VEVENT")
    assert str(events[0]["summary"]) == "Opening ceremony"
    page = client.get("/workshops/seoul/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "/workshops/seoul/programme.ics?lang=fr" in page


def test_public_search_matches_either_language(client, seoul):
    seoul.status = Workshop.Status.PUBLISHED
    seoul.save()
    for text in ("Douanes vertes", "Green Customs", "Séoul"):
        page = client.get("/workshops/", {"q": text}).content.decode()
        assert "/workshops/seoul/" in page, text


def test_console_forms_save_both_languages_and_the_dashboard_counts_missing_french(client, seoul):
    client.force_login(OrganiserMembershipFactory(workshop=seoul, user__password=None).user)
    data = {
        "title_en": "Risk profiling",
        "title_fr": "Profilage des risques",
        "room_en": "Hall",
        "room_fr": "Salle",
        "description_en": "",
        "description_fr": "",
        "kind": "presentation",
        "day": seoul.start_date.isoformat(),
        "start_time": "11:00",
        "end_time": "12:00",
        "topics": "",
    }
    # The English title is required, the French one is not.
    refused = client.post(f"/manage/{seoul.slug}/programme/sessions/new/", {**data, "title_en": ""})
    assert refused.context["form"].errors == {"title_en": ["This field is required."]}
    assert client.post(f"/manage/{seoul.slug}/programme/sessions/new/", data).status_code == 302
    session = ProgrammeSession.objects.get(title_en="Risk profiling")
    assert (session.title_fr, session.room_fr) == ("Profilage des risques", "Salle")
    page = client.get(f"/manage/{seoul.slug}/").content.decode()
    assert "1 session has no title in French." in page
    french = client.get(f"/manage/{seoul.slug}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1 séance n&#x27;a pas de titre en français." in french


def test_duplicate_copies_both_languages(seoul):
    organiser = OrganiserMembershipFactory(workshop=seoul).user
    copy = duplicate_workshop(
        workshop_id=seoul.pk,
        titles={"title_en": "Regional Green Customs Workshop 2"},
        slug="seoul-copy",
        start_date=seoul.start_date + datetime.timedelta(weeks=52),
        actor=organiser,
    )
    assert (copy.title_en, copy.title_fr, copy.city_fr) == (
        "Regional Green Customs Workshop 2",
        "Atelier régional Douanes vertes",
        "Séoul",
    )
    assert sorted(copy.sessions.values_list("title_en", "title_fr")) == [
        ("Field visit", None),
        ("Opening ceremony", "Cérémonie d'ouverture"),
    ]


@pytest.mark.browser
def test_seoul_demo_page_in_french_in_a_browser(page, transactional_db):
    from demo import data
    from demo.seeding import seed_demo
    from tests.support.browser import assert_accessible, save_screenshot

    seed_demo()
    page.set_extra_http_headers({"Accept-Language": "fr"})
    page.goto(f"/workshops/{data.SEOUL_WORKSHOP['slug']}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Atelier régional Douanes vertes pour l'Asie et le Pacifique"
    expect(page.get_by_text("Ouverture de l'atelier").first).to_be_visible()
    save_screenshot(page, "workshop-seoul-fr")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "workshop-seoul-fr-390")


@pytest.mark.browser
def test_console_session_form_pairs_the_languages_and_stacks_them_on_a_phone(page, live_server, transactional_db):
    from django.conf import settings
    from django.test import Client

    from tests.support.browser import assert_accessible, assert_fits_the_width, save_screenshot

    workshop = WorkshopFactory(slug="seoul", title="Regional Green Customs Workshop", time_zone="Asia/Seoul")
    session = ProgrammeSessionFactory(
        workshop=workshop, title="Opening ceremony", starts_at=workshop_local(workshop, 0, 9)
    )
    client = Client()
    client.force_login(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.set_extra_http_headers({"Accept-Language": "fr"})

    page.goto(f"/manage/{workshop.slug}/programme/sessions/{session.pk}/")
    english, french = page.locator("#id_title_en"), page.locator("#id_title_fr")
    assert (english.get_attribute("lang"), french.get_attribute("lang")) == ("en", "fr")
    # Side by side on a desktop...
    assert english.bounding_box()["y"] == french.bounding_box()["y"]
    save_screenshot(page, "console-session-form-fr")
    assert_accessible(page)
    french.fill("Cérémonie d'ouverture")
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.wait_for_url(lambda url: "/programme/" in url and "/sessions/" not in url)
    session.refresh_from_db()
    assert (session.title_en, session.title_fr) == ("Opening ceremony", "Cérémonie d'ouverture")

    # ...one above the other on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/manage/{workshop.slug}/programme/sessions/{session.pk}/")
    assert english.bounding_box()["y"] < french.bounding_box()["y"]
    assert_fits_the_width(page, 390, english, french)
    save_screenshot(page, "console-session-form-fr-390")
    page.goto(f"/manage/{workshop.slug}/edit/")
    save_screenshot(page, "console-workshop-form-fr-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/manage/{workshop.slug}/")
    expect(page.get_by_text("Pas encore traduit")).to_be_visible()
    save_screenshot(page, "console-dashboard-missing-french")
    assert_accessible(page)


def test_an_organisation_typed_in_french_is_the_listed_one():
    from participants.services import save_profile
    from tests.support.factories import UserFactory
    from workshops.models import Organisation
    from workshops.selectors import similar_organisations

    wco = OrganisationFactory(name="World Customs Organization", name_fr="Organisation mondiale des douanes")
    assert similar_organisations("Organisation mondiale des douane") == [wco]
    participant = save_profile(
        user_id=UserFactory().pk, new_organisation="organisation mondiale des douanes", full_name="Awa Diop"
    )
    assert participant.organisation == wco
    assert Organisation.objects.count() == 1


def test_console_duplicate_offers_and_takes_the_title_in_each_language(client, seoul):
    client.force_login(OrganiserMembershipFactory(workshop=seoul, user__password=None).user)
    form = client.get(f"/manage/{seoul.slug}/duplicate/").context["form"]
    assert (form.initial["title_en"], form.initial["title_fr"]) == (
        "Regional Green Customs Workshop",
        "Atelier régional Douanes vertes",
    )
    start = (seoul.start_date + datetime.timedelta(weeks=52)).isoformat()
    data = {"title_en": "Regional workshop 2", "title_fr": "Atelier régional 2", "slug": "copy", "start_date": start}
    assert client.post(f"/manage/{seoul.slug}/duplicate/", data, HTTP_ACCEPT_LANGUAGE="fr").status_code == 302
    copy = Workshop.objects.get(slug="copy")
    assert (copy.title_en, copy.title_fr) == ("Regional workshop 2", "Atelier régional 2")


def test_an_organisation_saved_in_french_keeps_its_plain_name_column_in_english():
    from django.utils import translation

    from workshops.models import Organisation

    OrganisationFactory(name="Douanes du Sénégal")
    senegal = OrganisationFactory(name="Senegal Customs", name_fr=None)
    with translation.override("fr"):
        senegal.name_fr = "Douanes du Sénégal"
        senegal.save()  # the other one's English name, this one's French: no clash
    assert Organisation.objects.rewrite(False).filter(name="Senegal Customs").exists()


@pytest.mark.browser
def test_the_demos_spanish_and_arabic_workshop_pages_in_a_browser(page, transactional_db):
    from demo import data
    from demo.seeding import seed_demo
    from tests.support.browser import assert_accessible, assert_nothing_wider_than_the_viewport, save_screenshot

    seed_demo()
    for slug, language, title, name in (
        (data.UPCOMING_WORKSHOP["slug"], "es", data.SPANISH[data.UPCOMING_WORKSHOP["title"]], "workshop-upcoming-es"),
        (data.MENA_WORKSHOP["slug"], "ar", data.ARABIC[data.MENA_WORKSHOP["title"]], "workshop-amman-ar"),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(f"/workshops/{slug}/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").inner_text() == title
        # The workshop's languages first in the switch, the others in a group of their own.
        groups = page.locator("#language-select optgroup")
        assert groups.count() == 2
        assert groups.first.locator("option").evaluate_all("options => options.map(option => option.value)") == (
            Workshop.objects.get(slug=slug).languages
        )
        save_screenshot(page, name)
        assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 844})
        assert_nothing_wider_than_the_viewport(page)
        save_screenshot(page, f"{name}-390")
