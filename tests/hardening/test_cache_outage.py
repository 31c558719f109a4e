"""Defect 6: with the cache on Redis (as in production) and Redis down or stalled, logins, signup and password
reset keep working; the rate limits degrade with a log line."""

import logging

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.greencustoms.test_settings import manage
from tests.support.factories import UserFactory
from tests.support.mailserver import refusing_port, silent_port
from tests.support.workers import TEST_CACHE_URL

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture(params=[refusing_port, silent_port], ids=["redis-down", "redis-stalled"])
def redis_out(request, settings):
    with request.param() as port:
        settings.CACHES = {
            "default": {"BACKEND": "greencustoms.cache.DegradingRedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
        }
        yield


@pytest.fixture
def fresh_rate_limits():
    """Overrides the suite's cache clearing, which would itself need the cache that is down here."""


def test_login_signup_and_password_reset_work_while_redis_is_out(client, redis_out, caplog):
    user = UserFactory(email="kim@customs.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with caplog.at_level(logging.WARNING, logger="greencustoms.cache"):
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
        assert client.get(reverse("account_signup")).status_code == 200
        response = client.post(reverse("account_reset_password"), {"email": user.email})
        assert response.status_code == 302
    assert any("Cache unavailable" in record.getMessage() for record in caplog.records)


def test_production_settings_put_a_redis_cache_behind_the_degrading_wrapper():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        CACHE_URL=TEST_CACHE_URL,
    )
    assert result.stdout.split()[-1] == "greencustoms.cache.DegradingRedisCache", result.stderr
