"""Personal data: everything the portal holds about a person (their copy, on request), and erasing what a
workshop needed only until a while after it ended.

Other apps that keep personal data about participants (passport details, say) add their own eraser with
register_eraser(); erase_personal_fields() runs them with the same participants.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from activity.models import Action, ActivityEntry
from activity.services import OBJECT_TYPES, entry, log_entries
from outbox.models import OutgoingEmail
from workshops.versions import raise_content_version, raise_registrations_version, raises_versions

from .models import Invitation, Participant, Registration
from .services import cancel_registration
from .versions import workshops_registering_users, workshops_with_speaking

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


# What stands for a person who deleted their account, wherever their name was.
ANONYMOUS = "—"
STILL_ACTIVE = (Registration.Status.PENDING, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


@raises_versions
def delete_account(*, user_id, now=None):
    """A person deletes their account. Their registrations for workshops still to come are cancelled through
    the registration service (the waitlist moves up); every registration then stays, for the workshops'
    numbers, without anything that names the person: profile, invitations, emails and log entries are
    anonymised, and each workshop's log records the deletion without personal data. Organisation, country
    and gender stay, as the statistics count them."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(participant__user_id=user_id)
    for registration_id in registrations.filter(
        status__in=STILL_ACTIVE, workshop__end_date__gte=now.date()
    ).values_list("pk", flat=True):
        cancel_registration(registration_id=registration_id, now=now)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        address, placeholder = user.email, f"deleted-{user.pk}@deleted.invalid"
        registration_ids = list(registrations.values_list("pk", flat=True))
        # Where they speak; where they registered, decided or acted on a registration (its history names them).
        raise_content_version(workshops_with_speaking(Participant.objects.filter(user=user).values("pk")))
        acted = ActivityEntry.objects.filter(actor=user, object_type=OBJECT_TYPES["participants.registration"])
        raise_registrations_version(workshops_registering_users([user.pk]))
        raise_registrations_version(acted.values("workshop_id"))
        Participant.objects.filter(user=user).update(
            full_name=ANONYMOUS, position="", **dict.fromkeys(WORKSHOP_ONLY_FIELDS, ""), updated_at=now
        )
        registrations.update(note="")
        Invitation.objects.filter(email__iexact=address).update(email=placeholder, name=ANONYMOUS, organisation_name="")
        mine = OutgoingEmail.objects.filter(to_email__iexact=address)
        mine.filter(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING]).delete()
        mine.update(
            to_email=placeholder,
            subject=ANONYMOUS,
            body_text="",
            body_html="",
            shared_body=None,
            merge_values={},
            attachments=[],
        )
        ActivityEntry.objects.filter(
            object_type=OBJECT_TYPES["participants.registration"], object_id__in=registration_ids
        ).update(object_label=ANONYMOUS)
        # The histories under the registrations this user decided name them as actor.
        ActivityEntry.objects.filter(actor=user).update(actor=None, actor_name=ANONYMOUS)
        EmailAddress.objects.filter(user=user).delete()
        user.email, user.name, user.is_active = placeholder, "", False
        user.set_unusable_password()
        user.save()
        for eraser in ERASERS:
            eraser(participant_ids=list(Participant.objects.filter(user=user).values_list("pk", flat=True)), now=now)
        log_entries(
            entry(workshop=registration.workshop_id, action=Action.REGISTRATION_ANONYMISED, obj=registration, at=now)
            for registration in Registration.objects.filter(pk__in=registration_ids)
        )
