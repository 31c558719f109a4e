"""The personal data of the documents: visa letter requests (the passport data), certificates of attendance and
the PDFs drawn in the background, which name every participant of their workshop (core.personal_data)."""

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalData, register

from .models import Certificate, PdfJob, VisaLetterRequest
from .services import PASSPORT_FIELDS, purge_passport_data, purge_pdf_jobs

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


def pdf_jobs_of(person):
    """The PDFs that name the person (badges, certificates, the official list of a workshop they registered for)
    and those they asked for."""
    return PdfJob.objects.filter(
        Q(workshop__registrations__participant__user_id=person.user_id) | Q(requested_by_id=person.user_id)
    ).distinct()


register(
    PersonalData(
        section="pdf_jobs",
        title=_("PDFs of a workshop that name you"),
        model="documents.PdfJob",
        rows=pdf_jobs_of,
        fields=(),
        # Deleting the account deletes these files (whoever asked for them): a page cannot be cut out of a PDF,
        # and the console draws the document again, without the person, in seconds.
        erased=None,
        related=("workshop",),
        details=lambda job: {
            "workshop": job.workshop.title,
            "document": job.get_kind_display(),
            "requested_at": job.requested_at.isoformat(),
        },
        retention=lambda now: purge_pdf_jobs(now=now),
        retention_erases=("file",),
    )
)


def delete_pdf_file(sender, instance, **kwargs):
    """A job's row gone (retention, an account deleted, its workshop deleted), its file goes once that commits."""
    if instance.file:
        transaction.on_commit(lambda: instance.file.delete(save=False))


post_delete.connect(delete_pdf_file, sender=PdfJob, dispatch_uid="documents.delete_pdf_file")
