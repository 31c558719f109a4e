"""The questionnaires in admin, to read: organisers build them in the console's Questions tab (services)."""

from django.contrib import admin

from .models import Choice, Question, Questionnaire


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnly):
    list_display = ("workshop", "purpose", "created_at")
    list_filter = ("purpose",)
    list_select_related = ("workshop",)


@admin.register(Question)
class QuestionAdmin(ReadOnly):
    list_display = ("label", "key", "kind", "questionnaire", "position", "archived_at")
    list_filter = ("kind",)
    list_select_related = ("questionnaire__workshop",)
    search_fields = ("key", "label_en", "label_fr")


@admin.register(Choice)
class ChoiceAdmin(ReadOnly):
    list_display = ("label", "key", "question", "hidden")
    list_select_related = ("question",)
