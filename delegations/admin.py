from django.contrib import admin

from .models import FocalPoint, Nomination, NominationLetter, Quota


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "created_at")
    list_select_related = ("organisation",)
    search_fields = ("email", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("added_by", "created_at")


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ("workshop", "organisation", "seats", "funded_seats")
    list_select_related = ("workshop", "organisation")
    list_filter = ("workshop",)
    autocomplete_fields = ("organisation",)


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read-only: nominations change through the focal points' and organisers' pages, which keep the rules."""

    list_display = ("passport_name", "email", "organisation", "workshop", "status", "funding")
    list_select_related = ("workshop", "organisation")
    list_filter = ("workshop", "status", "funding")
    search_fields = ("passport_name", "email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NominationLetter)
class NominationLetterAdmin(admin.ModelAdmin):
    list_display = ("organisation", "workshop", "original_name", "size", "uploaded_at")
    list_select_related = ("workshop", "organisation")
    exclude = ("file",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
