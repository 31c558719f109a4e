from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from core.admin_actions import apply_to_each
from core.languages import columns
from participants import services
from participants.models import (
    Attendance,
    HeldInvitationFile,
    Invitation,
    Participant,
    Registration,
    RegistrationAnswer,
)

Status = Registration.Status

ADD_REGISTRATION_HELP = _(
    "An organiser's addition skips the registration window and the approval step: the participant is "
    "confirmed while a seat is free, otherwise waitlisted, and is emailed either way. Later decisions "
    "are taken with the actions of the registration list."
)


class NewRegistrationForm(forms.ModelForm):
    """The form that adds a registration by an organiser; the status is decided by the service on save."""

    def clean(self):
        cleaned = super().clean()
        # The add page picks the workshop; the workshop's own inline rows belong to it (maybe not saved yet).
        workshop = cleaned.get("workshop") or getattr(self.instance, "workshop", None)
        participant = cleaned.get("participant")
        if workshop and participant:
            refusal = services.organiser_addition_refusal(workshop=workshop, participant=participant)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


def add_registration_from_form(form, *, workshop, actor):
    """Save an organiser's new-registration form through the service; returns the registration."""
    return services.add_registration(
        workshop_id=workshop.pk,
        participant_id=form.cleaned_data["participant"].pk,
        actor=actor,
        note=form.cleaned_data.get("note", ""),
    )


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "organisation", "position", "country", "created_at")
    list_filter = ("organisation__kind", "country")
    list_select_related = ("user", "organisation")
    search_fields = (
        "full_name",
        "user__email",
        *columns("organisation__name"),
        *columns("organisation__acronym"),
        "position",
    )
    autocomplete_fields = ("user", "organisation")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, participant):
        return participant.user.email

    def delete_model(self, request, obj):
        services.delete_people(participants=Participant.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_people(participants=queryset, actor=request.user)


DECIDED_MESSAGES = {
    Status.CONFIRMED: ngettext_lazy("%(count)d registration confirmed.", "%(count)d registrations confirmed.", "count"),
    Status.REJECTED: ngettext_lazy("%(count)d registration rejected.", "%(count)d registrations rejected.", "count"),
    Status.WAITLISTED: ngettext_lazy(
        "%(count)d registration moved to the waiting list.",
        "%(count)d registrations moved to the waiting list.",
        "count",
    ),
}


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
        *columns("participant__organisation__name"),
        *columns("participant__organisation__acronym"),
    )
    date_hierarchy = "created_at"
    autocomplete_fields = ("workshop", "participant")
    add_form = NewRegistrationForm
    add_fields = ("workshop", "participant", "note")
    # Only the note is edited by hand. Seats, emails and the waitlist follow the status, so it changes
    # only through the actions of the list (the services); the registration time sets the place in the
    # waiting list; moving a registration to another workshop or person would skip that workshop's seats.
    change_readonly_fields = (
        "workshop",
        "participant",
        "status",
        "source",
        "created_at",
        "decided_at",
        "decided_by",
        "attended_at",
    )
    actions = ("confirm", "reject", "move_to_waitlist", "cancel", "check_in", "undo_check_in")

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else (*self.change_readonly_fields, "note")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.change_readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["help_texts"] = {"participant": ADD_REGISTRATION_HELP}
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # The admin goes on to log and link the object it was handed, so it takes on the service's row.
        obj.pk = add_registration_from_form(form, workshop=form.cleaned_data["workshop"], actor=request.user).pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.delete_registrations(registration_ids=[obj.pk], actor=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_registrations(registration_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)

    def decide(self, request, queryset, decision):
        by_workshop = defaultdict(list)
        for workshop_id, registration_id in queryset.values_list("workshop_id", "pk"):
            by_workshop[workshop_id].append(registration_id)
        decided = no_seat = 0
        for workshop_id, registration_ids in by_workshop.items():
            try:
                done, refused = services.decide_registrations(
                    workshop_id=workshop_id,
                    registration_ids=registration_ids,
                    decision=decision,
                    actor=request.user,
                )
            except services.RegistrationError as error:
                self.message_user(request, error.message, messages.ERROR)
                continue
            decided += len(done)
            no_seat += len(refused)
        self.message_user(request, DECIDED_MESSAGES[decision] % {"count": decided}, messages.SUCCESS)
        if no_seat:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration was not confirmed: the workshop has no seat left.",
                    "%(count)d registrations were not confirmed: the workshop has no seat left.",
                    no_seat,
                )
                % {"count": no_seat},
                messages.WARNING,
            )

    def run_one_by_one(self, request, queryset, operation, done_message):
        """Apply a single-registration service to each selected row; refusals are reported, not fatal."""
        apply_to_each(
            self,
            request,
            queryset.select_related(None).only("pk", "workshop_id"),
            operation,
            refused=services.RegistrationError,
            done_message=done_message,
        )

    @admin.action(description=_("Confirm (as seats allow)"))
    def confirm(self, request, queryset):
        self.decide(request, queryset, Status.CONFIRMED)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        self.decide(request, queryset, Status.REJECTED)

    @admin.action(description=_("Move to the waiting list"))
    def move_to_waitlist(self, request, queryset):
        self.decide(request, queryset, Status.WAITLISTED)

    @admin.action(description=_("Cancel (gives the seat to the waiting list)"))
    def cancel(self, request, queryset):
        self.run_one_by_one(
            request,
            queryset,
            lambda registration: services.cancel_registration(registration_id=registration.pk, actor=request.user),
            ngettext_lazy("%(count)d registration cancelled.", "%(count)d registrations cancelled.", "count"),
        )

    @admin.action(description=_("Check in"))
    def check_in(self, request, queryset):
        self.run_one_by_one(
            request,
            queryset,
            lambda registration: services.check_in(
                workshop_id=registration.workshop_id, registration_id=registration.pk, actor=request.user
            ),
            ngettext_lazy("%(count)d participant checked in.", "%(count)d participants checked in.", "count"),
        )

    @admin.action(description=_("Undo check-in"))
    def undo_check_in(self, request, queryset):
        self.run_one_by_one(
            request,
            queryset,
            lambda registration: services.undo_check_in(
                workshop_id=registration.workshop_id, registration_id=registration.pk, actor=request.user
            ),
            ngettext_lazy("%(count)d check-in undone.", "%(count)d check-ins undone.", "count"),
        )

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


@admin.register(HeldInvitationFile)
class HeldInvitationFileAdmin(admin.ModelAdmin):
    """Read-only: a file waits here only between an organiser's preview and confirmation (an hour at most)."""

    list_display = ("workshop", "uploaded_by", "created_at")
    readonly_fields = ("workshop", "uploaded_by", "digest", "answer_by", "created_at")
    exclude = ("data",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """Read-only: records are made and undone by the check-in desk and the console's Attendance tab (services)."""

    list_display = ("registration", "day", "session", "method", "recorded_at", "recorded_by")
    list_filter = ("method", "day")
    list_select_related = ("registration__participant", "registration__workshop", "session", "recorded_by")
    readonly_fields = ("registration", "day", "session", "recorded_at", "recorded_by", "method")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegistrationAnswer)
class RegistrationAnswerAdmin(admin.ModelAdmin):
    """Read-only: participants answer on the registration form and their answers page (services)."""

    list_display = ("registration", "question", "answered_at")
    list_select_related = ("registration__participant", "registration__workshop", "question")
    readonly_fields = ("registration", "question", "value", "file", "answered_at")
    search_fields = ("registration__participant__full_name", "question__key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
