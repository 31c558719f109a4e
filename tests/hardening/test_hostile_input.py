"""Defect 7: hostile input gets a clear message or a 404, never a 500."""

import pytest
from django.urls import reverse

from participants.models import Invitation
from tests.support.factories import OrganiserMembershipFactory, ParticipantFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
TOO_LONG_EMAIL = "a" * 250 + "@example.org"  # 262 characters: more than an address may have (254)


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def test_password_reset_with_a_262_character_email_is_a_message(client):
    response = client.post(reverse("account_reset_password"), {"email": TOO_LONG_EMAIL})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()


def test_single_invite_with_a_262_character_email_is_a_message(client):
    workshop = WorkshopFactory(slug="seoul")
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    response = client.post(
        reverse("console:invite", args=[workshop.slug]), {"email": TOO_LONG_EMAIL, "name": "Kim"}, follow=True
    )
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("token", ["%E2%80%AE", "%C3%A9t%C3%A9", "a%00b", "x" * 200])
def test_an_invitation_link_that_no_token_can_look_like_is_a_404(client, token):
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 404
    assert "invitation" not in response.cookies


def test_profile_saved_with_a_next_that_is_no_address_lands_on_the_profile(client):
    user = ParticipantFactory().user
    client.force_login(user)
    participant = user.participant
    data = {
        "full_name": participant.full_name,
        "organisation": participant.organisation_id,
        "position": participant.position,
        "country": participant.country,
        "next": "x",
    }
    response = client.post(reverse("participants:profile"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:profile")


def test_a_user_with_the_longest_address_still_gets_a_reset_message(client):
    user = UserFactory(email="b" * 242 + "@example.org")
    response = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    assert response.status_code == 200


def test_a_new_organisation_with_a_null_character_is_a_message_not_a_close_match_query(client):
    # Found by the property test on PostgreSQL, which refuses a null character in a query's text.
    user = ParticipantFactory().user
    client.force_login(user)
    data = {"full_name": "Kim Min-jun", "position": "Officer", "country": "KR", "new_organisation": "Korea\x00Customs"}
    response = client.post(reverse("participants:profile"), data)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
