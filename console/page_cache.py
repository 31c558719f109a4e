"""The organiser console's parts in the cache (core/page_cache.py says how entries are named and stored).

A part is what a console page shows that depends only on the workshop's versions (workshops/versions.py: the
registrations version also covers the registrants, their organisations, who decided and each registration's
history), the active language and the request's address (its path and query string): the dashboard's numbers
and charts, a page of the registrations table, a page of the check-in desk. The page around it (the workshop's
header and tabs, the navigation, the organiser's name, messages) is rendered for each request: it is the
organiser's own.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.page_cache import CSRF_TOKEN_SLOT, cached, key


def name(kind, workshop, address):
    """The entry's name: `address` (the request's path and query string, as the part repeats it) by its digest."""
    address = hashlib.sha256(address.encode()).hexdigest()[:16]
    return key(
        "console", kind, workshop.pk, workshop.content_version, workshop.registrations_version, get_language(), address
    )


def cached_part(kind, workshop, address, template, context):
    """`template` rendered with `context()`, from the cache when the workshop's versions, the language and the
    address have been rendered before, with the CSRF token's slot in each form. The template sees no request
    and no user: what it shows is the same for every organiser."""

    def render_part():
        return render_to_string(template, {**context(), "csrf_token": CSRF_TOKEN_SLOT})

    return mark_safe(cached(name(kind, workshop, address), render_part))  # noqa: S308 (rendered)
