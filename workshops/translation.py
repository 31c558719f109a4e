"""Which workshop and organisation fields people read in their own language: one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Organisation, Workshop


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "summary", "objectives", "venue", "city")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "acronym")
    # An organisation without a French name keeps NULL there, so the name's uniqueness holds per language.
    empty_values = {"name": None}
