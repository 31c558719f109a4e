"""Documents of a workshop: badges, the official list, certificates, visa letters and the letterhead."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import workshop_view
from core.languages import offered_by
from core.numbers import whole_numbers
from documents import tasks
from documents.forms import LetterheadForm, RefusalForm
from documents.models import PdfJob
from documents.pdfs import badges_pdf, visa_letter_pdf
from documents.selectors import latest_pdf_jobs, letterhead_of, pdf_jobs, visa_requests
from documents.services import (
    DocumentError,
    issue_visa_letters,
    refuse_visa_letter,
    save_letterhead,
    start_pdf_job,
    visa_letter_filename,
    workshop_certificate_refusal,
)
from workshops.models import OrganiserMembership


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def back_to_documents(workshop):
    return redirect("console:documents", slug=workshop.slug)


def pdf_job_offers(workshop, language):
    """{kind: [(language, its newest job or None)]}: the badges and certificates in the page's language, the
    official list in each of the workshop's languages."""
    latest = latest_pdf_jobs(workshop)
    return {
        kind: [(code, latest.get((kind, code))) for code in languages]
        for kind in PdfJob.Kind.values
        for languages in [offered_by(workshop) if kind == PdfJob.Kind.OFFICIAL_LIST else [language]]
    }


@workshop_view()
@require_safe
def documents(request, workshop):
    return render(
        request,
        "console/documents.html",
        {
            "workshop": workshop,
            "section": "documents",
            "letterhead": letterhead_of(workshop),
            "certificate_refusal": workshop_certificate_refusal(workshop, timezone.now()),
            "visa_requests": visa_requests(workshop),
            "refusal_form": RefusalForm(),
            "jobs": pdf_job_offers(workshop, request.LANGUAGE_CODE),
        },
    )


@workshop_view(checkin_staff_allowed=True)
@require_POST
def badges(request, workshop):
    """Badges for the registrations ticked in the table, drawn at once; every badge is a background job."""
    selected = whole_numbers(request.POST.getlist("registrations"))
    if not selected:
        messages.error(request, _("Tick the registrations to print badges for."))
        return redirect("console:registrations", slug=workshop.slug)
    return pdf_response(badges_pdf(workshop, selected), f"{workshop.slug}-badges.pdf")


@workshop_view()
@require_POST
def certificates_email(request, workshop):
    refusal = workshop_certificate_refusal(workshop, timezone.now())
    if refusal:
        messages.error(request, refusal)
    else:
        tasks.email_certificates.delay(workshop.pk, request.user.pk)
        messages.success(
            request,
            _("The certificates are being sent: each checked-in participant receives theirs once, by email."),
        )
    return back_to_documents(workshop)


@workshop_view()
@require_POST
def visa_letters_issue(request, workshop):
    selected = whole_numbers(request.POST.getlist("requests"))
    if not selected:
        messages.error(request, _("Tick the requests to issue letters for."))
        return back_to_documents(workshop)
    issued = issue_visa_letters(workshop_id=workshop.pk, request_ids=selected, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s letter issued and emailed.", "%(count)s letters issued and emailed.", len(issued))
        % {"count": len(issued)},
    )
    return back_to_documents(workshop)


@workshop_view()
@require_POST
def visa_letter_refuse(request, workshop, request_id):
    get_object_or_404(visa_requests(workshop), pk=request_id)  # another workshop's request answers 404
    form = RefusalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the letter is refused (500 characters at most): the participant reads it."))
        return back_to_documents(workshop)
    try:
        refuse_visa_letter(
            workshop_id=workshop.pk, request_id=request_id, reason=form.cleaned_data["reason"], actor=request.user
        )
    except DocumentError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The request is refused; the participant sees your reason."))
    return back_to_documents(workshop)


@workshop_view()
@require_safe
def visa_letter(request, workshop, request_id):
    found = get_object_or_404(visa_requests(workshop), pk=request_id, status="issued")
    if found.purged_at:
        raise Http404(_("This letter was erased with the passport data, 30 days after the workshop."))
    return pdf_response(visa_letter_pdf(found), visa_letter_filename(found))


@workshop_view()
@require_http_methods(["GET", "POST"])
def letterhead(request, workshop):
    current = letterhead_of(workshop)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        save_letterhead(
            workshop_id=workshop.pk,
            actor=request.user,
            details={name: form.cleaned_data[name] for name in LetterheadForm.Meta.fields},
            images=form.images(),
        )
        messages.success(request, _("The letterhead is saved: every document drawn from now on uses it."))
        return back_to_documents(workshop)
    return render(
        request,
        "console/letterhead.html",
        {"workshop": workshop, "section": "documents", "form": form, "letterhead": current},
    )


def is_checkin_staff(request):
    return request.workshop_role == OrganiserMembership.Role.CHECKIN


@workshop_view(checkin_staff_allowed=True)
@require_POST
def pdf_job_start(request, workshop):
    """Starts drawing a whole workshop's PDF in the background, or finds the job already drawing it; either way
    the next page shows its progress. Check-in staff make the badges only."""
    kind = request.POST.get("kind", "")
    back = "console:checkin" if is_checkin_staff(request) else "console:documents"
    if is_checkin_staff(request) and kind != PdfJob.Kind.BADGES:
        messages.error(request, _("Check-in staff may print the badges only."))
        return redirect(back, slug=workshop.slug)
    language = request.POST.get("language") or request.LANGUAGE_CODE
    try:
        job, started = start_pdf_job(workshop_id=workshop.pk, kind=kind, language=language, actor=request.user)
    except DocumentError as refusal:
        messages.error(request, refusal.message)
        return redirect(back, slug=workshop.slug)
    if started:
        tasks.draw_pdf.delay(job.pk)
    else:
        messages.info(request, _("This PDF was already being drawn: here is how far it got."))
    return redirect("console:pdf_job", slug=workshop.slug, job_id=job.pk)


def job_of(request, workshop, job_id):
    return get_object_or_404(pdf_jobs(workshop, badges_only=is_checkin_staff(request)), pk=job_id)


def job_status(job):
    """What the progress page shows of a job, and what its script reads again every two seconds."""
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "progress": job.progress,
        "file_url": reverse("console:pdf_job_file", kwargs={"slug": job.workshop.slug, "job_id": job.pk})
        if job.state == PdfJob.State.DONE
        else "",
    }


@workshop_view(checkin_staff_allowed=True)
@require_safe
def pdf_job(request, workshop, job_id):
    """A job's progress bar, then its file. Scripts read the status every two seconds; without them the page
    reloads itself while the job is unfinished."""
    job = job_of(request, workshop, job_id)
    return render(
        request,
        "console/pdf_job.html",
        {
            "workshop": workshop,
            "section": "checkin" if is_checkin_staff(request) else "documents",
            "job": job,
            "status": job_status(job),
        },
    )


@workshop_view(checkin_staff_allowed=True)
@require_safe
def pdf_job_status(request, workshop, job_id):
    return JsonResponse(job_status(job_of(request, workshop, job_id)))


@workshop_view(checkin_staff_allowed=True)
@require_safe
def pdf_job_file(request, workshop, job_id):
    job = job_of(request, workshop, job_id)
    if job.state != PdfJob.State.DONE:
        raise Http404(_("This PDF is not ready."))
    try:
        content = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This PDF was removed: make it again.")) from None
    return FileResponse(content, as_attachment=True, filename=job.filename, content_type="application/pdf")
