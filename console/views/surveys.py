"""The workshop's surveys: the evaluation and the follow-up, their settings, their results, and the results' exports
(CSV and XLSX of the answers, a PDF summary with the charts). For the workshop's organisers and the secretariat."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import workshop_view
from console.charts import bar_chart
from console.exports import csv_pieces, survey_answer_rows, survey_summary_rows, xlsx_file
from console.views.documents import pdf_response
from console.views.questions import questionnaire_page
from console.views.workshops import save_with_service
from outcomes import surveys as services
from outcomes.forms import SurveySearchForm, SurveySettingsForm
from outcomes.models import Survey
from outcomes.pdfs import survey_pdf
from outcomes.selectors import survey_results, surveys_of
from questions.engine import questions_of


def survey_of(workshop, survey_id):
    return get_object_or_404(
        Survey.objects.select_related("workshop", "questionnaire"), pk=survey_id, workshop=workshop
    )


@dataclass
class SurveyCard:
    survey: object
    form: object
    opens_at: object
    questions: list


def surveys_page(request, workshop, forms=None):
    listed = surveys_of(workshop)
    forms = forms or {}
    programme_end = services.last_session_end(workshop)
    return render(
        request,
        "console/surveys.html",
        {
            "workshop": workshop,
            "section": "surveys",
            "cards": [
                SurveyCard(
                    survey=survey,
                    form=forms.get(survey.pk) or SurveySettingsForm(instance=survey),
                    opens_at=services.opens_at(survey, programme_end),
                    questions=questions_of(survey.questionnaire_id),
                )
                for survey in listed
            ],
            "missing": [purpose for purpose in Survey.Purpose if purpose not in {survey.purpose for survey in listed}],
        },
    )


@workshop_view()
@require_safe
def surveys(request, workshop):
    return surveys_page(request, workshop)


@workshop_view()
@require_POST
def survey_prepare(request, workshop):
    purpose = request.POST.get("purpose")
    if purpose not in Survey.Purpose.values:
        messages.error(request, _("Choose the evaluation or the follow-up survey to prepare."))
        return redirect("console:surveys", slug=workshop.slug)
    services.prepare_survey(workshop_id=workshop.pk, purpose=purpose, actor=request.user)
    messages.success(request, _("The survey is prepared from its template. Check its questions and its dates."))
    return redirect("console:surveys", slug=workshop.slug)


@workshop_view()
@require_http_methods(["GET", "HEAD", "POST"])
def survey_questions(request, workshop, survey_id):
    """The survey's questions, built on the Questions tab's page (its template's, made from the programme, edited)."""
    return questionnaire_page(request, workshop, survey_of(workshop, survey_id).questionnaire)


@workshop_view()
@require_POST
def survey_settings(request, workshop, survey_id):
    survey = survey_of(workshop, survey_id)
    form = SurveySettingsForm(request.POST, instance=survey)
    saved = save_with_service(
        request,
        form,
        lambda values: services.update_survey(survey_id=survey.pk, values=values, actor=request.user),
        refused=services.SurveyError,
    )
    if saved:
        messages.success(request, _("The survey's settings are saved."))
        return redirect("console:surveys", slug=workshop.slug)
    return surveys_page(request, workshop, {survey.pk: form})


def drawn(results):
    """The results, each question whose answers are counted given its bar chart."""
    for result in results.questions:
        if result.counts:
            result.chart = bar_chart(result.counts)
    return results


@workshop_view()
@require_safe
def survey_results_page(request, workshop, survey_id):
    survey = survey_of(workshop, survey_id)
    form = SurveySearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    results = drawn(survey_results(survey, search=search))
    return render(
        request,
        "console/survey_results.html",
        {
            "workshop": workshop,
            "section": "surveys",
            "survey": survey,
            "results": results,
            "form": form,
        },
    )


def export_name(survey, extension):
    return f"{survey.workshop.slug}-{survey.purpose.replace('_', '-')}.{extension}"


@workshop_view()
@require_safe
def survey_csv(request, workshop, survey_id):
    """Every answer, one row each, streamed as CSV."""
    survey = survey_of(workshop, survey_id)
    response = StreamingHttpResponse(
        csv_pieces(survey_answer_rows(survey_results(survey))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_name(survey, "csv")}"'
    return response


@workshop_view()
@require_safe
def survey_xlsx(request, workshop, survey_id):
    """The answers (a raw sheet) and the figures (a summary sheet) as XLSX, written by XlsxWriter in constant memory."""
    survey = survey_of(workshop, survey_id)
    results = survey_results(survey)
    return FileResponse(
        xlsx_file((_("Answers"), survey_answer_rows(results)), (_("Summary"), survey_summary_rows(results))),
        as_attachment=True,
        filename=export_name(survey, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@workshop_view()
@require_safe
def survey_pdf_download(request, workshop, survey_id):
    """The results page's figures and charts as a PDF, in the reader's language."""
    survey = survey_of(workshop, survey_id)
    results = drawn(survey_results(survey))
    return pdf_response(survey_pdf(workshop, results, request.LANGUAGE_CODE), export_name(survey, "pdf"))
