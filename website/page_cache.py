"""The public pages' parts in the cache (core/page_cache.py says how entries are named and stored): the workshop
page's content fragment, its seat counts and a visitor's own registration, the `.ics`, and the digest of the
published workshops that names the home page and the list."""

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core.page_cache import cached, cached_many, key
from materials.models import Visibility
from materials.selectors import sessions_with_materials, shown_materials
from outcomes.rendering import report_html
from outcomes.selectors import published_report
from participants.models import Registration
from participants.selectors import SeatCounts, registration_of_user, seat_counts, waitlist_position
from sessions.calendar import programme_ics
from sessions.models import SessionKind, SpeakerRole
from sessions.selectors import programme_by_day, programme_sessions
from workshops.models import Workshop
from workshops.selectors import partners_by_role


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
        lambda: render_to_string("website/_content.html", content_context(workshop)),
    )


def content_context(workshop):
    sessions = programme_sessions(workshop)
    # Labels and local times worked out once here: the template would translate a label and format a time
    # for every session and speaker.
    kinds, roles = dict(SessionKind.choices), dict(SpeakerRole.choices)
    zone = workshop.tzinfo
    with_materials = sessions_with_materials(workshop, Visibility.PUBLIC)
    for session in sessions:
        session.has_materials = session.pk in with_materials
        session.kind_label = str(kinds[session.kind])
        session.local_times = f"{session.starts_at.astimezone(zone):%H:%M}–{session.ends_at.astimezone(zone):%H:%M}"
        for speaker in session.speakers.all():
            speaker.role_label = str(roles[speaker.role])
    return {
        "workshop": workshop,
        "partners_by_role": partners_by_role(workshop),
        "programme": programme_by_day(workshop, sessions),
        "has_programme": bool(sessions),
        **published_outcome(workshop),
    }


def published_outcome(workshop):
    """The report shown as the workshop's outcome while published, in the reader's language (or another)."""
    report = published_report(workshop)
    return {"report": report, "outcome": report_html(report.body, first_heading=3)} if report else {}


def documents_sections(workshop):
    """The "Documents" section as the public reads it and as the registered participants do, in the active
    language: (name, build). Every reader of an audience gets the same section, so it holds nobody's own data."""

    def build():
        shown = shown_materials(workshop, Visibility.PARTICIPANTS)
        public = [item for item in shown if item.material.visibility == Visibility.PUBLIC]
        return (
            render_to_string(
                "website/_documents.html", documents_context(workshop, public, more=len(public) < len(shown))
            ),
            render_to_string("website/_documents.html", documents_context(workshop, shown, more=False)),
        )

    return key("documents", workshop.pk, workshop.content_version, get_language()), build


def documents_context(workshop, shown, *, more):
    language = get_language()
    rows = []
    for item in shown:
        chosen = item.file_in(language)
        others = [version for _code, version in sorted(item.files.items()) if version is not chosen]
        rows.append({"material": item.material, "file": chosen, "other_files": others})
    return {"workshop": workshop, "rows": rows, "language": language, "more_for_participants": more}


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


@dataclass(frozen=True)
class WorkshopPageParts:
    content_html: str
    documents_html: str
    seats: SeatCounts
    registration: OwnRegistration | None


def workshop_page_parts(workshop, user):
    """What the workshop page shows beside the workshop row, from the cache in one round trip. The documents come
    as both audiences a visitor may be (the public, the registered participants) read them: which one the visitor
    is, their registration's status says, read in the same round trip."""
    parts = {
        "content": content_html(workshop),
        "seats": seats_by_status(workshop),
        "documents": documents_sections(workshop),
    }
    if user.is_authenticated:
        parts["registration"] = own_registration(workshop, user)
    values = cached_many(dict(parts.values()))
    found = {part: values[name] for part, (name, _build) in parts.items()}
    registration = found.get("registration")
    registered = bool(registration) and registration[0] == Registration.Status.CONFIRMED
    public_documents, participants_documents = found["documents"]
    return WorkshopPageParts(
        content_html=found["content"],
        documents_html=participants_documents if registered else public_documents,
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
