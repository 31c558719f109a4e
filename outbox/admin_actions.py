"""Admin actions on the outbox, kept apart from the ModelAdmin so that any registration can list them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .services import retry_failed_emails


@admin.action(description=_("Retry the selected failed emails"), permissions=["change"])
def retry_failed(modeladmin, request, queryset):
    count = retry_failed_emails(emails=queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", count)
        % {"count": count},
        messages.SUCCESS if count else messages.WARNING,
    )
