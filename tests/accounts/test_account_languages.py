"""A person's language: kept at sign-up, by the language switch and in the profile, brought back at login, and
used for allauth's emails."""

import pytest
from django.conf import settings

from accounts.models import User
from outbox.models import OutgoingEmail
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def browsing_in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def verified(user):
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def test_signing_up_keeps_the_language_the_person_was_browsing_in_and_verifies_in_it(client):
    browsing_in(client, "fr").post(
        "/accounts/signup/", {"email": "awa@douanes.sn", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert User.objects.get(email="awa@douanes.sn").language == "fr"
    email = OutgoingEmail.objects.get(to_email="awa@douanes.sn")
    assert email.subject == "[Green Customs] Confirmez votre adresse e-mail"


def test_signing_up_in_english_keeps_english(client):
    client.post("/accounts/signup/", {"email": "kim@customs.go.kr", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="kim@customs.go.kr").language == "en"
    assert OutgoingEmail.objects.get().subject == "[Green Customs] Please Confirm Your Email Address"


def test_the_language_switch_keeps_a_logged_in_persons_choice(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/workshops/"})
    assert response.status_code == 302 and response["Location"] == "/workshops/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_language_switch_ignores_a_language_the_portal_does_not_offer(client):
    user = UserFactory(language="fr")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_language_switch_still_works_for_visitors(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert 'lang="fr"' in client.get("/").content.decode()


def test_the_profile_offers_the_persons_language_and_saves_another(client):
    user = UserFactory(language="fr")
    client.force_login(user)
    page = client.get("/me/profile/").content.decode()
    assert '<option value="fr" lang="fr" selected>' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/me/profile/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_logging_in_brings_back_the_persons_language(client):
    verified(UserFactory(email="awa@douanes.sn", language="fr"))
    response = client.post("/accounts/login/", {"login": "awa@douanes.sn", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert 'lang="fr"' in client.get("/").content.decode()


def test_a_password_reset_asked_from_an_english_page_comes_in_the_persons_language(client):
    UserFactory(email="awa@douanes.sn", language="fr")
    client.post("/accounts/password/reset/", {"email": "awa@douanes.sn"})
    assert OutgoingEmail.objects.get().subject == "[Green Customs] E-mail de réinitialisation de mot de passe"
