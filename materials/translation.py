"""Which document fields people read in their own language: one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Material


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)
