import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.support.browser import assert_accessible, save_screenshot
from tests.support.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Workshop


@pytest.mark.django_db
def test_home_lists_upcoming_and_recent_published_workshops_only(client):
    today = timezone.localdate()
    upcoming = WorkshopFactory(title="Pacific Islands Workshop", start_date=today + datetime.timedelta(days=40))
    past = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        start_date=datetime.date(2015, 11, 10),
        end_date=datetime.date(2015, 11, 13),
    )
    RegistrationFactory.create_batch(3, workshop=past)
    WorkshopFactory(title="Unpublished Draft", status=Workshop.Status.DRAFT)

    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [upcoming]
    assert list(response.context["recent"]) == [past]
    page = response.content.decode()
    assert "10–13 November 2015" in page
    assert "3 participants confirmed" in page
    assert "Unpublished Draft" not in page


@pytest.mark.django_db
def test_unknown_page_answers_a_friendly_404(client):
    with override_settings(DEBUG=False):
        response = client.get("/workshops/no-such-workshop/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")


@pytest.mark.browser
def test_home_page_in_a_browser_is_styled_and_accessible(page, transactional_db):
    WorkshopFactory(title="Asia/Pacific Regional Green Customs Workshop", start_date=datetime.date(2015, 11, 10))
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    # Bootstrap is served from our own static files: the navbar gets its colour from portal.css on top of it.
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"
    expect(page.get_by_role("link", name="Asia/Pacific Regional Green Customs Workshop")).to_be_visible()
    save_screenshot(page, "home")
    assert_accessible(page)


@pytest.mark.django_db
def test_the_portal_has_its_own_icon(client):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
