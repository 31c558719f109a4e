"""Which question fields people read in their own language: one column per language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "low_label", "high_label")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
