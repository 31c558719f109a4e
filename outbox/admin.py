from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import OutgoingEmail, SharedBody
from outbox.services import retry_failed_emails


@admin.action(description=_("Retry the selected failed emails"), permissions=["retry"])
def retry_failed(modeladmin, request, queryset):
    count = retry_failed_emails(emails=queryset, actor=request.user)
    modeladmin.message_user(
        request,
        ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", count)
        % {"count": count},
        messages.SUCCESS if count else messages.WARNING,
    )


@admin.register(SharedBody)
class SharedBodyAdmin(admin.ModelAdmin):
    """The bodies of a bulk send, with the merge marks its emails fill in when sent; looked at, never edited."""

    list_display = ("__str__", "created_at")
    date_hierarchy = "created_at"
    fields = ("body_text", "body_html", "created_at")
    readonly_fields = ("created_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """A record of what the portal sent or tried to send; it is written only by the code that
    decided to send, so the admin looks and never edits."""

    list_display = ("subject", "to_email", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to_email", "subject", "message_id")
    date_hierarchy = "created_at"
    fields = (
        ("to_email", "kind"),
        "subject",
        ("status", "attempts", "sent_at"),
        "last_error",
        "filled_text",
        "filled_html",
        ("attachment_names", "programme_of"),
        ("registration", "invitation"),
        ("dedup_key", "language"),
        "message_id",
        ("created_at", "updated_at", "pruned_at"),
    )
    readonly_fields = ("filled_text", "filled_html", "attachment_names")
    actions = [retry_failed]

    @admin.display(description=_("text body"))
    def filled_text(self, email):
        return email.filled_text

    @admin.display(description=_("HTML body"))
    def filled_html(self, email):
        return email.filled_html

    @admin.display(description=_("attachments"))
    def attachment_names(self, email):
        # The file contents are stored inline; their names are what a reader needs.
        return ", ".join(attachment["filename"] for attachment in email.attachments) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        # Rows are never edited by hand, but whoever may change them may ask for another delivery attempt.
        return request.user.has_perm("outbox.change_outgoingemail")
