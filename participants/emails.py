"""The emails a registration's changes send, written to the outbox in the same transaction."""

from django.conf import settings
from django.utils import timezone

from core.languages import recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email, queue_rendered_email
from sessions.selectors import first_session

from .models import Registration

# Which email reports a registration arriving in a status, and the template that words it.
EMAIL_KIND_FOR_STATUS = {
    Registration.Status.PENDING: OutgoingEmail.Kind.REGISTRATION_RECEIVED,
    Registration.Status.CONFIRMED: OutgoingEmail.Kind.REGISTRATION_CONFIRMED,
    Registration.Status.WAITLISTED: OutgoingEmail.Kind.REGISTRATION_WAITLISTED,
    Registration.Status.REJECTED: OutgoingEmail.Kind.REGISTRATION_REJECTED,
    Registration.Status.CANCELLED: OutgoingEmail.Kind.REGISTRATION_CANCELLED,
}
# The emails that give someone a seat carry the programme, so it lands in their calendar.
KINDS_WITH_PROGRAMME = {OutgoingEmail.Kind.REGISTRATION_CONFIRMED, OutgoingEmail.Kind.REGISTRATION_PROMOTED}


# `opening` not given: read it.
UNREAD = object()


def queue_registration_email(*, registration, kind, event_id, message="", opening=UNREAD):
    """Queue the email of kind `kind` about `registration`.

    `event_id` tells this change apart from earlier ones of the same registration (a person can be
    waitlisted, promoted, and cancelled), so that a retried request does not mail the same change twice.
    Dates and times are written in the workshop's time zone, whatever the server's, and the email in the
    person's language (queued with it active, so the outbox row records it). A caller mailing many people
    passes `opening` (`first_session` of the workshop, perhaps None) so it is read once. It is all the email needs
    of the programme: registering runs this under the workshop's lock, where reading every session and speaker
    would hold up everyone registering behind it.
    """
    workshop = registration.workshop
    opening = first_session(workshop) if opening is UNREAD else opening
    context = {
        "registration": registration,
        "participant": registration.participant,
        "workshop": workshop,
        "first_session": opening,
        "message": message,
        "site_url": settings.SITE_URL,
    }
    language = recipient_language(user=registration.participant.user, workshop=workshop)
    with timezone.override(workshop.tzinfo):
        return queue_rendered_email(
            template=kind,
            context=context,
            language=language,
            to_email=registration.participant.user.email,
            kind=kind,
            registration=registration,
            programme_of=workshop if kind in KINDS_WITH_PROGRAMME and opening else None,
            dedup_key=f"registration:{registration.pk}:{kind}:{event_id}",
        )


def queue_workshop_cancelled_emails(*, workshop, registrations, message):
    """Tell every registrant that the workshop is cancelled: one render per language, one outbox insert. A workshop
    reopened and cancelled again tells only those not told the first time.

    Call with the registrations' participant and user loaded. Returns the outbox rows written.
    """
    context = {
        "participant": {"full_name": merge_mark("name")},
        "workshop": workshop,
        "message": message,
        "site_url": settings.SITE_URL,
    }
    kind = OutgoingEmail.Kind.WORKSHOP_CANCELLED
    with timezone.override(workshop.tzinfo):
        return queue_bulk_email(
            template=kind,
            context=context,
            kind=kind,
            recipients=(
                BulkRecipient(
                    to_email=registration.participant.user.email,
                    dedup_key=f"registration:{registration.pk}:{kind}:workshop-cancelled",
                    language=recipient_language(user=registration.participant.user, workshop=workshop),
                    values={"name": registration.participant.full_name},
                    fields={"registration_id": registration.pk},
                )
                for registration in registrations
            ),
        )
