"""The workshop pages' cache: what is kept, under which name, and when it is not kept.

Every entry is named by the versions of what it was built from (workshops/versions.py), the active language and
the release (templates, catalogues and the code that renders them), never deleted: a change raises a version,
and the next request asks for a new name. So the cache may be shared by any number of web processes on any
number of machines (Redis in production), and an entry is never stale, only unused until it expires.

Nothing is stored while the request's own transaction has written: a version it raised could be rolled back,
and the entry stored under the raised version would then name data that never existed.
"""

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from participants.models import Registration
from participants.selectors import SeatCounts, registration_of_user, seat_counts, waitlist_position
from sessions.calendar import programme_ics
from sessions.models import SessionKind, SpeakerRole
from sessions.selectors import programme_by_day, programme_sessions

from .models import Workshop
from .permissions import ask_navigation_questions
from .selectors import partners_by_role

# Entries never go stale; they expire only to give their memory back.
TIMEOUT = 7 * 24 * 3600
# What a cached copy of a page holds where each response puts its own CSRF token.
CSRF_TOKEN_SLOT = "csrf-token-slot-of-a-cached-page"  # noqa: S105 (a placeholder, no secret)
# What a cached copy of a logged-in visitor's page holds where each response puts the visitor's own email.
EMAIL_SLOT = "email-slot-of-a-cached-page"


@functools.cache
def release():
    """A digest of what renders the cached pages: a new release never reads an older one's entries."""
    digest = hashlib.sha256()
    # The code of every package of the project (the settings, the apps, the console's labels and rows), its tests
    # aside; not the installed packages'.
    packages = [
        folder
        for folder in Path(settings.BASE_DIR).iterdir()
        if folder.joinpath("__init__.py").is_file() and folder.name != "tests"
    ]
    sources = [
        *Path(settings.BASE_DIR, "templates").rglob("*.html"),
        *(path for locale in settings.LOCALE_PATHS for path in Path(locale).rglob("*.mo")),
        *(path for package in packages for path in package.rglob("*.py")),
        # The collected static files' names (with their hashes, in production), which the pages link to.
        *Path(settings.STATIC_ROOT).glob("staticfiles.json"),
    ]
    for path in sorted(sources):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def filled(html, request, *, member=False):
    """A cached copy as this response sends it: its own CSRF token in every form (as {% csrf_token %} would put
    it) and, in a copy shared by logged-in visitors (`member`), the visitor's own email. The token goes in first:
    an email cannot then bring a token slot of its own into the page."""
    html = html.replace(CSRF_TOKEN_SLOT, get_token(request))
    return html.replace(EMAIL_SLOT, conditional_escape(request.user.email)) if member else html


def key(*parts):
    return ":".join(map(str, [release(), *parts]))


def has_written():
    """Whether this request's own transaction is open (the test runner's wrapping transaction aside)."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


def cached_many(builders):
    """{name: value} for {name: build}: one round trip for what the cache holds, one to store what it did not."""
    found = cache.get_many(list(builders))
    missing = {name: build() for name, build in builders.items() if name not in found}
    if missing and not has_written():
        cache.set_many(missing, TIMEOUT)
    return {**found, **missing}


def cached(name, build):
    return cached_many({name: build})[name]


@dataclass(frozen=True)
class Phase:
    """Where the workshop stands by the clock: what, beside the versions, decides its page."""

    has_ended: bool
    registration_open: bool
    registration_not_yet_open: bool

    @classmethod
    def of(cls, workshop, now):
        return cls(
            has_ended=now >= workshop.ends_at,
            registration_open=workshop.registration_is_open(now),
            registration_not_yet_open=bool(workshop.registration_opens_at and now < workshop.registration_opens_at),
        )

    def __str__(self):
        return "".join(
            "1" if flag else "0" for flag in (self.has_ended, self.registration_open, self.registration_not_yet_open)
        )


def content_html(workshop):
    """The objectives, partners and programme, rendered in the active language: (name, build)."""
    return (
        key("workshop-content", workshop.pk, workshop.content_version, get_language()),
        lambda: render_to_string("workshops/_content.html", content_context(workshop)),
    )


def content_context(workshop):
    sessions = programme_sessions(workshop)
    # Labels and local times worked out once here: the template would translate a label and format a time
    # for every session and speaker.
    kinds, roles = dict(SessionKind.choices), dict(SpeakerRole.choices)
    zone = workshop.tzinfo
    for session in sessions:
        session.kind_label = str(kinds[session.kind])
        session.local_times = f"{session.starts_at.astimezone(zone):%H:%M}–{session.ends_at.astimezone(zone):%H:%M}"
        for speaker in session.speakers.all():
            speaker.role_label = str(roles[speaker.role])
    return {
        "workshop": workshop,
        "partners_by_role": partners_by_role(workshop),
        "programme": programme_by_day(workshop, sessions),
        "has_programme": bool(sessions),
    }


def seats_by_status(workshop):
    """The workshop's registrations by status, as of its registrations version: (name, build)."""
    return (
        key("seats", workshop.pk, workshop.registrations_version),
        lambda: dict(seat_counts(workshop).by_status),
    )


