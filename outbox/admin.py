from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from outbox.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """A record of what the portal sent or tried to send; it is written only by the code that
    decided to send, so the admin looks and never edits."""

    list_display = ("subject", "to_email", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to_email", "subject")
    date_hierarchy = "created_at"
    fields = (
        ("to_email", "kind"),
        "subject",
        ("status", "attempts", "sent_at"),
        "last_error",
        "body_text",
        "body_html",
        "attachment_names",
        ("registration", "invitation"),
        "dedup_key",
        ("created_at", "updated_at"),
    )
    readonly_fields = ("attachment_names",)

    @admin.display(description=_("attachments"))
    def attachment_names(self, email):
        # The file contents are stored inline; their names are what a reader needs.
        return ", ".join(attachment["filename"] for attachment in email.attachments) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
