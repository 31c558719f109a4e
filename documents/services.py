"""Issuing documents: certificates, visa support letters, the letterhead, and erasing passport data.

Each operation is one transaction with its activity-log entry; emails go through the outbox with dedup keys,
so that issuing or sending twice mails nobody twice. An entry about a registration joins its history in the
console, so the operation raises the workshop's registrations version.
"""

import base64
import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import entry, log_action, log_entries
from core.errors import DomainError
from core.languages import language_codes, recipient_language
from outbox.models import OutgoingEmail
from outbox.services import queue_rendered_email
from participants.models import Registration
from participants.selectors import meets_certificate_rule
from workshops.locking import lock_workshop
from workshops.models import Workshop
from workshops.versions import raise_registrations_version, raises_versions

from .models import Certificate, Letterhead, PdfJob, VisaLetterRequest
from .pdfs import badges_pdf, certificates_pdf, funding_sentence, official_list_pdf, visa_letter_pdf
from .selectors import attended_days_counts, attended_registrations, letterhead_of

logger = logging.getLogger(__name__)

Status = Registration.Status
PASSPORT_DATA_KEPT = datetime.timedelta(days=30)
# How long after a workshop's end the certificates sweep still looks at it (attendance corrected late).
CERTIFICATES_MAILED_FOR = datetime.timedelta(days=7)
PASSPORT_FIELDS = {
    "passport_name": "",
    "nationality": "",
    "date_of_birth": None,
    "passport_number": "",
    "passport_expires_on": None,
    "arrival_date": None,
    "departure_date": None,
}


class DocumentError(DomainError):
    """A document rule refused the operation."""


def workshop_certificate_refusal(workshop, now):
    """Why the workshop gives no certificates (yet), or None once they may be issued."""
    if workshop.status == Workshop.Status.CANCELLED:
        return _("The workshop was cancelled: no certificate of attendance is issued for it.")
    if now < workshop.ends_at:
        return _("Certificates of attendance are available once the workshop's last day has ended.")
    return None


def certificate_refusal(registration, now):
    """Why this registration has no certificate (a message), or None when it may have one."""
    refusal = workshop_certificate_refusal(registration.workshop, now)
    if refusal:
        return refusal
    if registration.status != Status.CONFIRMED:
        return _("A certificate of attendance is issued only to confirmed participants.")
    workshop = registration.workshop
    attended = attended_days_counts([registration])[registration.pk]
    if not meets_certificate_rule(workshop, attended):
        return shortfall_reason(workshop, attended)
    return None


def shortfall_reason(workshop, attended):
    """Why so many days attended earn no certificate of this workshop."""
    return _(
        "A certificate of attendance needs %(needed)s of the workshop's %(days)s days; %(attended)s recorded. "
        "If you attended, ask the organisers to record it."
    ) % {"needed": workshop.days_for_certificate, "days": len(workshop.days), "attended": attended}


def pdf_attachment(filename, content):
    return {"filename": filename, "mimetype": "application/pdf", "content": base64.b64encode(content).decode()}


