from django.utils import timezone, translation

from documents.pdfs import css_string, letterhead_context, page_x_of_y
from documents.rendering import render_pdf

from .rendering import report_html


def report_pdf(workshop, report, language):
    """The report as a document on the workshop's letterhead, in `language` (the text falls back to another
    language where this one's is empty, as the page does)."""
    with translation.override(language):
        context = {
            **letterhead_context(workshop),
            "report_html": report_html(report.body),
            "today": timezone.localdate(),
            "css_title": css_string(workshop.title),
            "css_page_x_of_y": page_x_of_y(),
        }
        return render_pdf(template="report", context=context)


def survey_pdf(workshop, results, language):
    """The survey's results as a document on the workshop's letterhead: the reach, each question's figures and
    chart (drawn as the console draws it), the sessions' table and
    the written answers the page lists."""
    with translation.override(language):
        context = {
            **letterhead_context(workshop),
            "survey": results.survey,
            "results": results,
            "today": timezone.localdate(),
            "css_title": css_string(workshop.title),
            "css_page_x_of_y": page_x_of_y(),
        }
        return render_pdf(template="survey_results", context=context)
