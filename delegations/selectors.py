"""Reading delegations: who is a focal point for what, each quota with its use, a delegation's nominees.

A quota's use is counted here and nowhere else: `used` (submitted and approved nominations take a seat)
and `funded` (funding granted).
"""

from dataclasses import dataclass

from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower

from workshops.models import Organisation, Workshop

from .models import (
    ACTIVE_NOMINATION_STATUSES,
    FocalPoint,
    Funding,
    Nomination,
    NominationLetter,
    NominationStatus,
    Quota,
)


def focal_organisations(user):
    """The organisations the user speaks for (none for a visitor)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(focal_points__email__iexact=user.email).distinct()


def is_focal_point(user):
    return user.is_authenticated and FocalPoint.objects.filter(email__iexact=user.email).exists()


def focal_point_emails(organisation_ids):
    """{organisation id: [addresses]} of the focal points of these organisations."""
    emails = {}
    for organisation_id, email in FocalPoint.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "email"
    ):
        emails.setdefault(organisation_id, []).append(email)
    return emails


def count_of(rows):
    """A subquery counting `rows` (correlated to the outer query by OuterRef)."""
    # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY and always one row.
    return Coalesce(Subquery(rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


def with_use(quotas):
    """Quotas annotated with `used` (nominations taking a seat) and `funded` (funding granted)."""
    active = Nomination.objects.filter(
        workshop=OuterRef("workshop"), organisation=OuterRef("organisation"), status__in=ACTIVE_NOMINATION_STATUSES
    )
    return quotas.annotate(used=count_of(active), funded=count_of(active.filter(funding=Funding.GRANTED)))


@dataclass(frozen=True)
class QuotaUse:
    seats: int
    funded_seats: int
    used: int
    funded: int

    @property
    def left(self):
        return max(self.seats - self.used, 0)

    @property
    def over(self):
        """How far the nominations go past a quota lowered below them (nothing is removed)."""
        return max(self.used - self.seats, 0)

    @property
    def funded_left(self):
        return max(self.funded_seats - self.funded, 0)


def quota_use(quota):
    return QuotaUse(seats=quota.seats, funded_seats=quota.funded_seats, used=quota.used, funded=quota.funded)


def workshop_quotas(workshop):
    """The workshop's quotas by organisation name, each with its `use` (QuotaUse)."""
    quotas = list(with_use(Quota.objects.filter(workshop=workshop)).select_related("organisation"))
    for quota in quotas:
        quota.use = quota_use(quota)
    return quotas


def quota_for(*, workshop, organisation_id):
    """One organisation's quota at the workshop with its use, or None."""
    quota = (
        with_use(Quota.objects.filter(workshop=workshop, organisation_id=organisation_id))
        .select_related("organisation")
        .first()
    )
    if quota:
        quota.use = quota_use(quota)
    return quota


def funding_granted(workshop):
    """How many of the workshop's funded places are given."""
    return Nomination.objects.filter(
        workshop=workshop, status__in=ACTIVE_NOMINATION_STATUSES, funding=Funding.GRANTED
    ).count()


def funded_registration(registration):
    """Whether the registration came from an approved nomination whose funding was granted."""
    return Nomination.objects.filter(
        invitation__registration=registration, status=Nomination.Status.APPROVED, funding=Funding.GRANTED
    ).exists()


def email_nominated(*, workshop, email):
    return (
        Nomination.objects.filter(workshop=workshop, status__in=ACTIVE_NOMINATION_STATUSES)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=email.lower())
        .exists()
    )


def nominations(workshop, organisation_ids=None):
    """The workshop's nominations (of these organisations only, if given) with their invitation and registration."""
    queryset = Nomination.objects.filter(workshop=workshop).select_related(
        "organisation", "invitation__registration", "nominated_by"
    )
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=organisation_ids)
    return queryset.order_by("organisation__name", "created_at", "pk")


def current_letter(*, workshop, organisation_id):
    return NominationLetter.objects.filter(workshop=workshop, organisation_id=organisation_id).first()


def current_letters(workshop):
    """{organisation id: its newest nomination letter} for the workshop."""
    newest = {}
    for letter in NominationLetter.objects.filter(workshop=workshop).order_by("uploaded_at", "pk"):
        newest[letter.organisation_id] = letter
    return newest


def letters(*, workshop, organisation_id):
    """Every version, newest first."""
    return NominationLetter.objects.filter(workshop=workshop, organisation_id=organisation_id)


def delegation_workshops(user):
    """The workshops where one of the user's organisations has a quota, soonest first."""
    return (
        Workshop.objects.filter(quotas__organisation__in=focal_organisations(user))
        .exclude(status=Workshop.Status.DRAFT)
        .distinct()
        .order_by("-start_date")
    )


def gender_balance(workshop):
    """{gender value: count} of the active nominations."""
    return dict(
        Nomination.objects.filter(workshop=workshop, status__in=ACTIVE_NOMINATION_STATUSES)
        .values_list("gender")
        .annotate(count=Count("pk"))
        .order_by()
    )


def replacements_left(*, workshop, organisation_id, now):
    """How many withdrawn nominees the organisation may still replace after nominations closed (until the
    workshop starts): one for each withdrawal, less the nominations made since the close."""
    closes_at = workshop.nominations_close_at
    if workshop.status != Workshop.Status.PUBLISHED or not closes_at <= now < workshop.starts_at:
        return 0
    of_organisation = Nomination.objects.filter(workshop=workshop, organisation_id=organisation_id)
    withdrawn = of_organisation.filter(status=NominationStatus.WITHDRAWN).count()
    return max(withdrawn - of_organisation.filter(created_at__gte=closes_at).count(), 0)


def funded_invitations(invitation_ids):
    """The ids among `invitation_ids` of invitations sent for a nomination that was granted funding."""
    return set(
        Nomination.objects.filter(invitation_id__in=list(invitation_ids), funding=Funding.GRANTED).values_list(
            "invitation_id", flat=True
        )
    )