@raises_versions
def issue_certificate(*, registration_id, actor=None, now=None):
    """The certificate of one attended registration, issued on first request; refused with a reason otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_related("workshop", "participant").get(pk=registration_id)
        refusal = certificate_refusal(registration, now)
        if refusal:
            raise DocumentError(refusal)
        certificate, created = Certificate.objects.get_or_create(registration=registration, defaults={"issued_at": now})
        if created:
            raise_registrations_version([registration.workshop_id])
            log_action(
                workshop=registration.workshop, action=Action.CERTIFICATE_ISSUED, obj=registration, actor=actor, at=now
            )
    return certificate


@raises_versions
def issue_certificates(*, workshop_id, actor=None, now=None):
    """Every certificate the workshop owes (one per attended registration), in the order of surnames."""
    now = now or timezone.now()
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        refusal = workshop_certificate_refusal(workshop, now)
        if refusal:
            raise DocumentError(refusal)
        attended = list(attended_registrations(workshop).select_related("certificate"))
        missing = [registration for registration in attended if not hasattr(registration, "certificate")]
        if missing:  # their entries join the registrations' histories
            raise_registrations_version([workshop.pk])
        Certificate.objects.bulk_create(Certificate(registration=r, issued_at=now) for r in missing)
        log_entries(
            entry(workshop=workshop, action=Action.CERTIFICATE_ISSUED, obj=registration, actor=actor, at=now)
            for registration in missing
        )
    certificates = Certificate.objects.filter(registration__in=attended).select_related(
        "registration__participant__organisation"
    )
    return sorted(certificates, key=lambda c: c.registration.participant.full_name.casefold())


def certificate_filename(workshop, participant=None):
    name = f"-{slugify(participant.full_name) or participant.pk}" if participant else "s"
    return f"{workshop.slug}-certificate{name}.pdf"


def queue_document_email(*, template, kind, registration, workshop, attachment, dedup_key):
    """Email a participant one of their documents (made in the same language), written in their language."""
    participant = registration.participant
    language = recipient_language(user=participant.user, workshop=workshop)
    return queue_rendered_email(
        template=template,
        context={"workshop": workshop, "participant": participant, "site_url": settings.SITE_URL},
        language=language,
        to_email=participant.email,
        kind=kind,
        dedup_key=dedup_key,
        registration=registration,
        attachments=[attachment],
    )


def email_certificates(*, workshop_id, actor=None, now=None):
    """Mail everyone the certificate rule gives one their certificate, once per person, the PDF and the email in
    their language; returns how many were queued now."""
    certificates = issue_certificates(workshop_id=workshop_id, actor=actor, now=now)
    workshop = Workshop.objects.get(pk=workshop_id)
    already = set(
        OutgoingEmail.objects.filter(dedup_key__in=[f"certificate:{c.code}" for c in certificates]).values_list(
            "dedup_key", flat=True
        )
    )
    queued = 0
    for certificate in certificates:
        key = f"certificate:{certificate.code}"
        if key in already:
            continue
        participant = certificate.registration.participant
        with translation.override(recipient_language(user=participant.user, workshop=workshop)):
            attachment = pdf_attachment(
                certificate_filename(workshop, participant), certificates_pdf(workshop, [certificate])
            )
        queue_document_email(
            template="certificate",
            kind=OutgoingEmail.Kind.CERTIFICATE,
            registration=certificate.registration,
            workshop=workshop,
            attachment=attachment,
            dedup_key=key,
        )
        queued += 1
    if queued:
        log_action(workshop=workshop, action=Action.CERTIFICATES_EMAILED, actor=actor, data={"count": queued})
    return queued


@raises_versions
def request_visa_letter(*, registration_id, user, details, now=None):
    """A confirmed participant asks for a visa support letter; `details` are the form's passport fields."""
    now = now or timezone.now()
    with transaction.atomic():
        # The workshop row before the registration's, as lock_workshop orders them.
        raise_registrations_version(Registration.objects.filter(pk=registration_id).values("workshop_id"))
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("workshop", "participant")
            .get(pk=registration_id, participant__user=user)
        )
        if registration.status != Status.CONFIRMED:
            raise DocumentError(_("A visa support letter is issued only for a confirmed registration."))
        if now >= registration.workshop.ends_at:
            raise DocumentError(_("The workshop is over: no visa support letter can be requested for it."))
        if registration.visa_letter_requests.exclude(status=VisaLetterRequest.Status.REFUSED).exists():
            raise DocumentError(_("You have already asked for a visa support letter for this workshop."))
        visa_request = VisaLetterRequest.objects.create(
            registration=registration, requested_at=now, **{name: details[name] for name in PASSPORT_FIELDS}
        )
        log_action(
            workshop=registration.workshop,
            action=Action.VISA_LETTER_REQUESTED,
            obj=registration,
            actor=user,
            at=now,
        )
    return visa_request