@dataclass(frozen=True)
class OwnRegistration:
    """What the workshop page shows of the visitor's own registration."""

    status: str
    waitlist_position: int | None

    @property
    def label(self):
        return Registration.Status(self.status).label


def own_registration(workshop, user):
    """The user's registration status and waitlist position, () if none: (name, build)."""

    def build():
        registration = registration_of_user(workshop=workshop, user=user)
        if registration is None:
            return ()
        waiting = registration.status == Registration.Status.WAITLISTED
        return (registration.status, waitlist_position(registration) if waiting else None)

    return key("own-registration", workshop.pk, workshop.registrations_version, user.pk), build


def navigation_answers(user):
    """What the navigation asks of a logged-in user (permissions.ask_navigation_questions), as of their access
    version, which every change to what the answers depend on raises: (name, build)."""
    return key("navigation", user.pk, user.access_version), lambda: ask_navigation_questions(user)


@dataclass(frozen=True)
class Member:
    """A logged-in visitor as the copy of a page shared by everyone alike shows them: what the navigation asks of
    them (navigation_answers, kept on the user by permissions.keep_navigation_answers), and their email left as a
    slot."""

    console_answer: bool
    focal_point_answer: bool
    is_staff: bool
    is_authenticated = True
    email = EMAIL_SLOT

    @classmethod
    def of(cls, user):
        return cls(
            console_answer=user.console_answer, focal_point_answer=user.focal_point_answer, is_staff=user.is_staff
        )

    def __str__(self):
        return "".join("1" if flag else "0" for flag in (self.console_answer, self.focal_point_answer, self.is_staff))


@dataclass(frozen=True)
class WorkshopPageParts:
    content_html: str
    seats: SeatCounts
    registration: OwnRegistration | None


def workshop_page_parts(workshop, user):
    """What the workshop page shows beside the workshop row, from the cache in one round trip."""
    parts = {"content": content_html(workshop), "seats": seats_by_status(workshop)}
    if user.is_authenticated:
        parts["registration"] = own_registration(workshop, user)
    values = cached_many(dict(parts.values()))
    found = {part: values[name] for part, (name, _build) in parts.items()}
    registration = found.get("registration")
    return WorkshopPageParts(
        content_html=found["content"],
        seats=SeatCounts(
            capacity=workshop.capacity, requires_approval=workshop.requires_approval, by_status=found["seats"]
        ),
        registration=OwnRegistration(*registration) if registration else None,
    )


def calendar(workshop):
    """The programme's .ics (a location names the country in the active language)."""
    return cached(key("ics", workshop.pk, workshop.content_version, get_language()), lambda: programme_ics(workshop))


def published_state():
    """A digest of what the lists of published workshops show: which there are, their versions, and which have
    ended by the clock (in their own time zones). One query, over the workshop rows only."""
    now = timezone.now()
    rows = Workshop.objects.published().order_by("pk")
    digest = hashlib.sha256()
    for workshop in rows.only("pk", "content_version", "registrations_version", "end_date", "time_zone"):
        state = (workshop.pk, workshop.content_version, workshop.registrations_version, now >= workshop.ends_at)
        digest.update(repr(state).encode())
    return digest.hexdigest()[:32]
