"""Defect 14: signup and password reset answer alike for a known and an unknown address; reset mails nobody
who has no account."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from outbox.models import OutgoingEmail
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    user = UserFactory(email="known@customs.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_password_reset_answers_alike_and_mails_only_a_known_address(client, known):
    answers = [
        client.post(reverse("account_reset_password"), {"email": email})
        for email in ("known@customs.example", "unknown@customs.example")
    ]
    assert [(answer.status_code, answer["Location"]) for answer in answers] == [
        (302, reverse("account_reset_password_done"))
    ] * 2
    assert list(OutgoingEmail.objects.values_list("to_email", flat=True)) == ["known@customs.example"]


def test_signup_answers_alike_for_a_known_and_an_unknown_address(client, known):
    answers = []
    for email in ("known@customs.example", "unknown@customs.example"):
        client.logout()
        answer = client.post(
            reverse("account_signup"), {"email": email, "password1": "Tr4de-in-Ozone!", "password2": "Tr4de-in-Ozone!"}
        )
        answers.append((answer.status_code, answer.get("Location")))
    assert answers[0] == answers[1]
