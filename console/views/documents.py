"""Documents of a workshop: badges, the official list, certificates, visa letters and the letterhead."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import workshop_view
from core.numbers import whole_number, whole_numbers
from documents import tasks
from documents.forms import LetterheadForm, RefusalForm
from documents.pdfs import badges_pdf, certificates_pdf, official_list_pdf, visa_letter_pdf
from documents.selectors import attended_registrations, letterhead_of, visa_requests
from documents.services import (
    DocumentError,
    issue_certificates,
    issue_visa_letters,
    refuse_visa_letter,
    save_letterhead,
    visa_letter_filename,
    workshop_certificate_refusal,
)

LANGUAGES = {"en", "fr"}
CERTIFICATES_PER_FILE = 100


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def certificate_files(count):
    """[(part, first, last)] of the certificates' files: one file, or one per hundred people."""
    return [
        (number + 1, first + 1, min(first + CERTIFICATES_PER_FILE, count))
        for number, first in enumerate(range(0, count, CERTIFICATES_PER_FILE))
    ]


def back_to_documents(workshop):
    return redirect("console:documents", slug=workshop.slug)


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
            "certificate_files": certificate_files(attended_registrations(workshop).count()),
            "visa_requests": visa_requests(workshop),
            "refusal_form": RefusalForm(),
        },
    )


@workshop_view(checkin_staff_allowed=True)
@require_http_methods(["GET", "HEAD", "POST"])
def badges(request, workshop):
    """Badges for every confirmed participant (GET), or for the registrations ticked in the table (POST)."""
    selected = whole_numbers(request.POST.getlist("registrations"))
    if selected is None:
        messages.error(request, _("Tick the registrations to print badges for."))
        return redirect("console:registrations", slug=workshop.slug)
    return pdf_response(badges_pdf(workshop, selected or None), f"{workshop.slug}-badges.pdf")


@workshop_view()
@require_safe
def official_list(request, workshop):
    language = request.GET.get("language") if request.GET.get("language") in LANGUAGES else request.LANGUAGE_CODE
    return pdf_response(official_list_pdf(workshop, language), f"{workshop.slug}-participants-{language}.pdf")


@workshop_view()
@require_POST
def certificates(request, workshop):
    """Issues the certificates not issued yet, then hands them over in files of a hundred (a POST: it writes).

    A hundred pages take seconds to draw; five hundred would outlast a request, so `part` picks the file.
    """
    part = whole_number(request.POST.get("part", "1"))
    if not part:
        raise Http404(_("There are not that many certificates."))
    try:
        issued = issue_certificates(workshop_id=workshop.pk, actor=request.user)
    except DocumentError as refusal:
        messages.error(request, refusal.message)
        return back_to_documents(workshop)
    if not issued:
        messages.info(request, _("Nobody was checked in at this workshop, so there is no certificate to print."))
        return back_to_documents(workshop)
    first = (part - 1) * CERTIFICATES_PER_FILE
    chosen = issued[first : first + CERTIFICATES_PER_FILE]
    if not chosen:
        raise Http404(_("There are not that many certificates."))
    suffix = f"-{part}" if len(issued) > CERTIFICATES_PER_FILE else ""
    return pdf_response(certificates_pdf(workshop, chosen), f"{workshop.slug}-certificates{suffix}.pdf")


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
