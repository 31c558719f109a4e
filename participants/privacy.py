"""Personal data: everything the portal holds about a person (their copy, on request), and erasing what a
workshop needed only until a while after it ended.

Other apps that keep personal data about participants (passport details, say) add their own eraser with
register_eraser(); erase_personal_fields() runs them with the same participants.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outbox.models import OutgoingEmail

from .models import Invitation, Participant, Registration

# What a participant tells the portal only for the workshops they attend.
WORKSHOP_ONLY_FIELDS = ("phone", "dietary_needs", "accessibility_needs")
ERASERS = []


def register_eraser(eraser):
    """`eraser(participant_ids=..., now=...)` erases an app's own personal data of those participants."""
    ERASERS.append(eraser)
    return eraser


def retention():
    return datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def erase_personal_fields(*, now=None):
    """Erase the workshop-only details of everyone whose last workshop ended more than the retention
    period ago (PERSONAL_DATA_RETENTION_DAYS); returns how many participants were concerned."""
    now = now or timezone.now()
    last_needed_day = (now - retention()).date()
    still_needed = Registration.objects.exclude(status=Registration.Status.CANCELLED).filter(
        workshop__end_date__gte=last_needed_day
    )
    holding = Q()
    for name in WORKSHOP_ONLY_FIELDS:
        holding |= ~Q(**{name: ""})
    with transaction.atomic():
        participant_ids = list(
            Participant.objects.filter(registrations__isnull=False)
            .exclude(pk__in=still_needed.values("participant_id"))
            .distinct()
            .values_list("pk", flat=True)
        )
        Participant.objects.filter(Q(pk__in=participant_ids) & holding).update(
            **dict.fromkeys(WORKSHOP_ONLY_FIELDS, ""), updated_at=now
        )
        for eraser in ERASERS:
            eraser(participant_ids=participant_ids, now=now)
    return len(participant_ids)


def personal_data(user):
    """Everything the portal holds about `user`, as plain data (the JSON export and the page show it)."""
    participant = Participant.objects.select_related("organisation").filter(user=user).first()
    profile = None
    if participant:
        profile = {
            "full_name": participant.full_name,
            "organisation": participant.organisation.name if participant.organisation else "",
            "position": participant.position,
            "country": participant.country.code,
            "phone": participant.phone,
            "dietary_needs": participant.dietary_needs,
            "accessibility_needs": participant.accessibility_needs,
            "gender": participant.gender,
            "created_at": participant.created_at.isoformat(),
        }
    registrations = (
        Registration.objects.filter(participant__user=user).select_related("workshop").order_by("created_at")
    )
    invitations = Invitation.objects.filter(email__iexact=user.email).select_related("workshop").order_by("created_at")
    emails = OutgoingEmail.objects.filter(to_email__iexact=user.email).order_by("created_at")
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": profile,
        "registrations": [
            {
                "workshop": registration.workshop.title,
                "status": registration.status,
                "source": registration.source,
                "note": registration.note,
                "registered_at": registration.created_at.isoformat(),
                "decided_at": registration.decided_at.isoformat() if registration.decided_at else None,
                "checked_in_at": registration.attended_at.isoformat() if registration.attended_at else None,
            }
            for registration in registrations
        ],
        "invitations": [
            {
                "workshop": invitation.workshop.title,
                "name": invitation.name,
                "organisation": invitation.organisation_name,
                "status": invitation.status,
                "sent_at": invitation.sent_at.isoformat() if invitation.sent_at else None,
            }
            for invitation in invitations
        ],
        # Subjects only: a body may still carry a working invitation link.
        "emails": [
            {
                "subject": email.subject,
                "kind": email.kind,
                "status": email.status,
                "queued_at": email.created_at.isoformat(),
            }
            for email in emails
        ],
    }