def letter_snapshot(visa_request, workshop, now):
    """What the letter says, fixed at the moment it is issued, in the active language. The passport number is not
    copied in: it stays encrypted in its column, and the letter reads it there (documents.pdfs)."""
    participant = visa_request.registration.participant
    letterhead = letterhead_of(workshop)

    def day(value):
        return date_format(value, "DATE_FORMAT")

    return {
        "language": translation.get_language(),
        "reference": visa_request.reference,
        "issued_on": day(timezone.localdate(now, workshop.tzinfo)),
        "passport_name": visa_request.passport_name,
        "nationality": str(visa_request.nationality.name),
        "date_of_birth": day(visa_request.date_of_birth),
        "passport_expires_on": day(visa_request.passport_expires_on),
        "arrival_date": day(visa_request.arrival_date),
        "departure_date": day(visa_request.departure_date),
        "position": participant.position,
        "organisation": participant.organisation.name if participant.organisation else "",
        "workshop_title": workshop.title,
        "workshop_dates": f"{day(workshop.start_date)} – {day(workshop.end_date)}",
        "workshop_place": ", ".join(
            part for part in (workshop.venue, workshop.city, str(workshop.country.name)) if part
        ),
        "funding": str(funding_sentence(visa_request.registration)),
        "signatory_name": letterhead.signatory_name,
        "signatory_title": letterhead.signatory_title,
    }


def visa_letter_filename(visa_request):
    return f"visa-letter-{slugify(visa_request.reference)}.pdf"


@raises_versions
def issue_visa_letters(*, workshop_id, request_ids, actor, now=None):
    """Issue the requested letters among `request_ids`: snapshot, PDF, and an email carrying it. Returns them."""
    now = now or timezone.now()
    issued = []
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_registrations_version([workshop.pk])
        requests = (
            VisaLetterRequest.objects.select_for_update(of=("self",))
            .filter(registration__workshop=workshop, pk__in=request_ids, status=VisaLetterRequest.Status.REQUESTED)
            .select_related("registration__participant__organisation", "registration__participant__user")
        )
        for visa_request in requests:
            visa_request.status = VisaLetterRequest.Status.ISSUED
            visa_request.decided_at = now
            visa_request.reference = f"GC/{workshop.start_date.year}/{workshop.pk}/VL/{visa_request.pk}"
            # In the participant's language where the workshop offers it, as every document they are sent.
            participant = visa_request.registration.participant
            with translation.override(recipient_language(user=participant.user, workshop=workshop)):
                visa_request.snapshot = letter_snapshot(visa_request, workshop, now)
            visa_request.save(update_fields=["status", "decided_at", "reference", "snapshot"])
            attachment = pdf_attachment(visa_letter_filename(visa_request), visa_letter_pdf(visa_request))
            queue_document_email(
                template="visa_letter",
                kind=OutgoingEmail.Kind.VISA_LETTER,
                registration=visa_request.registration,
                workshop=workshop,
                attachment=attachment,
                dedup_key=f"visa-letter:{visa_request.pk}",
            )
            log_action(
                workshop=workshop,
                action=Action.VISA_LETTER_ISSUED,
                obj=visa_request.registration,
                actor=actor,
                at=now,
                data={"reference": visa_request.reference},
            )
            issued.append(visa_request)
    return issued


@raises_versions
def refuse_visa_letter(*, workshop_id, request_id, reason, actor, now=None):
    """Refuse a requested letter with a message for the participant, who may then ask again."""
    now = now or timezone.now()
    reason = " ".join(reason.split())
    if not reason:
        raise DocumentError(_("Say why the letter is refused: the participant reads it."))
    with transaction.atomic():
        raise_registrations_version([workshop_id])
        visa_request = (
            VisaLetterRequest.objects.select_for_update(of=("self",))
            .select_related("registration__participant")
            .get(pk=request_id, registration__workshop_id=workshop_id)
        )
        if visa_request.status != VisaLetterRequest.Status.REQUESTED:
            raise DocumentError(_("This letter was already decided."))
        visa_request.status = VisaLetterRequest.Status.REFUSED
        visa_request.decided_at = now
        visa_request.refusal_reason = reason[:500]
        visa_request.save(update_fields=["status", "decided_at", "refusal_reason"])
        log_action(
            workshop=workshop_id,
            action=Action.VISA_LETTER_REFUSED,
            obj=visa_request.registration,
            actor=actor,
            at=now,
            data={"reason": visa_request.refusal_reason},
        )
    return visa_request


