"""Which programme fields people read in their own language: one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import ProgrammeSession


@register(ProgrammeSession)
class ProgrammeSessionTranslation(TranslationOptions):
    fields = ("title", "description", "room")
