"""The console's forms in a workshop's languages: the workshop chooses them (English always, its default among them),
its texts are typed in those only (two side by side, more as tabs beside the English, stacked on a phone), and the
dashboard's "not translated yet" hint counts those only."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from console.selectors import missing_translations
from questions.models import Question
from sessions.models import ProgrammeSession
from tests.console.test_console_pages import workshop_data
from tests.support.console_world import make_secretariat
from tests.support.factories import (
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    UserFactory,
    WorkshopFactory,
    workshop_local,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

TEXTS = ("title", "summary", "objectives", "city", "venue")


@pytest.fixture
def organiser_client(client):
    def logged_in(workshop):
        client.force_login(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
        return client

    return logged_in


def text_fields(form):
    return sorted(name for name in form.fields if name.rsplit("_", 1)[0] in TEXTS and "_" in name)


def test_a_new_workshops_form_has_every_language_and_offers_english_until_chosen(client):
    client.force_login(make_secretariat())
    form = client.get("/manage/new/").context["form"]
    assert {name.rsplit("_", 1)[1] for name in text_fields(form)} == {"en", "fr", "es", "ar"}
    assert form["languages"].value() == ["en"]
    assert [code for code, _name in form.fields["languages"].choices] == ["en", "fr", "es", "ar"]


def test_the_secretariat_creates_a_workshop_in_english_and_spanish(client):
    client.force_login(make_secretariat())
    template = WorkshopFactory.build(slug="cartagena-2027", title="Green Customs Workshop, Cartagena")
    data = workshop_data(template, languages=["es", "en"], default_language="es", title_es="Taller, Cartagena")

    response = client.post("/manage/new/", data)

    assert response.status_code == 302, response.context["form"].errors
    workshop = Workshop.objects.get(slug="cartagena-2027")
    assert (workshop.languages, workshop.default_language, workshop.title_es) == (
        ["en", "es"],
        "es",
        "Taller, Cartagena",
    )


@pytest.mark.parametrize(
    ("languages", "default_language", "field", "message"),
    [
        (
            ["fr", "es"],
            "fr",
            "languages",
            "English is always among a workshop's languages: its content is written in it first.",
        ),
        (["en", "fr"], "es", "default_language", "Choose the default language among the workshop's languages."),
    ],
)
def test_the_workshop_form_refuses_a_workshop_without_english_or_its_default_language(
    client, languages, default_language, field, message
):
    client.force_login(make_secretariat())
    template = WorkshopFactory.build(slug="refused-2027")
    response = client.post(
        "/manage/new/", workshop_data(template, languages=languages, default_language=default_language)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Workshop.objects.filter(slug="refused-2027").exists()


def test_a_workshops_form_shows_its_languages_only_and_keeps_the_others_text(organiser_client):
    workshop = WorkshopFactory(languages=["en", "fr"], title_es="Taller guardado", capacity=30)
    client = organiser_client(workshop)
    form = client.get(f"/manage/{workshop.slug}/edit/").context["form"]
    assert {name.rsplit("_", 1)[1] for name in text_fields(form)} == {"en", "fr"}

    response = client.post(f"/manage/{workshop.slug}/edit/", workshop_data(workshop, capacity=40))

    assert response.status_code == 302, response.context["form"].errors
    workshop.refresh_from_db()
    assert (workshop.capacity, workshop.title_es) == (40, "Taller guardado")


def test_two_languages_side_by_side_more_as_tabs_beside_the_english(organiser_client):
    pair = WorkshopFactory(languages=["en", "ar"])
    page = organiser_client(pair).get(f"/manage/{pair.slug}/programme/sessions/new/").content.decode()
    assert 'id="id_title_ar"' in page and 'id="id_title_fr"' not in page
    assert "language-tabs" not in page

    three = WorkshopFactory(languages=["en", "fr", "es"])
    page = organiser_client(three).get(f"/manage/{three.slug}/programme/sessions/new/").content.decode()
    # A tab is a radio button, its label and its pane: the first other language's is shown.
    assert (
        '<input class="btn-check" type="radio" name="title_en-language" value="fr" id="id_title_fr-tab" checked>'
        in page
    )
    assert '<input class="btn-check" type="radio" name="title_en-language" value="es" id="id_title_es-tab">' in page
    assert '<label class="nav-link" for="id_title_es-tab">Spanish</label>' in page
    assert 'id="id_title_ar"' not in page


def test_the_tab_of_a_text_with_an_error_is_the_one_shown(organiser_client):
    workshop = WorkshopFactory(languages=["en", "fr", "es"])
    data = {
        "title_en": "Opening",
        "title_es": "x" * 300,
        "kind": "presentation",
        "day": workshop.start_date.isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
    }
    page = organiser_client(workshop).post(f"/manage/{workshop.slug}/programme/sessions/new/", data).content.decode()
    assert 'value="es" id="id_title_es-tab" checked>' in page
    assert 'value="fr" id="id_title_fr-tab">' in page
    assert '<label class="nav-link text-danger" for="id_title_es-tab">' in page


def test_a_session_saved_from_a_form_in_the_workshops_languages_keeps_its_other_texts(organiser_client):
    workshop = WorkshopFactory(languages=["en", "es"])
    session = ProgrammeSessionFactory(
        workshop=workshop, title="Opening", title_fr="Ouverture", starts_at=workshop_local(workshop, 0, 9)
    )
    data = {
        "title_en": "Opening",
        "title_es": "Apertura",
        "room_en": "Hall",
        "kind": "opening",
        "day": workshop.start_date.isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
    }
    response = organiser_client(workshop).post(f"/manage/{workshop.slug}/programme/sessions/{session.pk}/", data)
    assert response.status_code == 302
    session = ProgrammeSession.objects.get(pk=session.pk)
    assert (session.title_es, session.title_fr) == ("Apertura", "Ouverture")


def test_a_question_is_typed_in_the_workshops_languages_its_choices_in_their_order(organiser_client):
    workshop = WorkshopFactory(languages=["en", "ar"])
    client = organiser_client(workshop)
    form = client.get(f"/manage/{workshop.slug}/questions/").context["form"]
    assert "label_ar" in form.fields and "label_fr" not in form.fields
    assert "English | Arabic" in form.fields["choices"].help_text

    client.post(
        f"/manage/{workshop.slug}/questions/",
        {"kind": "single_choice", "label_en": "Diet?", "label_ar": "النظام الغذائي؟", "choices": "None | لا شيء"},
    )

    question = Question.objects.get(label_en="Diet?")
    assert (question.label_ar, question.choices.get().label_ar) == ("النظام الغذائي؟", "لا شيء")


def test_a_duplicate_is_titled_in_the_workshops_languages(organiser_client):
    workshop = WorkshopFactory(languages=["en", "es"], title_es="Taller")
    form = organiser_client(workshop).get(f"/manage/{workshop.slug}/duplicate/").context["form"]
    assert [name for name in form.fields if name.startswith("title_")] == ["title_en", "title_es"]
    assert form.initial["title_es"] == "Taller"


def test_the_hint_counts_only_the_workshops_languages(django_assert_num_queries):
    workshop = WorkshopFactory(languages=["en", "es"], title_es="", summary="A summary", summary_es="Un resumen")
    for hour in (9, 11):
        ProgrammeSessionFactory(workshop=workshop, title_fr="Séance", starts_at=workshop_local(workshop, 0, hour))
    ProgrammeSessionFactory(workshop=workshop, title_es="Sesión", starts_at=workshop_local(workshop, 1, 9))

    # One query for the programme, however many languages the workshop offers.
    with django_assert_num_queries(1):
        hints = missing_translations(workshop)

    assert hints == [
        "The workshop has no title, city in Spanish.",
        "2 sessions have no title in Spanish.",
        "3 sessions have no room name in Spanish.",
    ]


def test_a_workshop_in_english_only_has_no_hint(organiser_client):
    workshop = WorkshopFactory(languages=["en"])
    ProgrammeSessionFactory(workshop=workshop)
    assert missing_translations(workshop) == []
    page = organiser_client(workshop).get(f"/manage/{workshop.slug}/").content.decode()
    assert "Not translated yet" not in page


def test_the_admin_form_chooses_the_languages(admin_client):
    workshop = WorkshopFactory(languages=["en", "ar"], default_language="ar")
    form = admin_client.get(f"/admin/workshops/workshop/{workshop.pk}/change/").context["adminform"].form
    assert form["languages"].value() == ["en", "ar"]
    assert 'type="checkbox" name="languages" value="es"' in str(form["languages"])


@pytest.mark.browser
def test_four_languages_as_tabs_work_without_scripts_and_stack_on_a_phone(chromium, live_server, transactional_db):
    from tests.support.browser import assert_accessible, assert_fits_the_width, save_screenshot

    workshop = WorkshopFactory(
        slug="amman",
        title="Regional Green Customs Workshop",
        title_ar="حلقة العمل الإقليمية للجمارك الخضراء",
        languages=["en", "fr", "es", "ar"],
        start_date=datetime.date(2030, 11, 12),
    )
    session = ProgrammeSessionFactory(
        workshop=workshop, title="Opening", title_ar="افتتاح حلقة العمل", starts_at=workshop_local(workshop, 0, 9)
    )
    client = Client()
    client.force_login(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    for scripts, typed in ((False, "الافتتاح"), (True, "افتتاح الحلقة")):
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, java_script_enabled=scripts
        )
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.goto(f"/manage/{workshop.slug}/programme/sessions/{session.pk}/")
        english, french, arabic = (page.locator(f"#id_title_{code}") for code in ("en", "fr", "ar"))
        # The English beside the tabs; the first other language's pane shown, the others hidden.
        expect(french).to_be_visible()
        expect(arabic).to_be_hidden()
        assert english.bounding_box()["x"] < french.bounding_box()["x"]
        page.locator('label[for="id_title_ar-tab"]').click()
        expect(arabic).to_be_visible()
        expect(french).to_be_hidden()
        arabic.fill(typed)
        if scripts:
            save_screenshot(page, "console-session-form-four-languages")
            assert_accessible(page)
        page.get_by_role("button", name="Save session").click()
        page.wait_for_url(lambda url: "/sessions/" not in url)
        context.close()
        session.refresh_from_db()
        assert (session.title_en, session.title_ar) == ("Opening", typed)

    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"/manage/{workshop.slug}/edit/")
    save_screenshot(page, "console-workshop-form-four-languages")
    assert_accessible(page)
    # On a phone, one above the other: the English, then the tabs.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    english, french = page.locator("#id_title_en"), page.locator("#id_title_fr")
    assert english.bounding_box()["y"] < french.bounding_box()["y"]
    assert_fits_the_width(page, 390, english, french, page.locator(".language-tabs"))
    save_screenshot(page, "console-workshop-form-four-languages-390")
    context.close()


@pytest.mark.browser
def test_two_languages_sit_side_by_side_and_stack_on_a_phone(chromium, live_server, transactional_db):
    from tests.support.browser import assert_accessible, save_screenshot

    workshop = WorkshopFactory(slug="amman", title_ar="حلقة عمل", languages=["en", "ar"], default_language="ar")
    client = Client()
    client.force_login(OrganiserMembershipFactory(workshop=workshop, user=UserFactory(password=None)).user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"/manage/{workshop.slug}/edit/")
    english, arabic = page.locator("#id_summary_en"), page.locator("#id_summary_ar")
    assert english.bounding_box()["y"] == arabic.bounding_box()["y"]
    assert page.locator("#id_summary_fr").count() == 0
    save_screenshot(page, "console-workshop-form-en-ar")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert english.bounding_box()["y"] < arabic.bounding_box()["y"]
    save_screenshot(page, "console-workshop-form-en-ar-390")
    context.close()
