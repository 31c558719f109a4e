"""The organiser console's pages in the cache, kept as workshops/page_cache.py keeps the public pages'.

A part is what a console page shows that depends only on the workshop's versions (workshops/versions.py: the
registrations version also covers the registrants, their organisations, who decided and each registration's
history), the active language and the request's address (its path and query string): the dashboard's numbers
and charts, a page of the registrations table, a page of the check-in desk. A page is the part in the console's
frame: the workshop's header and tabs (by the organiser's role) and the navigation (by its answers, as in the
shared copy of a public page). Both are named by those and the release, never deleted, and not stored while the
request's own transaction has written; each keeps a slot where every response puts its own CSRF token (a page
one for the visitor's email too).
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from workshops import page_cache


def name(kind, workshop, address, *parts):
    """The entry's name: `address` (the request's path and query string, as the page repeats it) by its digest."""
    address = hashlib.sha256(address.encode()).hexdigest()[:16]
    return page_cache.key(
        "console",
        kind,
        workshop.pk,
        workshop.content_version,
        workshop.registrations_version,
        get_language(),
        address,
        *parts,
    )


def cached_part(kind, workshop, address, template, context):
    """`template` rendered with `context()`, from the cache when the workshop's versions, the language and the
    address have been rendered before, with the CSRF token's slot in each form. The template sees no request
    and no user: what it shows is the same for every organiser."""

    def render_part():
        return render_to_string(template, {**context(), "csrf_token": page_cache.CSRF_TOKEN_SLOT})

    return mark_safe(page_cache.cached(name(kind, workshop, address), render_part))  # noqa: S308 (rendered)
