from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.languages import columns

from .models import ActivityEntry
from .sentences import describe


@admin.register(ActivityEntry)
class ActivityEntryAdmin(admin.ModelAdmin):
    """Read-only: the log records what the services did; editing it would make it lie."""

    list_display = ("created_at", "sentence", "workshop")
    list_filter = ("action", "object_type")
    list_select_related = ("workshop",)
    search_fields = ("actor_name", "object_label", *columns("workshop__title"))
    date_hierarchy = "created_at"

    @admin.display(description=_("what happened"))
    def sentence(self, logged):
        return describe(logged)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
