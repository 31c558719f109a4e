"""Workshop operations of the organiser console: one function per operation, each one transaction. The changes that
reach a workshop's programme and registrations too (edit, cancel, duplicate) are participants/workshop_changes.py's.

Every change writes its activity-log entry in the same transaction; `actor` is the user who asked.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import log_action
from core.errors import DomainError
from core.languages import column, language_codes

from .locking import lock_workshop
from .models import OrganiserMembership, Workshop

# The text people read in their own language: one column per language (workshops/translation.py).
TRANSLATED_FIELDS = ("title", "summary", "objectives", "city", "venue")
# The fields an organiser edits in the console; status changes go through their own operations.
EDITABLE_FIELDS = (
    *(column(name, language) for name in TRANSLATED_FIELDS for language in language_codes()),
    "slug",
    "country",
    "wco_region",
    "time_zone",
    "languages",
    "default_language",
    "start_date",
    "end_date",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "requires_approval",
    "admission",
    "nomination_opens_at",
    "nomination_closes_at",
    "nomination_letter_required",
    "funding_budget",
    "funding_deadline",
    "certificate_min_days",
    "self_check_in",
)

# Addresses under /manage/ that are pages of the console (/manage/new/ creates a workshop), so a workshop with
# one of these slugs could never be managed.
RESERVED_SLUGS = {"new", "organisations", "focal-points"}


def workshop_start_or_none(workshop):
    """The workshop's first moment, or None while its date or time zone is still invalid."""
    try:
        return workshop.starts_at if workshop.start_date else None
    except (ValueError, KeyError):
        return None


def workshop_rule_errors(workshop, *, seats=None):
    """The console's rules beyond Workshop.clean, as {field: message}; empty when the workshop is fine.

    `seats` are the workshop's seat counts (None for a new workshop): the capacity must keep a seat for
    everyone confirmed and, under approval, everyone pending.
    """
    errors = {}
    if seats and workshop.capacity is not None and workshop.capacity < seats.reserved:
        errors["capacity"] = _(
            "%(confirmed)s confirmed and %(pending)s pending registrations hold a seat; "
            "the workshop needs at least %(needed)s seats."
        ) % {"confirmed": seats.confirmed, "pending": seats.reserved - seats.confirmed, "needed": seats.reserved}
    if workshop.slug in RESERVED_SLUGS:
        errors["slug"] = _("“%(slug)s” is reserved for a page of the site; choose another slug.") % {
            "slug": workshop.slug
        }
    starts_at = workshop_start_or_none(workshop)
    if starts_at and workshop.registration_opens_at and workshop.registration_opens_at >= starts_at:
        errors["registration_opens_at"] = _("Registration must open before the workshop starts.")
    if starts_at and workshop.registration_closes_at and workshop.registration_closes_at > starts_at:
        errors["registration_closes_at"] = _("Registration must close before the workshop starts.")
    if starts_at and workshop.nomination_opens_at and workshop.nomination_opens_at >= starts_at:
        errors["nomination_opens_at"] = _("Nominations must open before the workshop starts.")
    if starts_at and workshop.nomination_closes_at and workshop.nomination_closes_at > starts_at:
        errors["nomination_closes_at"] = _("Nominations must close before the workshop starts.")
    if starts_at and workshop.funding_deadline and workshop.funding_deadline > starts_at:
        errors["funding_deadline"] = _("Funding requests must close before the workshop starts.")
    return errors


class WorkshopError(DomainError):
    """A workshop rule refused the operation; `message_dict` names the fields it is about, if any."""


def validate_workshop(workshop, *, seats=None):
    """Raise WorkshopError with every problem of the workshop at once, by field."""
    errors = {}
    try:
        workshop.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    for field, message in workshop_rule_errors(workshop, seats=seats).items():
        errors.setdefault(field, []).append(message)
    if errors:
        raise WorkshopError(fields=errors)


def create_workshop(*, actor, fields):
    """Create a draft workshop; its creator becomes one of its organisers."""
    with transaction.atomic():
        # A field the caller leaves out takes the model's default (a form that does not show it, a script).
        workshop = Workshop(
            status=Workshop.Status.DRAFT, **{name: fields[name] for name in EDITABLE_FIELDS if name in fields}
        )
        validate_workshop(workshop)
        workshop.save()
        OrganiserMembership.objects.create(workshop=workshop, user=actor, role=OrganiserMembership.Role.ORGANISER)
        log_action(workshop=workshop, action=Action.WORKSHOP_CREATED, actor=actor)
    return workshop


class WorkshopStateError(WorkshopError):
    """The workshop is not in a state that allows the operation."""


def set_workshop_status(*, workshop_id, from_statuses, to_status, refusal, action, actor):
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        if workshop.status not in from_statuses:
            raise WorkshopStateError(refusal)
        workshop.status = to_status
        workshop.save(update_fields=["status", "updated_at"])
        log_action(workshop=workshop, action=action, actor=actor)
    return workshop


def publish_workshop(*, workshop_id, actor):
    return set_workshop_status(
        workshop_id=workshop_id,
        from_statuses={Workshop.Status.DRAFT},
        to_status=Workshop.Status.PUBLISHED,
        refusal=_("Only a draft workshop can be published."),
        action=Action.WORKSHOP_PUBLISHED,
        actor=actor,
    )


def unpublish_workshop(*, workshop_id, actor):
    """Take a workshop back to draft: hidden from the public site, registrations kept."""
    return set_workshop_status(
        workshop_id=workshop_id,
        from_statuses={Workshop.Status.PUBLISHED},
        to_status=Workshop.Status.DRAFT,
        refusal=_("Only a published workshop can be unpublished."),
        action=Action.WORKSHOP_UNPUBLISHED,
        actor=actor,
    )


# Everyone still expecting to come, or waiting to hear, is told the workshop is off.
