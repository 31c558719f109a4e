"""The report is written in each of the portal's languages: one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import WorkshopReport


@register(WorkshopReport)
class WorkshopReportTranslation(TranslationOptions):
    fields = ("body",)
