"""Reading workshops: who sees and manages which, and which are upcoming or past in their own time zone."""

import datetime
import difflib
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Greatest
from django.utils import timezone

from core.languages import columns, in_any_language, shown_text

from .models import Organisation, OrganiserMembership, PartnerRole, Workshop
from .permissions import SECRETARIAT_PERMISSION, is_secretariat


def managed_workshops(user):
    if is_secretariat(user):
        return Workshop.objects.all()
    return Workshop.objects.filter(
        organiser_memberships__user=user, organiser_memberships__role=OrganiserMembership.Role.ORGANISER
    )


def secretariat_members():
    """The people to ask for what only the secretariat may do: those given its permission, directly or by a group
    (superusers hold every permission but are administrators, not a contact)."""
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(Q(user_permissions__in=permission) | Q(groups__permissions__in=permission), is_active=True)
        .distinct()
        .order_by("email")
    )


def checkin_workshops(user):
    """Workshops where the user is check-in staff only (organisers see them among managed_workshops)."""
    if is_secretariat(user):
        return Workshop.objects.none()
    return Workshop.objects.filter(
        organiser_memberships__user=user, organiser_memberships__role=OrganiserMembership.Role.CHECKIN
    )


# Every public page of a workshop reads its row first, by raw SQL (Manager.raw makes the instance as the ORM does):
# making the statement for its 39 columns took the ORM as long as PostgreSQL took to answer it (measured in-process
# on a loaded machine: 2.1 ms by get(), 1.1 ms by raw()).
WORKSHOP_AT_SLUG_SQL = 'SELECT * FROM "workshops_workshop" WHERE "slug" = %s'


def visible_workshop(user, slug):
    """The workshop at `slug` if the user may see it, else None: one query for a published workshop, whoever
    asks (a draft or cancelled one is then checked against the workshops the user manages)."""
    workshop = next(iter(Workshop.objects.raw(WORKSHOP_AT_SLUG_SQL, [slug])), None)
    if workshop is None or workshop.status == Workshop.Status.PUBLISHED:
        return workshop
    if user.is_authenticated and managed_workshops(user).filter(pk=workshop.pk).exists():
        return workshop
    return None


def visible_workshops(user):
    """Published workshops for everyone; drafts and cancelled ones only for the people who manage them."""
    published = Workshop.objects.published()
    if not user.is_authenticated:
        return published
    return Workshop.objects.filter(pk__in=published.values("pk")) | Workshop.objects.filter(
        pk__in=managed_workshops(user).values("pk")
    )


# Zones run from UTC-12 to UTC+14, so only a workshop whose last day is yesterday or today by UTC's
# calendar can have ended in one zone and not in another; the database sorts out the rest.
DATE_LINE_SLACK = datetime.timedelta(days=1)


def upcoming_and_past(workshops, now, *, past_limit=None):
    """(upcoming soonest first, past latest first): a workshop is past once the last day has ended in its
    own time zone, whatever the server's calendar says."""
    today = timezone.localdate(now, timezone=datetime.UTC)
    upcoming = [workshop for workshop in workshops.upcoming(today - DATE_LINE_SLACK) if now < workshop.ends_at]
    past = workshops.past(today + DATE_LINE_SLACK)
    if past_limit is not None:
        # Of the candidates, only the still-running ones counted above can drop out.
        past = past[: past_limit + sum(workshop.end_date <= today for workshop in upcoming)]
    past = [workshop for workshop in past if now >= workshop.ends_at]
    return upcoming, past[:past_limit]


def partners_by_role(workshop):
    """[(role label, [organisations])] in the order organiser, host, sponsor, partner; empty roles left out."""
    # Ordered by the partner's own columns: WorkshopPartner.Meta.ordering would join the workshop.
    partners = list(workshop.partners.select_related("organisation").order_by("order", "pk"))
    grouped = [
        (label, [partner.organisation for partner in partners if partner.role == role])
        for role, label in PartnerRole.choices
    ]
    return [(label, organisations) for label, organisations in grouped if organisations]


# Organisation names are compared word by word, in any order, a word matching a slightly misspelt one; two names
# are close when most of their words match (a Dice coefficient over words). "General Customs Administration of
# Mongolia" is close to "Customs General Administration of Mongolia" (1.0) but not to "General Administration of
# China Customs" (0.8): the country is the word that tells administrations apart.
CLOSE_NAMES = 0.85
SAME_WORD = 0.85
# On PostgreSQL, pg_trgm's similarity picks the candidates among thousands of names, loosely; the words decide.
TRIGRAM_CANDIDATES = 0.3
MAX_CANDIDATES = 50
MAX_SUGGESTIONS = 5


def name_words(text):
    return re.findall(r"\w+", text.casefold())


def name_likeness(typed, listed):
    """How alike two names are, from 0 to 1, whatever the order of their words."""
    typed_words, listed_words = name_words(typed), name_words(listed)
    if not typed_words or not listed_words:
        return 0.0
    unmatched = list(listed_words)
    matched = 0
    for word in typed_words:
        best = max(unmatched, key=lambda other: difflib.SequenceMatcher(None, word, other).ratio(), default=None)
        if best is not None and difflib.SequenceMatcher(None, word, best).ratio() >= SAME_WORD:
            unmatched.remove(best)
            matched += 1
    return 2 * matched / (len(typed_words) + len(listed_words))


def names_of(organisation):
    """The organisation's name in each language it has one in."""
    return [name for name in (getattr(organisation, field) for field in columns("name")) if name]


def similar_organisations(text, *, exclude_id=None):
    """The organisations whose name is close to `text` (in any order of words) or whose acronym it is, closest
    first: offered before a person adds a new one."""
    text = " ".join(text.split())
    if not text:
        return []
    candidates = Organisation.objects.exclude(pk=exclude_id)
    by_acronym = list(candidates.filter(in_any_language("acronym__iexact", text)))
    if connection.vendor == "postgresql":
        # The closest of its names in every language (GREATEST skips a language without a name).
        similarities = [TrigramSimilarity(name, text) for name in columns("name")]
        candidates = (
            candidates.annotate(similarity=Greatest(*similarities) if len(similarities) > 1 else similarities[0])
            .filter(similarity__gte=TRIGRAM_CANDIDATES)
            .order_by("-similarity")[:MAX_CANDIDATES]
        )
    scored = [
        (max(name_likeness(text, name) for name in names_of(organisation)), organisation) for organisation in candidates
    ]
    by_name = [
        organisation
        for likeness, organisation in sorted(scored, key=lambda pair: (-pair[0], pair[1].name))
        if likeness >= CLOSE_NAMES
    ]
    found = {organisation.pk: organisation for organisation in [*by_acronym, *by_name]}
    return list(found.values())[:MAX_SUGGESTIONS]


def organisations_to_review():
    return Organisation.objects.filter(needs_review=True).order_by(shown_text("name"))
