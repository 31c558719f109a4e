"""The personal data of the documents: visa letter requests (the passport data) and certificates of attendance
(core.personal_data)."""

from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalData, register

from .models import Certificate, VisaLetterRequest
from .services import PASSPORT_FIELDS, purge_passport_data

register(
    PersonalData(
        section="visa_letter_requests",
        title=_("Your visa letter requests"),
        model="documents.VisaLetterRequest",
        rows=lambda person: VisaLetterRequest.objects.filter(registration__participant__user_id=person.user_id),
        fields=(*PASSPORT_FIELDS, "snapshot", "refusal_reason"),
        # The request stays, erased as the retention erases it (the workshop's count of letters issued).
        erased={**PASSPORT_FIELDS, "snapshot": {}, "refusal_reason": "", "purged_at": Now()},
        related=("registration__workshop",),
        details=lambda visa_request: {
            "workshop": visa_request.registration.workshop.title,
            "status": visa_request.get_status_display(),
            "reference": visa_request.reference,
            "requested_at": visa_request.requested_at.isoformat(),
        },
        retention=lambda now: purge_passport_data(now=now),
        retention_erases=(*PASSPORT_FIELDS, "snapshot"),
    )
)
register(
    PersonalData(
        section="certificates",
        title=_("Your certificates of attendance"),
        model="documents.Certificate",
        rows=lambda person: Certificate.objects.filter(registration__participant__user_id=person.user_id),
        fields=(),
        # The certificate stays (the workshop's attendance); it names the person only through their profile, so
        # checking its code then says a "Deleted participant" attended.
        erased={},
        related=("registration__workshop",),
        details=lambda certificate: {
            "workshop": certificate.registration.workshop.title,
            "code": certificate.code,
            "issued_at": certificate.issued_at.isoformat(),
        },
    )
)
