from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from participants.models import Invitation, Participant, Registration


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "organisation", "position", "country", "created_at")
    list_filter = ("organisation__kind", "country")
    list_select_related = ("user", "organisation")
    search_fields = ("full_name", "user__email", "organisation__name", "organisation__acronym", "position")
    autocomplete_fields = ("user", "organisation")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, participant):
        return participant.user.email


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = (
        "participant",
        "status",
        "workshop",
        "participant_organisation",
        "participant_email",
        "source",
        "created_at",
        "attended_at",
    )
    list_filter = ("status", "workshop", "source")
    list_select_related = ("participant__user", "participant__organisation", "workshop")
    search_fields = (
        "participant__full_name",
        "participant__user__email",
        "participant__organisation__name",
        "participant__organisation__acronym",
    )
    date_hierarchy = "created_at"
    autocomplete_fields = ("workshop", "participant", "decided_by")
    # The registration time sets the place in the waiting list, so it is never rewritten by hand.
    readonly_fields = ("created_at",)

    @admin.display(description=_("email"), ordering="participant__user__email")
    def participant_email(self, registration):
        return registration.participant.user.email

    @admin.display(description=_("organisation"), ordering="participant__organisation__name")
    def participant_organisation(self, registration):
        organisation = registration.participant.organisation
        return organisation.short_name if organisation else "—"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "organisation_name", "workshop", "status", "expires_at", "sent_at", "responded_at")
    list_filter = ("status", "workshop")
    list_select_related = ("workshop",)
    search_fields = ("name", "email", "organisation_name")
    date_hierarchy = "expires_at"
    autocomplete_fields = ("workshop", "invited_by", "registration")
    readonly_fields = ("sent_at", "responded_at", "registration", "created_at")

    def has_add_permission(self, request):
        # An invitation is worth something only with the token its email carries, and that
        # token exists only inside the code that creates and mails the invitation.
        return False
