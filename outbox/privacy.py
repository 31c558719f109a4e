"""The personal data of the outbox: the emails sent to a person (core.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import ERASED_NAME, PersonalData, erased_address, register

from .models import OutgoingEmail

UNSENT = (OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING)


def emails_keyed(prefixes):
    """The emails whose dedup key starts with one of `prefixes` (what an email reports: "nomination:12:")."""
    about = Q()
    for prefix in prefixes:
        about |= Q(dedup_key__startswith=prefix)
    return OutgoingEmail.objects.filter(about) if about else OutgoingEmail.objects.none()


def to_person(person):
    return OutgoingEmail.objects.filter(to_email__iexact=person.email)


def described(email):
    return {
        "kind": email.get_kind_display(),
        "status": email.get_status_display(),
        "queued_at": email.created_at.isoformat(),
    }


# Subjects only in the export: a body may still carry a working invitation link.
register(
    PersonalData(
        section="emails",
        title=_("Emails sent to you"),
        model="outbox.OutgoingEmail",
        rows=lambda person: to_person(person).exclude(status__in=UNSENT),
        fields=("to_email", "subject"),
        # The row stays (the workshop's counts of emails sent), addressed to no one and saying nothing.
        erased={
            "to_email": erased_address(),
            "subject": ERASED_NAME,
            "body_text": "",
            "body_html": "",
            "shared_body": None,
            "merge_values": {},
            "attachments": [],
            "last_error": "",
        },
        details=described,
    )
)
register(
    PersonalData(
        section="emails_not_yet_sent",
        title=_("Emails to you not yet sent"),
        model="outbox.OutgoingEmail",
        rows=lambda person: to_person(person).filter(status__in=UNSENT),
        fields=("to_email", "subject"),
        erased=None,  # never sent to someone who is gone
        details=described,
    )
)
