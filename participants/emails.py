"""The emails a registration's changes send, written to the outbox in the same transaction."""

from django.conf import settings
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import queue_email, render_email
from sessions.selectors import programme_sessions

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


def queue_registration_email(*, registration, kind, event_id, message="", sessions=None):
    """Queue the email of kind `kind` about `registration`.

    `event_id` tells this change apart from earlier ones of the same registration (a person can be
    waitlisted, promoted, and cancelled), so that a retried request does not mail the same change twice.
    Dates and times are written in the workshop's time zone, whatever the server's. A caller mailing
    many people passes `sessions` (programme_sessions of the workshop) so the programme is read once.
    """
    workshop = registration.workshop
    sessions = programme_sessions(workshop) if sessions is None else sessions
    context = {
        "registration": registration,
        "participant": registration.participant,
        "workshop": workshop,
        "first_session": sessions[0] if sessions else None,
        "message": message,
        "site_url": settings.SITE_URL,
    }
    with timezone.override(workshop.tzinfo):
        subject, body_text, body_html = render_email(template=kind, context=context)
    return queue_email(
        to_email=registration.participant.user.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        kind=kind,
        registration=registration,
        programme_of=workshop if kind in KINDS_WITH_PROGRAMME and sessions else None,
        dedup_key=f"registration:{registration.pk}:{kind}:{event_id}",
    )
