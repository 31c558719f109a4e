"""The whole site, swept from the URL resolver for each role: GET never writes to the database, an unsafe
method without a CSRF token is refused, every HTML response carries the security headers, nothing answers
500. A URL added to any urls.py is swept without touching this file; only a new URL parameter needs a value
in tests.support.site.url_values (the test says which one is missing)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencustoms.middleware import PERMISSIONS_POLICY
from tests.support.site import client_for, site_urls, sweep_world

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


@pytest.fixture
def world():
    return sweep_world()


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
