"""The participant's documents (their own certificate and visa letter) and the public certificate check."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.languages import recipient_language
from core.rate_limits import within_limit
from participants.models import Registration

from .forms import VisaLetterRequestForm
from .models import CERTIFICATE_CODE_LENGTH
from .pdfs import certificates_pdf, visa_letter_pdf
from .selectors import certificate_by_code, certificate_days, own_visa_requests
from .services import (
    DocumentError,
    certificate_filename,
    certificate_refusal,
    issue_certificate,
    request_visa_letter,
    visa_letter_filename,
)

CHECKS_PER_MINUTE = 30


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def own_registration(request, pk):
    """The user's own registration; another person's answers 404, as if it did not exist."""
    return get_object_or_404(
        Registration.objects.select_related("workshop", "participant__organisation"),
        pk=pk,
        participant__user=request.user,
    )


@login_required
@require_POST
def certificate(request, pk):
    """The participant's own certificate, issued on first download (a POST: issuing writes a row)."""
    registration = own_registration(request, pk)
    refusal = certificate_refusal(registration, timezone.now())
    if refusal:
        return render(
            request, "documents/no_certificate.html", {"registration": registration, "reason": refusal}, status=404
        )
    issued = issue_certificate(registration_id=registration.pk, actor=request.user)
    # In the participant's language if the workshop offers it, as the certificate they are emailed.
    with translation.override(recipient_language(user=request.user, workshop=registration.workshop)):
        pdf = certificates_pdf(registration.workshop, [issued])
    return pdf_response(pdf, certificate_filename(registration.workshop, registration.participant))


@require_safe
def verify_certificate(request, code):
    """Public: anyone holding the paper checks it. Shows the name, the workshop and its dates, nothing else.

    Each address may check CHECKS_PER_MINUTE codes a minute: plenty for papers in hand, far too few to guess."""
    if not within_limit(request, action="verify-certificate", limit=CHECKS_PER_MINUTE, period=60):
        response = render(
            request,
            "documents/too_many_checks.html",
            {"limit": CHECKS_PER_MINUTE},
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = "60"
        return response
    found = certificate_by_code(code)
    if found is None:
        return render(
            request,
            "documents/unknown_certificate.html",
            {"code": code, "code_length": CERTIFICATE_CODE_LENGTH},
            status=HTTPStatus.NOT_FOUND,
        )
    days = certificate_days(found)
    return render(
        request,
        "documents/verify_certificate.html",
        {"certificate": found, "days": days, "workshop_days": len(found.registration.workshop.days)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visa_letter_request(request, pk):
    registration = own_registration(request, pk)
    workshop = registration.workshop
    form = VisaLetterRequestForm(request.POST or None, workshop=workshop, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            request_visa_letter(registration_id=registration.pk, user=request.user, details=form.cleaned_data)
        except DocumentError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request, _("Your request is sent. The organisers will email you the letter once they have issued it.")
            )
        return redirect("participants:my_registrations")
    return render(request, "documents/visa_letter_request.html", {"registration": registration, "form": form})


@login_required
@require_safe
def visa_letter(request, pk):
    visa_request = get_object_or_404(
        own_visa_requests(request.user).select_related("registration__workshop"), pk=pk, status="issued"
    )
    if visa_request.purged_at:
        raise Http404(_("This letter was erased with the passport data, 30 days after the workshop."))
    return pdf_response(visa_letter_pdf(visa_request), visa_letter_filename(visa_request))
