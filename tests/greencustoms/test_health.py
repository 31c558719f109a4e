"""Issue 24, item 3: /healthz tells the proxy and the monitoring whether the database, the cache and the broker
answer, quickly, about no one, and is never kept by any cache."""

import json

import pytest
from django.urls import reverse

from tests.support.celery_testing import TEST_BROKER_URL, use_broker
from tests.support.mailserver import refusing_port, silent_port

pytestmark = pytest.mark.django_db


def health(client):
    response = client.get(reverse("healthz"))
    return response.status_code, json.loads(response.content)


def test_all_answer(client, redis_broker):
    from greencustoms.celery_app import app

    app.conf.task_always_eager = False
    assert health(client) == (200, {"database": "ok", "cache": "ok", "broker": "ok"})


def test_it_is_never_cached_and_names_no_one(client, django_user_model):
    response = client.get(reverse("healthz"))
    assert "no-store" in response["Cache-Control"]
    assert set(json.loads(response.content)) == {"database", "cache", "broker"}
    assert response.cookies == {}  # no session, no CSRF cookie: nothing about the visitor


@pytest.fixture
def fresh_rate_limits():
    """Overrides the suite's cache clearing, which would itself need the cache that is down here."""


@pytest.mark.parametrize("out", [refusing_port, silent_port], ids=["down", "stalled"])
def test_a_cache_out_answers_503_naming_it(client, settings, out):
    with out() as port:
        settings.CACHES = {
            "default": {"BACKEND": "greencustoms.cache.DegradingRedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
        }
        assert health(client) == (503, {"database": "ok", "cache": "unavailable", "broker": "ok"})


@pytest.mark.parametrize("out", [refusing_port, silent_port], ids=["down", "stalled"])
def test_a_broker_out_answers_503_naming_it(client, out, monkeypatch):
    from greencustoms.celery_app import app

    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    with out() as port:
        use_broker(f"redis://127.0.0.1:{port}/0")
        app.conf.task_always_eager = False
        try:
            assert health(client) == (503, {"database": "ok", "cache": "ok", "broker": "unavailable"})
        finally:
            use_broker(TEST_BROKER_URL)
