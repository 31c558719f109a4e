"""Issue 26, item 8: sign-up and password reset take as long for an address that has an account as for one that has
none, so the time of the answer does not tell (their pages read alike already: test_enumeration.py).

Two tests each: one counts the work that took the time (passwords hashed, email templates rendered, messages handed
to the workers), which is exact; one times the two paths as an attacker would, which is what the issue measured."""

import statistics
import time

import pytest
from allauth.account.models import EmailAddress
from celery.signals import before_task_publish
from django.conf import global_settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
KNOWN = "known@customs.example"
PASSWORD = "Tr4de-in-Ozone!"


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def sign_up(email):
    return Client().post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def reset_password(email):
    return Client().post(reverse("account_reset_password"), {"email": email})


FORMS = {"sign-up": sign_up, "password reset": reset_password}


@pytest.fixture
def known():
    user = UserFactory(email=KNOWN)
    EmailAddress.objects.create(user=user, email=KNOWN, verified=True, primary=True)
    return user


@pytest.fixture
def every_try_answered(settings):
    # The probe sends more than the rate limits allow from one address; what is compared is the work behind an
    # answer, not the refusal.
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def published():
    """The names of the tasks handed to the broker, in order."""
    names = []

    def record(sender, **kwargs):
        names.append(sender)

    before_task_publish.connect(record, weak=False)
    yield names
    before_task_publish.disconnect(record)


def the_work_of(post, email, django_capture_on_commit_callbacks, published):
    """What answering `post` for `email` did: how many passwords it hashed, whether it rendered an account email, how
    many rows it wrote to the outbox (kept or not), how many tasks it handed to the workers."""
    CountingHasher.hashed = 0
    published.clear()
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = post(email)
    assert response.status_code == 302
    rendered_email = any(template.name.startswith("account/email/") for template in response.templates)
    outbox_rows = sum(query["sql"].startswith('INSERT INTO "outbox_outgoingemail"') for query in queries)
    return CountingHasher.hashed, rendered_email, outbox_rows, len(published)


@pytest.mark.parametrize(("post", "hashed"), [(sign_up, 1), (reset_password, 0)], ids=FORMS.keys())
def test_both_answers_do_the_same_work(
    post, hashed, known, settings, every_try_answered, redis_broker, django_capture_on_commit_callbacks, published
):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    for email in (KNOWN, "unknown@customs.example"):
        work = the_work_of(post, email, django_capture_on_commit_callbacks, published)
        # A reset's row for an unknown address is rolled back: test_enumeration.py finds none kept.
        assert work == (hashed, True, 1, 1), email


@pytest.mark.parametrize("post", FORMS.values(), ids=FORMS.keys())
def test_a_known_and_an_unknown_address_take_alike(
    post, known, settings, every_try_answered, redis_broker, django_capture_on_commit_callbacks
):
    # Django's own hasher, whose slowness is what the sign-up of a new address spent its time on (the suite hashes
    # with MD5 to be fast).
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    seconds = {"known": [], "unknown": []}
    # Alternately, so that whatever else the machine does slows both alike; the first rounds warm up (templates
    # compiled, connections opened) and are not counted.
    for round_number in range(3 + 15):
        for which, email in (("known", KNOWN), ("unknown", f"new-{round_number}@customs.example")):
            started = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True):  # the hand-off to the workers, as after a commit
                post(email)
            if round_number >= 3:
                seconds[which].append(time.perf_counter() - started)
    ratio = statistics.median(seconds["known"]) / statistics.median(seconds["unknown"])
    # Medians of alternating rounds hold steady on a busy machine. Measured here: sign-up 0.97 (it was 0.06: the new
    # address took 16 times as long) and reset 1.4 (it was 5: the known address took five times as long; what is
    # left is the known address's few lookups and its row's INSERT). A factor of 2.5 either way keeps well clear of
    # both.
    assert 1 / 2.5 < ratio < 2.5, f"known / unknown: {ratio:.2f}"
