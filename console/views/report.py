"""The workshop's report: drafted from the data, edited, published on the workshop page, downloaded as a PDF."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import workshop_view
from console.views.documents import pdf_response
from console.views.workshops import save_with_service
from core.languages import column, language_codes, offered_by
from outcomes import services
from outcomes.drafting import draft_report
from outcomes.forms import ReportForm
from outcomes.pdfs import report_pdf
from outcomes.rendering import report_html
from outcomes.selectors import report_of


def previews(report, languages):
    """[(language, the saved text as readers see it)], its headings under the page's own h2."""
    if report is None:
        return []
    return [
        (language, report_html(getattr(report, column("body", language)), first_heading=3)) for language in languages
    ]


def report_page(request, workshop, form, report, *, drafted=False):
    return render(
        request,
        "console/report.html",
        {
            "workshop": workshop,
            "section": "report",
            "form": form,
            "report": report,
            "drafted": drafted,
            "previews": previews(report, offered_by(workshop)),
            "languages": offered_by(workshop),
        },
    )


@workshop_view()
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, workshop):
    """GET shows the saved report, or a fresh draft when none is saved yet or `?draft` asks for one (nothing is
    saved until the organiser saves); POST saves it."""
    saved = report_of(workshop)
    if request.method == "POST":
        form = ReportForm(request.POST, languages=offered_by(workshop))
        kept = save_with_service(
            request,
            form,
            lambda fields: services.save_report(workshop_id=workshop.pk, bodies=form.bodies(), actor=request.user),
            refused=services.ReportError,
        )
        if kept:
            messages.success(request, _("The report is saved."))
            return redirect("console:report", slug=workshop.slug)
        return report_page(request, workshop, form, saved)
    drafted = saved is None or "draft" in request.GET
    if drafted:
        initial = {column("body", language): text for language, text in draft_report(workshop).items()}
    else:
        initial = {
            column("body", language): getattr(saved, column("body", language)) for language in offered_by(workshop)
        }
    return report_page(
        request, workshop, ReportForm(initial=initial, languages=offered_by(workshop)), saved, drafted=drafted
    )


@workshop_view()
@require_POST
def report_publish(request, workshop):
    publish = request.POST.get("publish") == "1"
    try:
        if publish:
            services.publish_report(workshop_id=workshop.pk, actor=request.user)
        else:
            services.unpublish_report(workshop_id=workshop.pk, actor=request.user)
    except services.ReportError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The report is published on the workshop page as its outcome.")
            if publish
            else _("The report is no longer shown on the workshop page."),
        )
    return redirect("console:report", slug=workshop.slug)


@workshop_view()
@require_safe
def report_download(request, workshop):
    """The saved report as a PDF, in `?language=` (default: the reader's)."""
    saved = report_of(workshop)
    if saved is None:
        messages.error(request, _("Save the report before downloading it: there is nothing saved yet."))
        return redirect("console:report", slug=workshop.slug)
    language = request.GET.get("language")
    language = language if language in language_codes() else request.LANGUAGE_CODE
    return pdf_response(report_pdf(workshop, saved, language), f"{workshop.slug}-report-{language}.pdf")