def email_due_certificates(*, now=None):
    """Run by celery beat: once a published workshop's last day has ended, mail the certificates it owes. For a
    week after, each run mails only those the rule gives one since (a day recorded late); returns how many."""
    now = now or timezone.now()
    ended = Workshop.objects.filter(
        status=Workshop.Status.PUBLISHED,
        end_date__lt=timezone.localdate(now, datetime.UTC) + datetime.timedelta(days=1),
        end_date__gte=timezone.localdate(now, datetime.UTC) - CERTIFICATES_MAILED_FOR,
    )
    return sum(email_certificates(workshop_id=workshop.pk, now=now) for workshop in ended if now >= workshop.ends_at)


def purge_passport_data(*, now=None):
    """Erase the passport data of every workshop that ended more than 30 days ago: the requests' fields, the
    letters' snapshots and the PDFs the outbox kept. Returns how many requests were erased."""
    now = now or timezone.now()
    erased = 0
    due = VisaLetterRequest.objects.filter(purged_at__isnull=True, registration__workshop__end_date__lt=now.date())
    for workshop_id in set(due.values_list("registration__workshop_id", flat=True)):
        with transaction.atomic():
            workshop = lock_workshop(workshop_id)
            if now < workshop.ends_at + PASSPORT_DATA_KEPT:
                continue
            requests = due.filter(registration__workshop=workshop)
            ids = list(requests.values_list("pk", flat=True))
            VisaLetterRequest.objects.filter(pk__in=ids).update(**PASSPORT_FIELDS, snapshot={}, purged_at=now)
            OutgoingEmail.objects.filter(dedup_key__in=[f"visa-letter:{pk}" for pk in ids]).update(
                attachments=[], updated_at=now
            )
            log_action(workshop=workshop, action=Action.PASSPORT_DATA_ERASED, at=now, data={"count": len(ids)})
            erased += len(ids)
    return erased


def reencrypt_passport_numbers():
    """Encrypt every stored passport number again under the newest key of PASSPORT_ENCRYPTION_KEYS (after a new key
    was put in front), so that the older keys can be removed. Returns how many numbers were re-encrypted."""
    with transaction.atomic():
        requests = list(
            VisaLetterRequest.objects.select_for_update().exclude(passport_number="").only("pk", "passport_number")
        )
        # Read, the field decrypts with whichever key fits; written, it encrypts with the newest.
        VisaLetterRequest.objects.bulk_update(requests, ["passport_number"], batch_size=500)
    return len(requests)


def save_letterhead(*, workshop_id, actor, details, images):
    """Save the workshop's letterhead; `images` maps "logo"/"signature" to (bytes, mimetype) or None to remove."""
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        letterhead, _created = Letterhead.objects.get_or_create(workshop=workshop)
        for name, value in details.items():
            setattr(letterhead, name, value)
        for name, image in images.items():
            content, mimetype = image or (b"", "")
            setattr(letterhead, name, content)
            setattr(letterhead, f"{name}_type", mimetype)
        letterhead.save()
        log_action(workshop=workshop, action=Action.LETTERHEAD_EDITED, actor=actor)
    return letterhead


# A part of a job takes seconds to draw and each one writes the job's progress: a job silent this long lost its
# worker (killed, or its task lost with the broker), and the next click starts it afresh.
PDF_JOB_SILENT_AFTER = datetime.timedelta(minutes=5)
# The files name every participant: they are drawn again in seconds whenever needed, so they are not kept long.
PDF_JOB_FILES_KEPT = datetime.timedelta(days=7)
# Drawing the parts fills the bar up to here; writing the one file of all their pages takes the rest.
PDF_JOB_DRAWN = 95


def pdf_job_refusal(workshop, kind, now):
    """Why this PDF cannot be made now (a message), or None."""
    if kind != PdfJob.Kind.CERTIFICATES:
        return None
    refusal = workshop_certificate_refusal(workshop, now)
    if refusal:
        return refusal
    if not attended_registrations(workshop).exists():
        return _("Nobody was checked in at this workshop, so there is no certificate to print.")
    return None


