"""The emails a registration's changes send, written to the outbox in the same transaction."""

from django.conf import settings
from django.utils import timezone, translation

from core.languages import recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import MergedEmail, deliver_on_commit, queue_rendered_email
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
    Dates and times are written in the workshop's time zone, whatever the server's, and the email in the
    person's language (queued with it active, so the outbox row records it). A caller mailing many people
    passes `sessions` (programme_sessions of the workshop) so the programme is read once.
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
    language = recipient_language(user=registration.participant.user, workshop=workshop)
    with timezone.override(workshop.tzinfo):
        return queue_rendered_email(
            template=kind,
            context=context,
            language=language,
            to_email=registration.participant.user.email,
            kind=kind,
            registration=registration,
            programme_of=workshop if kind in KINDS_WITH_PROGRAMME and sessions else None,
            dedup_key=f"registration:{registration.pk}:{kind}:{event_id}",
        )


def by_language(recipients, language_of):
    """{language: [recipients]}, in the order the recipients came."""
    groups = {}
    for recipient in recipients:
        groups.setdefault(language_of(recipient), []).append(recipient)
    return groups


def queue_workshop_cancelled_emails(*, workshop, registrations, message):
    """Tell every registrant that the workshop is cancelled: one render per language, one outbox insert.

    Call with the registrations' participant and user loaded. Returns the outbox rows.
    """
    context = {
        "participant": {"full_name": merge_mark("name")},
        "workshop": workshop,
        "message": message,
        "site_url": settings.SITE_URL,
    }
    kind = OutgoingEmail.Kind.WORKSHOP_CANCELLED

    def dedup_key(registration):
        return f"registration:{registration.pk}:{kind}:workshop-cancelled"

    registrations = list(registrations)
    # A workshop reopened and cancelled again tells only those not told the first time.
    written = set(
        OutgoingEmail.objects.filter(dedup_key__in=[dedup_key(r) for r in registrations]).values_list(
            "dedup_key", flat=True
        )
    )
    groups = by_language(
        [registration for registration in registrations if dedup_key(registration) not in written],
        lambda registration: recipient_language(user=registration.participant.user, workshop=workshop),
    )
    rows = []
    for language, group in groups.items():
        with timezone.override(workshop.tzinfo), translation.override(language):
            merged = MergedEmail(template=kind, context=context, language=language)
            for registration in group:
                rows.append(
                    OutgoingEmail(
                        **merged.row_fields(name=registration.participant.full_name),
                        to_email=registration.participant.user.email,
                        kind=kind,
                        registration=registration,
                        dedup_key=dedup_key(registration),
                    )
                )
    emails = OutgoingEmail.objects.bulk_create(rows, batch_size=500)
    deliver_on_commit([email.pk for email in emails])
    return emails
