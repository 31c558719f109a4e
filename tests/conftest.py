import os
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connections

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories give every user a password; real hashing would make tests with dozens of users crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab whose relative URLs go to the live test server."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts attempts in the cache; one test's failed logins must not lock out the next test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process unless a test starts a real worker (see celery_worker in tests/celery_redis.py).

    CI exports CELERY_BROKER_URL, which would otherwise make every test publish to Redis with no worker.
    """
    from greencustoms.celery_app import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on localhost; Django's SMTP backend is pointed at it for the test."""
    from tests.mailserver import MailServer

    server = MailServer()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    server.controller.start()
    yield server
    server.controller.stop()


ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# Row locks and several connections at once: SQLite has neither, so these tests need PostgreSQL.
requires_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (row locks, concurrent connections)")
TEST_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/5")


def run_concurrently(function, times):
    """Call `function(i)` from `times` threads released together; returns results and exceptions in order."""
    barrier = threading.Barrier(times)
    outcomes = [None] * times

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = function(index)
        except Exception as error:  # the caller inspects what each thread ran into
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def use_broker(url):
    """Point the Celery app at another broker, dropping connections made to the previous one."""
    from kombu import pools

    from greencustoms.celery_app import app

    app.conf.broker_url = url
    pools.reset()  # kombu keeps connection pools in a process-wide registry
    # Celery caches the pool per app too; these are the attributes its own after-fork hook resets.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_broker():
    """An empty Redis database as the broker; tasks are published for real (not eager)."""
    import redis

    from greencustoms.celery_app import app

    client = redis.Redis.from_url(TEST_BROKER_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not reachable at {TEST_BROKER_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    client.flushdb()
    previous = app.conf.broker_url
    use_broker(TEST_BROKER_URL)
    app.conf.task_always_eager = False
    yield TEST_BROKER_URL
    use_broker(previous)
    client.flushdb()


def running_worker():
    """A real Celery worker consuming from the app's broker, in a thread of this process."""
    from celery.contrib.testing.worker import start_worker

    from greencustoms.celery_app import app

    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


@pytest.fixture
def celery_worker(redis_broker, transactional_db):
    if not ON_POSTGRES:
        pytest.skip("the worker thread needs its own database connection to committed data: PostgreSQL only")
    with running_worker() as worker:
        yield worker


def wait_for(condition, timeout=20.0, interval=0.05):
    """Poll until `condition()` is true (a worker runs in the background); fails the test on timeout."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {condition.__doc__ or condition}")
