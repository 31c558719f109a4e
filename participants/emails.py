"""The emails a registration's changes send, written to the outbox in the same transaction."""

from django.conf import settings

from outbox.models import OutgoingEmail
from outbox.services import queue_email, render_email

from .models import Registration

# Which email reports a registration arriving in a status, and the template that words it.
EMAIL_KIND_FOR_STATUS = {
    Registration.Status.PENDING: OutgoingEmail.Kind.REGISTRATION_RECEIVED,
    Registration.Status.CONFIRMED: OutgoingEmail.Kind.REGISTRATION_CONFIRMED,
    Registration.Status.WAITLISTED: OutgoingEmail.Kind.REGISTRATION_WAITLISTED,
    Registration.Status.REJECTED: OutgoingEmail.Kind.REGISTRATION_REJECTED,
    Registration.Status.CANCELLED: OutgoingEmail.Kind.REGISTRATION_CANCELLED,
}


def queue_registration_email(*, registration, kind, event_id, message=""):
    """Queue the email of kind `kind` about `registration`.

    `event_id` tells this change apart from earlier ones of the same registration (a person can be
    waitlisted, promoted, and cancelled), so that a retried request does not mail the same change twice.
    """
    workshop = registration.workshop
    context = {
        "registration": registration,
        "participant": registration.participant,
        "workshop": workshop,
        "message": message,
        "site_url": settings.SITE_URL,
    }
    subject, body_text, body_html = render_email(template=kind, context=context)
    return queue_email(
        to_email=registration.participant.user.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        kind=kind,
        registration=registration,
        dedup_key=f"registration:{registration.pk}:{kind}:{event_id}",
    )
