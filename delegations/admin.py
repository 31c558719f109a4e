from django.contrib import admin

from core.languages import columns

from . import services
from .models import FocalPoint, Nomination, NominationLetter, Quota


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    """Added and removed through the services, which tell the person and write the activity log. A focal point
    is not edited: another address or organisation is a removal and an addition, each logged."""

    list_display = ("email", "organisation", "created_at")
    list_select_related = ("organisation",)
    search_fields = ("email", *columns("organisation__name"), *columns("organisation__acronym"))
    autocomplete_fields = ("organisation",)
    readonly_fields = ("added_by", "created_at")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The admin goes on to log and link the object it was handed, so it takes on the service's row.
        obj.pk = services.add_focal_point(
            organisation_id=form.cleaned_data["organisation"].pk, email=form.cleaned_data["email"], actor=request.user
        ).pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.remove_focal_point(focal_point_id=obj.pk, actor=request.user)

    def delete_queryset(self, request, queryset):
        for focal_point_id in queryset.values_list("pk", flat=True):
            services.remove_focal_point(focal_point_id=focal_point_id, actor=request.user)


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    """Saved through the service, which writes the activity log; a quota stays with its workshop and organisation."""

    list_display = ("workshop", "organisation", "seats", "funded_seats")
    list_select_related = ("workshop", "organisation")
    list_filter = ("workshop",)
    autocomplete_fields = ("organisation",)

    def get_readonly_fields(self, request, obj=None):
        return ("workshop", "organisation") if obj else ()

    def save_model(self, request, obj, form, change):
        obj.pk = services.set_quota(
            workshop_id=obj.workshop_id,
            organisation_id=obj.organisation_id,
            seats=obj.seats,
            funded_seats=obj.funded_seats,
            actor=request.user,
        ).pk


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
