"""The workshop report: drafted from the data in each language, edited, published as the workshop page's outcome,
downloaded as a PDF; its Markdown can carry no markup of its own."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from activity.models import Action, ActivityEntry
from outcomes import services
from outcomes.drafting import draft_report
from outcomes.models import REPORT_MAX_LENGTH, WorkshopReport
from tests.support.factories import OrganiserMembershipFactory, seoul_workshop
from tests.support.pdfs import pdf_text

pytestmark = pytest.mark.django_db


def organiser_client(workshop):
    client = Client()
    client.force_login(OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    return client


def messages_of(response):
    """The messages of the session so far, the newest last (the test follows no redirect that would show them)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_organisation_with_two_roles_is_named_once_with_both():
    workshop = seoul_workshop()
    host = workshop.partners.get(role="host").organisation
    workshop.partners.create(organisation=host, role="sponsor")
    draft = draft_report(workshop)["en"]
    assert draft.count(host.name) == 1
    assert f"organised by UN Environment ({workshop.partners.get(role='organiser').organisation.acronym})" in draft
    assert f"hosted and sponsored by {host.name}" in draft


def test_markup_typed_into_the_report_is_shown_as_text_and_links_lead_only_to_the_web(client):
    workshop = seoul_workshop()
    organiser = OrganiserMembershipFactory(workshop=workshop, user__password=None).user
    typed = (
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n"
        '[data](data:text/html,<b>x</b>)\n\n[the WCO](https://www.wcoomd.org/ "WCO")\n\n**Done**'
    )
    services.save_report(workshop_id=workshop.pk, bodies={"en": typed}, actor=organiser)
    services.publish_report(workshop_id=workshop.pk, actor=organiser)

    page = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()
    outcome = page.split('id="outcome-title"', 1)[1].split("</section>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outcome and "<script" not in outcome
    assert "<img" not in outcome
    assert "javascript:" not in outcome.replace("[click](javascript:alert(1))", "")
    assert 'href="data:' not in outcome
    assert '<a href="https://www.wcoomd.org/" title="WCO"' in outcome
    assert "<strong>Done</strong>" in outcome


def test_the_outcome_shows_on_the_workshop_page_once_published_and_goes_when_taken_back(client):
    workshop = seoul_workshop()
    organiser = organiser_client(workshop)
    page_url = reverse("workshops:detail", args=[workshop.slug])
    assert "Outcome" not in client.get(page_url).content.decode()  # and the page is now in the cache

    saved = organiser.post(
        reverse("console:report", args=[workshop.slug]),
        {"body_en": "The workshop met its **objectives**.", "body_fr": ""},
    )
    assert saved.status_code == 302 and messages_of(saved)[-1] == "The report is saved."
    assert "Outcome" not in client.get(page_url).content.decode()  # saved, not published

    published = organiser.post(reverse("console:report_publish", args=[workshop.slug]), {"publish": "1"})
    assert messages_of(published)[-1] == "The report is published on the workshop page as its outcome."
    page = client.get(page_url).content.decode()
    assert "Outcome" in page and "The workshop met its <strong>objectives</strong>." in page
    # In French the English text stands in, marked as English for screen readers and translators.
    french = client.get(page_url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="en" dir="ltr">' in french.split('id="outcome-title"', 1)[1][:200]

    organiser.post(reverse("console:report_publish", args=[workshop.slug]), {"publish": "0"})
    assert "Outcome" not in client.get(page_url).content.decode()
    assert list(ActivityEntry.objects.filter(workshop=workshop).values_list("action", flat=True).order_by("pk")) == [
        Action.REPORT_SAVED,
        Action.REPORT_PUBLISHED,
        Action.REPORT_UNPUBLISHED,
    ]


def test_the_report_tab_offers_the_draft_then_the_saved_text_and_a_pdf_in_each_language():
    workshop = seoul_workshop()
    organiser = organiser_client(workshop)
    page = organiser.get(reverse("console:report", args=[workshop.slug])).content.decode()
    assert "This draft was made from the data as it is now." in page
    assert "The workshop took place between" in page

    organiser.post(
        reverse("console:report", args=[workshop.slug]),
        {"body_en": "# Outcome\n\nEnglish text.", "body_fr": "Texte français."},
    )
    page = organiser.get(reverse("console:report", args=[workshop.slug])).content.decode()
    assert "This draft was made" not in page and "English text." in page
    redrafted = organiser.get(reverse("console:report", args=[workshop.slug]), {"draft": "1"}).content.decode()
    assert "Your saved report is unchanged until you save this one." in redrafted
    assert WorkshopReport.objects.get(workshop=workshop).body_en == "# Outcome\n\nEnglish text."

    for language, text in (("en", "English text."), ("fr", "Texte français.")):
        response = organiser.get(reverse("console:report_download", args=[workshop.slug]), {"language": language})
        assert response["Content-Type"] == "application/pdf"
        assert text in pdf_text(response.content)


def test_what_the_report_refuses_says_why_and_writes_nothing():
    workshop = seoul_workshop()
    organiser = organiser_client(workshop)
    refused = organiser.post(reverse("console:report_publish", args=[workshop.slug]), {"publish": "1"})
    assert messages_of(refused)[-1] == "The report is empty: write it, or start from the draft, and save it first."
    refused = organiser.post(reverse("console:report_publish", args=[workshop.slug]), {"publish": "0"})
    assert messages_of(refused)[-1] == "The report is not published."
    download = organiser.get(reverse("console:report_download", args=[workshop.slug]))
    assert messages_of(download)[-1] == "Save the report before downloading it: there is nothing saved yet."

    too_long = organiser.post(
        reverse("console:report", args=[workshop.slug]), {"body_en": "x" * (REPORT_MAX_LENGTH + 1), "body_fr": "\x00"}
    )
    assert too_long.status_code == 200
    assert f"at most {REPORT_MAX_LENGTH:,}".replace(",", "") in too_long.content.decode().replace(",", "").replace(
        "\u202f", ""
    )
    assert not WorkshopReport.objects.exists()
