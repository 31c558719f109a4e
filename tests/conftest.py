import os
import random
import time

import factory.random
import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.celery_testing import TEST_BROKER_URL, running_worker, use_broker
from tests.support.concurrency import ON_POSTGRES
from tests.support.factories import UserFactory

# Every test draws its generated names (Faker, through factory_boy) and jitter (random) afresh from this seed: a
# test sees the same names at every run, alone or after any other tests, on any xdist worker. A name that trips a
# test ("Kimberly Smith" holding "Kim") trips it every time; TEST_SEED=… tries other draws. (factory_boy's sequence
# numbers still count on through a process: data of a class's setUp outlives its test, and must not collide.)
SEED = int(os.environ.get("TEST_SEED", "2015"))

# Hypothesis tries the same examples at every run (derandomize, which also turns its example database off);
# HYPOTHESIS_PROFILE=default brings back random examples for a local search.
hypothesis_settings.register_profile("derandomized", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "derandomized"))


def pytest_report_header(config):
    return f"test data seed: {SEED} (TEST_SEED), hypothesis profile: {hypothesis_settings.get_current_profile_name()}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        report.sections.append(("test data", f"drawn from seed {SEED} (TEST_SEED)"))
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """Before a live-server test's database is flushed, its browser stops asking (its page is sent to a blank one,
    before the fixtures' own teardown) and the requests it still has in flight finish (axe fetching a stylesheet, a
    page's last font): a request reading a table the flush's TRUNCATE has locked, while holding a lock the TRUNCATE
    waits for, is a deadlock PostgreSQL breaks by failing the teardown."""
    if ON_POSTGRES and "live_server" in item.fixturenames:
        page = item.funcargs.get("page")
        if page is not None and not page.is_closed():
            page.goto("about:blank")
        wait_for_other_queries_to_finish()
    return (yield)


def wait_for_other_queries_to_finish(seconds=10):
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(seconds * 20):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.05)


@pytest.fixture(autouse=True)
def seeded_test_data():
    factory.random.reseed_random(SEED)  # factory_boy's fuzzy values and Faker's shared generator
    random.seed(SEED)


@pytest.fixture(autouse=True, scope="session")
def services_raise_their_versions():
    """Every service raises the versions of what it changes itself (workshops/versions.py): in the tests, a receiver
    that would have raised one the service did not fails the test (MissedRaise)."""
    from workshops import versions

    versions.CHECK_SERVICES = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Factories give every user a password; real hashing would make tests with dozens of users crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    # A request through the test client leaves its language active in the thread (LocaleMiddleware activates
    # it and nothing deactivates it): each test starts in the default language, whatever ran before it.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploaded nomination letters land in the test's own folder, never in the checkout's var/.
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


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

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between browser steps
    # are still plain synchronous code. Only while the browser runs: the tests after it get Django's check back.
    with pytest.MonkeyPatch.context() as environment, sync_playwright() as playwright:
        environment.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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
    """Tasks run in-process unless a test starts a real worker (see running_worker in tests/support/celery_testing.py).

    CI exports CELERY_BROKER_URL, which would otherwise make every test publish to Redis with no worker.
    """
    from greencustoms.celery_app import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on localhost; Django's SMTP backend is pointed at it for the test."""
    from tests.support.mailserver import MailServer

    server = MailServer()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    server.controller.start()
    yield server
    server.release_reply()  # a reply a failed test left held would keep the server from stopping
    server.controller.stop()


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


@pytest.fixture
def celery_worker(redis_broker, transactional_db):
    if not ON_POSTGRES:
        pytest.skip("the worker thread needs its own database connection to committed data: PostgreSQL only")
    with running_worker() as worker:
        yield worker