def start_pdf_job(*, workshop_id, kind, language, actor, now=None):
    """(job, started): the job drawing this PDF of the workshop, new or already under way.

    A second click while one is queued or running gets that one (the database holds one unfinished job per
    workshop, kind and language); the caller hands a new job to the workers (documents.tasks.draw_pdf).
    """
    now = now or timezone.now()
    if kind not in PdfJob.Kind.values or language not in language_codes():
        raise DocumentError(_("Choose a document and a language to make."))
    workshop = Workshop.objects.get(pk=workshop_id)
    refusal = pdf_job_refusal(workshop, kind, now)
    if refusal:
        raise DocumentError(refusal)
    same = {"workshop": workshop, "kind": kind, "language": language}
    with transaction.atomic():
        unfinished = PdfJob.objects.select_for_update().filter(**same, state__in=PdfJob.UNFINISHED).first()
        if unfinished and now - unfinished.updated_at < PDF_JOB_SILENT_AFTER:
            return unfinished, False
        if unfinished:
            give_up_pdf_job(unfinished, now)
        try:
            with transaction.atomic():
                job = PdfJob.objects.create(**same, requested_by=actor, requested_at=now, updated_at=now)
        except IntegrityError:  # another click's job was committed between the read above and this insert
            return PdfJob.objects.get(**same, state__in=PdfJob.UNFINISHED), False
        log_action(workshop=workshop, action=Action.PDF_REQUESTED, actor=actor, at=now, data={"document": kind})
    return job, True


def give_up_pdf_job(job, now):
    job.state = PdfJob.State.FAILED
    job.updated_at = job.finished_at = now
    job.save(update_fields=["state", "updated_at", "finished_at"])


def draw_pdf(job, progress):
    """The job's PDF as bytes, in its language; `progress(done, total)` as it goes."""
    workshop = job.workshop
    if job.kind == PdfJob.Kind.BADGES:
        return badges_pdf(workshop, progress=progress)
    if job.kind == PdfJob.Kind.CERTIFICATES:
        certificates = issue_certificates(workshop_id=workshop.pk, actor=job.requested_by)
        return certificates_pdf(workshop, certificates, progress=progress)
    return official_list_pdf(workshop, job.language)  # one flowing document, counted "Page 3 of 12": one part


def run_pdf_job(*, job_id):
    """Draw a queued job's PDF (a Celery worker, or the web process without a broker), writing its progress as it
    goes, and store the file privately. A job already finished or given up is left alone, so a task delivered
    twice draws nothing twice. A failure marks the job failed: the console says so, and a click starts another.

    Each step is one conditional UPDATE and no transaction spans the drawing: the page polling the job must see
    every progress write while it runs, and a job given up meanwhile (start_pdf_job) is never marked done."""
    unfinished = PdfJob.objects.filter(pk=job_id, state__in=PdfJob.UNFINISHED)
    if not unfinished.update(state=PdfJob.State.RUNNING, updated_at=timezone.now()):
        return None
    job = PdfJob.objects.select_related("workshop", "requested_by").get(pk=job_id)
    running = PdfJob.objects.filter(pk=job_id, state=PdfJob.State.RUNNING)

    def progress(done, total):
        running.update(progress=PDF_JOB_DRAWN * done // total, updated_at=timezone.now())

    try:
        with translation.override(job.language):
            content = draw_pdf(job, progress)
    except Exception:  # whatever broke, the organiser must read "failed", not watch a bar that never moves
        logger.exception("The PDF job %s (%s of workshop %s) failed", job.pk, job.kind, job.workshop_id)
        running.update(state=PdfJob.State.FAILED, updated_at=timezone.now(), finished_at=timezone.now())
        return None
    job.file.save(job.filename, ContentFile(content), save=False)
    now = timezone.now()
    if not running.update(state=PdfJob.State.DONE, progress=100, file=job.file.name, updated_at=now, finished_at=now):
        job.file.delete(save=False)  # given up while it was drawn: a newer job replaces it
        return None
    job.refresh_from_db()
    return job


def purge_pdf_jobs(*, now=None):
    """Delete the jobs (and their files: documents.privacy) asked for longer ago than PDF_JOB_FILES_KEPT; returns
    how many. Run by the retention task."""
    now = now or timezone.now()
    deleted, _by_model = PdfJob.objects.filter(requested_at__lt=now - PDF_JOB_FILES_KEPT).delete()
    return deleted
