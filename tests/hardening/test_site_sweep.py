"""The whole site, swept from the URL resolver for each role: GET never writes to the database, an unsafe
method without a CSRF token is refused, every HTML response carries the security headers, nothing answers
500. A URL added to any urls.py is swept without touching this file; only a new URL parameter needs a value
in URL_VALUES (the test says which one is missing)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from greencustoms.middleware import PERMISSIONS_POLICY
from tests.support.console_world import make_world
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "participant",
    "other_organiser",
    "organiser",
    "checkin",
    "focal_point_elsewhere",
    "focal_point_without_quota",
    "secretariat",
    "superuser",
)
UNSAFE_METHODS = ("post", "put", "patch", "delete")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Opening a page may write the visitor's own session (a message read, a language chosen): nothing else.
SESSION_TABLE = "django_session"
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)


def url_values(world):
    """A value for each URL parameter of the site, in the world the sweep builds (the organiser's workshop)."""
    return {
        "slug": world.workshop.slug,
        "session_id": world.session.pk,
        "speaker_id": world.speaker.pk,
        "registration_id": world.registration.pk,
        "invitation_id": world.invitation.pk,
        "pk": world.registration.pk,  # /me/registrations/<pk>/cancel/
        "token": "A" * 43,  # shaped like a link token, matching no invitation
        "key": "not-a-key",
        "uidb36": "0",
        "app_label": "workshops",
        "url": "nowhere/",
        "id": world.users["participant"].pk,  # admin's password change of a user
        "content_type_id": ContentType.objects.get_for_model(world.workshop).pk,
        "organisation_id": world.registration.participant.organisation_id,
        "request_id": world.visa_request.pk,
        "nomination_id": world.nomination.pk,
        "focal_point_id": world.focal_point.pk,
        "letter_id": 1,  # no letter in this world: a 404 for everyone
        "code": "NOSUCHCODE",  # a certificate code, or a self check-in sign's, matching none
        "job_id": world.pdf_job.pk,
        "attendance_id": world.attendance.pk,
        "material_id": world.material_file.material_id,
        "file_id": world.material_file.pk,
        "survey_id": world.survey.pk,
        "question_id": world.question.pk,
        "choice_id": world.question.choices.get().pk,
        "boarding_pass_id": world.boarding_pass.pk,
        "language": "en",
    }


def admin_object_id(pattern):
    """The first row of the model an admin URL is about (or 1, for a model without rows: admin says so)."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None:
        return None
    first = model_admin.model._default_manager.order_by("pk").first()
    return first.pk if first else 1


def leaf_patterns(patterns, prefix=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from leaf_patterns(pattern.url_patterns, (*prefix, pattern.pattern.regex.pattern))
        else:
            yield (*prefix, pattern.pattern.regex.pattern), pattern


def site_urls(world):
    """Every URL of the resolver, its parameters filled in; fails naming a parameter with no value."""
    values = url_values(world)
    urls = []
    for regexes, pattern in leaf_patterns(get_resolver().url_patterns):
        path, needed = "", {}
        for regex in regexes:
            template, parameters = normalize(regex)[0]
            for parameter in parameters:
                if parameter == "object_id" and admin_object_id(pattern) is not None:
                    needed[parameter] = admin_object_id(pattern)
                elif parameter == "object_id":
                    needed[parameter] = world.workshop.pk  # admin's view on site, with the workshop's type
                else:
                    assert parameter in values, f"the sweep has no value for URL parameter {parameter!r}: add one"
                    needed[parameter] = values[parameter]
            path += template % needed if parameters else template
        url = "/" + path
        assert resolve(url).func is not None
        urls.append(url)
    return sorted(set(urls))


@pytest.fixture
def world():
    world = make_world()
    world.users["superuser"] = UserFactory(is_staff=True, is_superuser=True, password=None)
    # As allauth's signup leaves them (its email page would otherwise write the missing row on GET).
    for user in filter(None, world.users.values()):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return world


def client_for(world, role, *, enforce_csrf_checks=False):
    client = Client(enforce_csrf_checks=enforce_csrf_checks, raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def writes(queries):
    return [query["sql"] for query in queries if WRITE.match(query["sql"]) and SESSION_TABLE not in query["sql"]]


def header_problems(response, logged_in):
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    problems = []
    policy = response.get("Content-Security-Policy", "")
    problems += [f"CSP lacks {directive}" for directive in CSP_DIRECTIVES if directive not in policy]
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append("CSP allows inline code")
    expected = {
        "Permissions-Policy": PERMISSIONS_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    problems += [f"{name}: {response.get(name)!r}" for name, value in expected.items() if response.get(name) != value]
    if response.get("Referrer-Policy") not in ("same-origin", "no-referrer"):
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    if "Server" in response:
        problems.append(f"Server: {response['Server']!r}")
    if logged_in and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(world, role):
    urls = site_urls(world)
    assert len(urls) > 100  # the resolver was read, admin and allauth included
    logged_in = world.users[role] is not None
    reader = client_for(world, role)
    failures = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url)
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
        if writes(queries.captured_queries):
            failures.append(f"GET {url} wrote: {writes(queries.captured_queries)[:2]}")
        failures += [f"GET {url}: {problem}" for problem in header_problems(response, logged_in)]

    forger = client_for(world, role, enforce_csrf_checks=True)
    for url in urls:
        for method in UNSAFE_METHODS:
            with CaptureQueriesContext(connection) as queries:
                response = getattr(forger, method)(url)
            if response.status_code not in (403, 404, 405):
                failures.append(f"{method.upper()} {url} without CSRF token: {response.status_code}")
            if writes(queries.captured_queries):
                failures.append(f"{method.upper()} {url} without CSRF token wrote to the database")
    assert failures == []
