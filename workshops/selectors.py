"""Reading workshops: who sees and manages which, and which are upcoming or past in their own time zone."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from .models import OrganiserMembership, PartnerRole, Workshop
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
    partners = list(workshop.partners.select_related("organisation"))
    grouped = [
        (label, [partner.organisation for partner in partners if partner.role == role])
        for role, label in PartnerRole.choices
    ]
    return [(label, organisations) for label, organisations in grouped if organisations]
