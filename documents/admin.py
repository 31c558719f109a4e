from django.contrib import admin

from .models import Certificate, Letterhead, PdfJob, VisaLetterRequest


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    list_display = ("workshop", "signatory_name", "document_symbol", "updated_at")
    fields = ("workshop", "signatory_name", "signatory_title", "document_symbol")
    readonly_fields = ("workshop",)

    def has_add_permission(self, request):
        return False  # made from the console, which checks the images


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "registration", "issued_at")
    search_fields = ("code", "registration__participant__full_name")
    readonly_fields = ("registration", "code", "issued_at")

    def has_add_permission(self, request):
        return False


@admin.register(VisaLetterRequest)
class VisaLetterRequestAdmin(admin.ModelAdmin):
    # Passport data is shown to organisers on the request in the console only; admin lists the decisions.
    list_display = ("registration", "status", "reference", "requested_at", "purged_at")
    list_filter = ("status",)
    fields = ("registration", "status", "reference", "requested_at", "decided_at", "refusal_reason", "purged_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(PdfJob)
class PdfJobAdmin(admin.ModelAdmin):
    # Made from the console (the job draws the file); admin shows who asked for what, and may delete a job.
    list_display = ("workshop", "kind", "language", "state", "progress", "requested_by", "requested_at")
    list_filter = ("kind", "state")
    fields = ("workshop", "kind", "language", "state", "progress", "requested_by", "requested_at", "finished_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
