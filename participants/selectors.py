"""Reading registrations and invitations: seats, a person's registration, the waitlist, where each invitation
stands. Writes are in services.py and invitations.py.

Seats are counted here and nowhere else: every list, page, dashboard, admin column and service reads
them through with_seat_counts() (many workshops, one query) or seat_counts() (one workshop, read now).
"""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, F, OuterRef, Q, Subquery

from outbox.models import OutgoingEmail
from sessions.models import ProgrammeSession
from workshops.models import Workshop

from .models import Attendance, Invitation, Registration

Status = Registration.Status


def count_field(status):
    """The name of the annotation holding a workshop's number of registrations in `status`."""
    return f"{status}_count"


def with_seat_counts(workshops):
    """The workshops annotated with their number of registrations in each status (`confirmed_count`, ...)."""
    return workshops.annotate(
        **{count_field(status): Count("registrations", filter=Q(registrations__status=status)) for status in Status}
    )


@dataclass(frozen=True)
class SeatCounts:
    """A workshop's registrations by status, and what they leave of its seats.

    Confirmed registrations hold a seat; when the workshop needs approval, pending ones reserve one
    too, so that an organiser never approves more people than fit.
    """

    capacity: int
    requires_approval: bool
    by_status: dict

    @classmethod
    def of(cls, workshop):
        """From a workshop annotated by with_seat_counts()."""
        by_status = {status: getattr(workshop, count_field(status)) for status in Status}
        return cls(capacity=workshop.capacity, requires_approval=workshop.requires_approval, by_status=by_status)

    @property
    def confirmed(self):
        return self.by_status[Status.CONFIRMED]

    @property
    def reserved(self):
        return self.confirmed + (self.by_status[Status.PENDING] if self.requires_approval else 0)

    @property
    def left(self):
        return max(self.capacity - self.reserved, 0)


def seat_counts(workshop):
    """The workshop's seats read now (inside the caller's workshop lock when seats are about to change).

    Capacity and approval come from `workshop` as the caller holds it, which may be an edit not saved yet.
    """
    counted = with_seat_counts(Workshop.objects.filter(pk=workshop.pk))
    by_status = counted.values(*(count_field(status) for status in Status)).get()
    return SeatCounts(
        capacity=workshop.capacity,
        requires_approval=workshop.requires_approval,
        by_status={status: by_status[count_field(status)] for status in Status},
    )


def active_registrations(workshop):
    """Registrations still in play or decided, i.e. all but the cancelled ones (at most one per person)."""
    return Registration.objects.filter(workshop=workshop).exclude(status=Status.CANCELLED)


def active_registration(*, workshop, participant):
    return active_registrations(workshop).filter(participant=participant).first()


def registration_of_user(*, workshop, user):
    """The user's registration for the workshop (not cancelled), or None; for the workshop page's panel."""
    if not user.is_authenticated:
        return None
    return active_registrations(workshop).filter(participant__user=user).first()


def waitlist_position(registration):
    """1 for the first person waiting: the waitlist is served in registration order."""
    return (
        Registration.objects.filter(workshop_id=registration.workshop_id, status=Status.WAITLISTED)
        .filter(
            Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lte=registration.pk)
        )
        .count()
    )


def waitlist(workshop):
    """Waiting registrations in the order they are served, with what their emails need."""
    return (
        Registration.objects.select_related("participant__user", "workshop")
        .filter(workshop=workshop, status=Status.WAITLISTED)
        .order_by("created_at", "pk")
    )


def invitations_with_state(workshop, now):
    """The workshop's invitations by name, each with its `state` (see invitation_state) and its registration."""
    last_email = OutgoingEmail.objects.filter(invitation=OuterRef("pk")).order_by("-created_at", "-pk")
    invitations = list(
        Invitation.objects.filter(workshop=workshop)
        .annotate(email_status=Subquery(last_email.values("status")[:1]))
        .select_related("registration")
        .order_by("name", "pk")
    )
    for invitation in invitations:
        invitation.state = invitation_state(invitation, now)
    return invitations


def invitation_state(invitation, now):
    """One word for the organiser: the answer if there is one, else what became of the last email.

    The invitation carries `email_status`, the status of its last email, as invitations_with_state annotates it.
    """
    if invitation.status != Invitation.Status.PENDING:
        return invitation.status
    if invitation.is_expired(now):
        return "expired"
    return {OutgoingEmail.Status.SENDING: OutgoingEmail.Status.QUEUED}.get(
        invitation.email_status, invitation.email_status or OutgoingEmail.Status.QUEUED
    )


def workshop_emails(workshop):
    """Every email about the workshop: its invitations and its registrations."""
    return OutgoingEmail.objects.filter(Q(invitation__workshop=workshop) | Q(registration__workshop=workshop))


def with_days_attended(registrations):
    """The registrations annotated with `days_attended`: how many of their workshop's days they were recorded on
    (at the desk for the day, or at a session of that day), in the same query."""
    return registrations.annotate(
        days_attended=Count(
            "attendances__day",
            distinct=True,
            filter=Q(
                attendances__day__gte=F("workshop__start_date"),
                attendances__day__lte=F("workshop__end_date"),
            ),
        )
    )


def attended_days(workshop, registration_ids):
    """{registration id: [the days of the workshop it was recorded on, in order]}, in one query."""
    days = {pk: [] for pk in registration_ids}
    for registration_id, day in (
        Attendance.objects.filter(
            registration__in=registration_ids, day__gte=workshop.start_date, day__lte=workshop.end_date
        )
        .values_list("registration_id", "day")
        .distinct()
        .order_by("registration_id", "day")
    ):
        days[registration_id].append(day)
    return days


def meets_certificate_rule(workshop, days_attended):
    """Whether so many days attended earn a certificate of this workshop."""
    return days_attended >= workshop.days_for_certificate


# A sign's code names its session, signed with the site's secret key (a typed or altered code is refused).
SELF_CHECK_IN_SALT = "participants.self-check-in"


def self_check_in_code(session):
    """The code printed on a session's sign (in its QR code's address)."""
    return signing.dumps(session.pk, salt=SELF_CHECK_IN_SALT)


def session_of_code(code):
    """The session taking attendance that a sign's code names (with its workshop), or None for a code the portal
    did not sign or a session that no longer takes attendance."""
    try:
        session_id = signing.loads(code, salt=SELF_CHECK_IN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(session_id, int):
        return None
    return ProgrammeSession.objects.select_related("workshop").filter(pk=session_id, takes_attendance=True).first()
