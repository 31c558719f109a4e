"""Defect 4: admin logs in through allauth's login page, so its rate limits and lockout hold there too."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.support.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_admin_login_sends_to_allauths_login_and_back(client, superuser):
    EmailAddress.objects.create(user=superuser, email=superuser.email, verified=True, primary=True)
    response = client.get("/admin/participants/registration/")
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"] == "/accounts/login/?next=/admin/participants/registration/"

    response = client.post(followed["Location"], {"login": superuser.email, "password": PASSWORD})
    assert response["Location"] == "/admin/participants/registration/"
    assert client.get("/admin/participants/registration/").status_code == 200


def test_admin_login_accepts_no_password_itself(client, superuser):
    for _attempt in range(40):
        response = client.post("/admin/login/", {"username": superuser.email, "password": "wrong"})
        assert response.status_code == 302
    response = client.post("/admin/login/?next=/admin/", {"username": superuser.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_superuser_locked_out_by_failed_logins_cannot_log_in_anywhere(client, superuser):
    EmailAddress.objects.create(user=superuser, email=superuser.email, verified=True, primary=True)
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": superuser.email, "password": "wrong"})
    client.post("/admin/login/", {"username": superuser.email, "password": PASSWORD})
    client.post(reverse("account_login") + "?next=/admin/", {"login": superuser.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_someone_logged_in_without_admin_rights_is_refused_not_looped(client):
    client.force_login(ParticipantFactory().user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
