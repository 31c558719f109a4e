"""Issue 26, item 7: every form that checks a password refuses the sixth try, right password or wrong, until its
window has passed; the refusal says why and when to try again."""

import time
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
WRONG = "wrong horse battery staple"
NEW_PASSWORD = "Tr4de-in-Ozone!"
EMAIL = "ji-woo@customs.go.kr"


@dataclass(frozen=True)
class PasswordForm:
    url_name: str
    # What the form is sent, given the password typed.
    data: object
    logged_in: bool
    # How long a refusal holds (settings.ACCOUNT_RATE_LIMITS), as the refusal tells the person.
    window_seconds: int
    refusal_says: str
    # Whether the right password did what the form is for.
    done: object


PASSWORD_FORMS = {
    "login": PasswordForm(
        "account_login",
        lambda password: {"login": EMAIL, "password": password},
        logged_in=False,
        window_seconds=5 * 60,
        refusal_says="Too many failed login attempts. Wait five minutes, then try again.",
        done=lambda client, response: client.session.get("_auth_user_id") is not None,
    ),
    "password change": PasswordForm(
        "account_change_password",
        lambda password: {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        logged_in=True,
        window_seconds=60,
        refusal_says="Wait a minute, then try again.",
        done=lambda client, response: User.objects.get(email=EMAIL).check_password(NEW_PASSWORD),
    ),
    "reauthentication": PasswordForm(
        "account_reauthenticate",
        lambda password: {"password": password},
        logged_in=True,
        # allauth checks this password as a login: the wrong ones count as failed logins of the address too, which
        # hold for five minutes after the page's own minute.
        window_seconds=5 * 60,
        refusal_says="Wait a minute, then try again.",
        done=lambda client, response: response.status_code == 302,
    ),
    "account deletion": PasswordForm(
        "participants:delete_account",
        lambda password: {"password": password},
        logged_in=True,
        window_seconds=60,
        refusal_says="Wait a minute, then try again.",
        done=lambda client, response: not User.objects.filter(email=EMAIL).exists(),
    ),
}


@pytest.fixture
def account(client):
    user = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


@pytest.mark.parametrize("form", PASSWORD_FORMS.values(), ids=PASSWORD_FORMS.keys())
def test_the_sixth_try_is_refused_even_with_the_right_password_until_the_window_passes(
    client, account, form, monkeypatch
):
    url = reverse(form.url_name)
    if form.logged_in:
        client.force_login(account)
    for _ in range(5):
        wrong = client.post(url, form.data(WRONG))
        assert wrong.status_code == 200, "a wrong password is answered on the form"
    assert not form.done(client, wrong)

    refused = client.post(url, form.data(PASSWORD))
    assert form.refusal_says in refused.content.decode(), "the refusal says why and when to try again"
    assert not form.done(client, refused)
    assert User.objects.get(email=EMAIL).check_password(PASSWORD)

    # The window passes: allauth's counts are timestamps (time.time()), so the clock is moved past them.
    later = time.time() + form.window_seconds + 1
    monkeypatch.setattr(time, "time", lambda: later)
    accepted = client.post(url, form.data(PASSWORD))
    assert form.done(client, accepted)


@pytest.mark.parametrize("form", PASSWORD_FORMS.values(), ids=PASSWORD_FORMS.keys())
def test_opening_a_password_form_is_not_a_try(client, account, form):
    url = reverse(form.url_name)
    if form.logged_in:
        client.force_login(account)
    for _ in range(10):
        assert client.get(url).status_code == 200
    assert form.done(client, client.post(url, form.data(PASSWORD)))
