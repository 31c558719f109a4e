"""Entries of the page cache: how they are named, and when they are stored.

Every entry is named by the versions of what it was built from (workshops/versions.py), the active language
and the release (`release()`), and never deleted: a change raises a version, and the next request asks for a
new name. So the cache may be shared by any number of web processes on any number of machines (Redis in
production), and an entry is never stale, only unused until it expires.

An entry is stored once the transaction it was built in has committed (`transaction.on_commit`; at once
outside a transaction): a version raised in a transaction that is rolled back would otherwise name an entry
built from data that never existed. A transaction that raised a version and then builds an entry raises it again
at its next change (versions.forget_raised), or the entry would be stored without that change.

One thing deletes entries: a person deleting their account (`forget_workshops`). The entries named by the versions
before it are never read again, but would keep the person's name and address until they expire.
"""

import functools
import hashlib
import logging
import re
from importlib import metadata
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

from core.versions import forget_raised

logger = logging.getLogger(__name__)

# Entries never go stale; they expire only to give their memory back.
TIMEOUT = 7 * 24 * 3600
# What a cached copy of a page holds where each response puts its own CSRF token. Its "<" and ">" are markup, which
# no text a person typed can put in a page (the templates escape it to "&lt;"), so no such text reaches the slot;
# safe, so that {% csrf_token %} prints it as it is.
CSRF_TOKEN_SLOT = mark_safe("<csrf-token-slot>")  # noqa: S308 (a constant placeholder, no secret)


@functools.cache
def release():
    """A digest of what renders the cached pages: a new release never reads an older one's entries.

    It covers the project's code (its tests aside), templates and catalogues, the collected static files'
    manifest (their hashed names, in production) and the installed packages with their versions: a Django or
    crispy-forms upgrade renders forms differently, and must not be served a copy the old one made."""
    digest = hashlib.sha256()
    packages = [
        folder
        for folder in Path(settings.BASE_DIR).iterdir()
        if folder.joinpath("__init__.py").is_file() and folder.name != "tests"
    ]
    sources = [
        *Path(settings.BASE_DIR, "templates").rglob("*.html"),
        *(path for locale in settings.LOCALE_PATHS for path in Path(locale).rglob("*.mo")),
        *(path for package in packages for path in package.rglob("*.py")),
        *Path(settings.STATIC_ROOT).glob("staticfiles.json"),
    ]
    for path in sorted(sources):
        digest.update(path.read_bytes())
    installed = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


def key(*parts):
    """An entry's name: the release, then `parts` (the versions and whatever else decides the entry)."""
    return ":".join(map(str, [release(), *parts]))


def cached_many(builders):
    """{name: value} for {name: build}: one round trip for what the cache holds, one to store what it did not."""
    found = cache.get_many(list(builders))
    if len(found) < len(builders):
        # Stored on commit, under versions this transaction may have raised already: its next change raises again.
        forget_raised()
    missing = {name: build() for name, build in builders.items() if name not in found}
    if missing:
        transaction.on_commit(lambda: cache.set_many(missing, TIMEOUT))
    return {**found, **missing}


def cached(name, build):
    return cached_many({name: build})[name]


def with_csrf_token(html, request):
    """A cached copy as this response sends it: its own CSRF token in every form, as {% csrf_token %} puts it."""
    return html.replace(CSRF_TOKEN_SLOT, get_token(request))


def forget_workshops(workshop_ids):
    """Delete every cached entry of these workshops, whatever versions or release name it.

    An entry belongs to the workshop whose id is the first number of its name (key(): the release, the kind,
    then the workshop). Django's cache API cannot list names, so this asks Redis itself (SCAN, on the server
    Django writes to); any other cache (locmem, in development and tests) is one process's memory and is cleared.
    """
    wanted = {str(pk) for pk in workshop_ids}
    if not wanted:
        return
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    location = settings.CACHES["default"]["LOCATION"]
    server = location.split(",")[0] if isinstance(location, str) else location[0]
    prefix = cache.make_key("")
    client = redis.Redis.from_url(server, socket_connect_timeout=1, socket_timeout=5)
    try:
        doomed = []
        for name in client.scan_iter(match=f"{prefix}*", count=1000):
            numbers = re.findall(r":(\d+)(?=:|$)", name.decode()[len(prefix) :])
            if numbers and numbers[0] in wanted:
                doomed.append(name)
        if doomed:
            client.delete(*doomed)
    except redis.RedisError as error:
        # The deletion is done; the entries expire within TIMEOUT. Said in the log, not to the person.
        logger.warning("Cached entries of workshops %s could not be deleted: %s", sorted(wanted), error)
    finally:
        client.close()
