"""The claim flow in a real browser: the delegate fills the itinerary and uploads boarding passes on a 390 px phone,
the organiser approves the claim on the console, and the email of the decision is written in the delegate's
language. Each page is looked at (screenshots at 390 and 1280 px, in French) and checked by axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outbox.models import OutgoingEmail
from tests.delegations.test_delegation_browser import browser_of
from tests.support.browser import assert_accessible, assert_nothing_wider_than_the_viewport, save_screenshot
from tests.support.delegations import PDF
from tests.support.factories import OrganiserMembershipFactory, record_days
from tests.support.material_files import image_bytes
from tests.support.travel import funded_delegate, local, travel_workshop
from travel.models import Claim

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def look(page, name):
    """Screenshots at both widths, each checked by axe; nothing wider than the phone."""
    for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        save_screenshot(page, f"{name}-{width}")
        assert_accessible(page)
    assert_nothing_wider_than_the_viewport(page)


def in_french(context, live_server):
    context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])


def typed(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_the_delegate_claims_on_a_phone_and_the_organiser_approves(chromium, live_server, transactional_db):
    workshop = travel_workshop(start_date=timezone.localdate() - datetime.timedelta(days=10))
    nomination, registration = funded_delegate(workshop, name="Sok Dara", language="fr")
    record_days(registration, workshop.days)
    organiser = OrganiserMembershipFactory(workshop=workshop, user__language="fr").user
    user = registration.participant.user

    context, phone = browser_of(chromium, live_server, user, viewport=PHONE)
    in_french(context, live_server)
    phone.goto(f"/me/travel/{workshop.slug}/")
    phone.get_by_label("Provenance (code de l'aéroport)").fill("kti")  # Phnom Penh's airport since 2025
    phone.get_by_label("Via (codes des aéroports, séparés par des espaces)").fill("BKK HKG")
    phone.get_by_label("Aéroport d'arrivée").fill("ICN")
    phone.get_by_label("Arrivée (heure locale de l'aéroport)").fill(typed(local(workshop, -1, 13, 55)))
    phone.get_by_label("Vol d'arrivée").fill("CX 438")
    phone.get_by_label("Aéroport de départ").fill("ICN")
    phone.get_by_label("Départ (heure locale de l'aéroport)").fill(typed(local(workshop, len(workshop.days), 9, 15)))
    phone.get_by_label("Vol de départ").fill("CX 439")
    phone.get_by_role("button", name="Enregistrer mon itinéraire").click()
    expect(phone.locator(".alert-success")).to_contain_text("itinéraire est enregistré")
    # 5 nights × 240.00 + 2 × 38.00, every day attended: 1,276.00 (written the French way).
    expect(phone.locator("table.computation tfoot")).to_contain_text("276,00 USD")
    look(phone, "travel-my-trip-fr")

    phone.get_by_label("Jour de votre arrivée").fill((workshop.start_date - datetime.timedelta(days=1)).isoformat())
    phone.get_by_label("Jour de votre départ").fill((workshop.end_date + datetime.timedelta(days=1)).isoformat())
    phone.get_by_label("Cartes d'embarquement (PDF ou photos, 8 fichiers au plus)").set_input_files(
        [
            {"name": "boarding-CX438.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "boarding-CX439.png", "mimeType": "image/png", "buffer": image_bytes("PNG")},
        ]
    )
    phone.get_by_role("button", name="Envoyer ma demande").click()
    expect(phone.locator(".alert-success")).to_contain_text("demande de remboursement est envoyée")
    look(phone, "travel-claim-sent-fr")
    context.close()

    context, desk = browser_of(chromium, live_server, organiser, viewport=DESKTOP)
    in_french(context, live_server)
    desk.goto(f"/manage/{workshop.slug}/travel/")
    expect(desk.get_by_role("link", name=nomination.display_name)).to_be_visible()
    look(desk, "travel-console-list-fr")
    desk.get_by_role("link", name=nomination.display_name).click()
    expect(desk.get_by_role("heading", name="Demande de remboursement")).to_be_visible()
    look(desk, "travel-console-trip-fr")
    desk.locator("input[name='decide-decision'][value='approve']").check()  # its label is French already
    desk.get_by_role("button", name="Statuer sur la demande").click()
    expect(desk.locator(".alert-success")).to_contain_text("Enregistré")
    expect(desk.get_by_role("region", name="Demande de remboursement")).to_contain_text("Approuvée · 1 276,00 USD")
    for name in ("settings", "arrivals", "rooming", "payments"):
        desk.goto(f"/manage/{workshop.slug}/travel/{name}/")
        look(desk, f"travel-console-{name}-fr")
    context.close()

    claim = Claim.objects.get()
    assert claim.status == Claim.Status.APPROVED and claim.amount == claim.trip.dsa_granted
    email = OutgoingEmail.objects.get(dedup_key=f"travel-claim:{claim.pk}:approved")
    assert email.to_email == user.email and email.language == "fr"
