"""The admin pages of the lower apps' models whose actions reach participants (registered by apps.py): a user's
deletion deletes the person (their registrations free their seats), a workshop's page shows its seats and adds
registrations, an organisation is merged with the people and invitations naming it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.fields import Country
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from accounts.models import User
from core.admin_actions import apply_to_each
from core.admin_widgets import NamedControlsMixin, NamedInlineControlsMixin
from core.languages import columns
from core.numbers import whole_number
from participants.admin import ADD_REGISTRATION_HELP, NewRegistrationForm, add_registration_from_form
from participants.models import Registration
from participants.organisations import OrganisationMergeError, merge_organisations
from participants.selectors import seat_counts, with_seat_counts
from participants.services import RegistrationError, delete_people
from participants.workshop_changes import programme_moved_with, update_workshop
from sessions.models import ProgrammeSession
from workshops.forms import WorkshopClockMixin, time_zone_choices
from workshops.models import Organisation, OrganiserMembership, Workshop, WorkshopPartner
from workshops.services import (
    EDITABLE_FIELDS,
    WorkshopError,
    WorkshopStateError,
    publish_workshop,
    unpublish_workshop,
    workshop_rule_errors,
)


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    # TranslationAdmin: the name and acronym in each language, side by side.
    list_display = ("name", "acronym", "kind", "country", "wco_region", "needs_review")
    list_filter = ("needs_review", "kind", "wco_region")
    search_fields = (*columns("name"), *columns("acronym"))
    actions = ["merge"]

    @admin.action(description=_("Merge the selected organisations into one of them…"))
    def merge(self, request, queryset):
        """A page asks which of the selected to keep; confirming merges each of the others into it."""
        organisations = list(queryset.order_by("name"))
        if len(organisations) < 2:
            self.message_user(request, _("Select at least two organisations to merge."), messages.WARNING)
            return None
        keep_id = whole_number(request.POST.get("keep"))
        if keep_id in {o.pk for o in organisations}:
            merged = [o for o in organisations if o.pk != keep_id]
            apply_to_each(
                self,
                request,
                merged,
                lambda organisation: merge_organisations(keep_id=keep_id, merge_id=organisation.pk, actor=request.user),
                refused=OrganisationMergeError,
                done_message=ngettext_lazy(
                    "%(count)d organisation merged.", "%(count)d organisations merged.", "count"
                ),
            )
            return None
        return TemplateResponse(
            request,
            "admin/workshops/organisation/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge organisations"),
                "opts": self.model._meta,
                "organisations": organisations,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class WorkshopAdminForm(WorkshopClockMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("The programme and all times of this workshop are shown in this zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_offsets"].help_text = _(
            "Days before the first day on which a reminder goes out, as a list such as [14, 2]."
        )

    def clean_reminder_offsets(self):
        # An emptied box means "no reminders"; the column itself never holds NULL.
        offsets = self.cleaned_data["reminder_offsets"]
        return [] if offsets is None else offsets

    def _post_clean(self):
        """The console's rules, beside the fields, before anything is saved (update_workshop checks them
        again under the row lock): seats for everyone confirmed or pending, and a programme that fits the new dates."""
        super()._post_clean()
        if self.errors:
            return
        workshop = self.instance
        seats = seat_counts(workshop) if workshop.pk else None
        for field, message in workshop_rule_errors(workshop, seats=seats).items():
            self.add_error(field, message)
        if workshop.pk and not self.errors:
            stored = Workshop.objects.get(pk=workshop.pk)
            try:
                programme_moved_with(workshop, old_start_date=stored.start_date, old_zone=stored.tzinfo)
            except WorkshopError as error:
                self.add_error(None, error.message_dict)


class WorkshopPartnerInline(NamedInlineControlsMixin, admin.TabularInline):
    model = WorkshopPartner
    fields = ("organisation", "role", "order")
    autocomplete_fields = ("organisation",)
    extra = 0


class OrganiserMembershipInline(NamedInlineControlsMixin, admin.TabularInline):
    model = OrganiserMembership
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0


class ProgrammeSessionInline(NamedInlineControlsMixin, TranslationTabularInline):
    model = ProgrammeSession
    fields = ("title", "kind", "starts_at", "ends_at", "room")
    show_change_link = True  # speakers are edited on the session's own page
    extra = 0


class RegistrationInline(NamedInlineControlsMixin, admin.TabularInline):
    """The registrations already made, read-only: a workshop may hold hundreds, and each
    decision on one (confirm, reject, cancel) changes the seat count, so it is taken on its own page."""

    model = Registration
    fields = ("participant", "participant_organisation", "status", "source", "created_at", "attended_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0
    verbose_name_plural = _("registrations")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row is titled with str(registration), which names the participant and the workshop.
        return super().get_queryset(request).select_related("participant__organisation", "workshop")

    @admin.display(description=_("organisation"))
    def participant_organisation(self, registration):
        organisation = registration.participant.organisation
        return organisation.short_name if organisation else "—"


class NewRegistrationInline(NamedInlineControlsMixin, admin.TabularInline):
    """Blank rows for adding participants; each row's participant picker looks its choice up
    on its own, so existing registrations are listed by RegistrationInline instead."""

    model = Registration
    form = NewRegistrationForm
    fields = ("participant", "note")
    autocomplete_fields = ("participant",)
    extra = 0
    verbose_name = _("new registration")
    verbose_name_plural = _("add registrations")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {"participant": ADD_REGISTRATION_HELP}
        return super().get_formset(request, obj, **kwargs)


class WorkshopCountryFilter(admin.SimpleListFilter):
    """Offers only the countries that have hosted a workshop, not all 249."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Workshop.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, Country(code).name) for code in codes), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(Workshop)
class WorkshopAdmin(NamedControlsMixin, TranslationAdmin):
    form = WorkshopAdminForm
    list_display = (
        "title",
        "start_date",
        "end_date",
        "place",
        "status",
        "capacity",
        "confirmed_count",
    )
    list_filter = ("status", "wco_region", "requires_approval", WorkshopCountryFilter)
    search_fields = (*columns("title"), "slug", *columns("city"), *columns("venue"))
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("registration_overview", "created_at", "updated_at")
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (
            None,
            {
                "fields": ("title", "slug", "status", "summary", "objectives", "languages", "default_language"),
                "description": _(
                    "Once a workshop is saved, its status changes with the actions of the workshop list "
                    "(publish, unpublish) or in the organiser console, which also cancels a workshop with a "
                    "message to every registrant."
                ),
            },
        ),
        (_("Place"), {"fields": ("city", "country", "wco_region", "venue", "time_zone")}),
        (
            _("Dates and registration"),
            {
                "fields": (
                    ("start_date", "end_date"),
                    "capacity",
                    "registration_overview",
                    ("registration_opens_at", "registration_closes_at"),
                    "requires_approval",
                    "reminder_offsets",
                )
            },
        ),
        (
            _("Delegations"),
            {
                "fields": (
                    "admission",
                    ("nomination_opens_at", "nomination_closes_at"),
                    "nomination_letter_required",
                    ("funding_budget", "funding_deadline"),
                )
            },
        ),
        (_("Attendance"), {"fields": ("certificate_min_days", "self_check_in")}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (
        WorkshopPartnerInline,
        OrganiserMembershipInline,
        ProgrammeSessionInline,
        RegistrationInline,
        NewRegistrationInline,
    )

    def get_readonly_fields(self, request, obj=None):
        # Status changes go through the services (a cancellation writes to every registrant), so an
        # existing workshop's status changes by the actions of the list or in the organiser console.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "status") if obj else readonly

    def change_status(self, request, queryset, operation, done_message):
        apply_to_each(
            self,
            request,
            queryset,
            lambda workshop: operation(workshop_id=workshop.pk, actor=request.user),
            refused=WorkshopStateError,
            done_message=done_message,
            name_refused=True,
        )

    @admin.action(description=_("Publish (drafts only)"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self.change_status(
            request,
            queryset,
            publish_workshop,
            ngettext_lazy("%(count)d workshop published.", "%(count)d workshops published.", "count"),
        )

    @admin.action(description=_("Unpublish (back to draft, registrations kept)"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self.change_status(
            request,
            queryset,
            unpublish_workshop,
            ngettext_lazy("%(count)d workshop unpublished.", "%(count)d workshops unpublished.", "count"),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The registration window and the sessions are shown and typed on the workshop's clock,
        # as everywhere else, not the server's (UTC).
        workshop = self.get_object(request, unquote(object_id)) if object_id else None
        zone = workshop.tzinfo if workshop else timezone.get_current_timezone()
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # A TemplateResponse renders later, outside this block, unless rendered here.
            return response.render() if hasattr(response, "render") else response

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ProgrammeSessionInline) and obj.pk:
            # Session rows are typed against the workshop as it stands; update_workshop then moves
            # them with the workshop, so they are not judged by dates they are about to leave.
            kwargs["instance"] = Workshop.objects.get(pk=obj.pk)
        return kwargs

    def save_model(self, request, obj, form, change):
        # A change is saved in save_related, together with the rows it may move.
        if not change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not change:
            super().save_related(request, form, formsets, change)
            return
        workshop = form.instance
        try:
            with transaction.atomic():
                admin_only = [name for name in form.changed_data if name not in EDITABLE_FIELDS]
                if admin_only:
                    workshop.save(update_fields=admin_only)
                super().save_related(request, form, formsets, change)
                # After the session rows, so that it moves those too.
                update_workshop(
                    workshop_id=workshop.pk,
                    fields={name: getattr(workshop, name) for name in EDITABLE_FIELDS},
                    actor=request.user,
                )
        except WorkshopError as error:
            # Only a session row edited in this same save can be stranded here (the form checked the
            # stored ones), or a registration confirmed meanwhile: nothing is kept, and the page says why.
            request.workshop_refused = True
            self.message_user(request, error.message, messages.ERROR)

    def log_change(self, request, obj, message):
        if not getattr(request, "workshop_refused", False):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, "workshop_refused", False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Registration:
            super().save_formset(request, form, formset, change)
            return
        # New registrations go through the service, which decides the status by the seats left and emails.
        added = []
        for row in formset.forms:
            if not row.has_changed() or row in formset.deleted_forms:
                continue
            try:
                added.append(add_registration_from_form(row, workshop=form.instance, actor=request.user))
            except RegistrationError as error:  # two rows naming the same person
                self.message_user(request, error.message, messages.WARNING)
        formset.new_objects = added  # the admin's change message names them
        formset.changed_objects = formset.deleted_objects = []

    def get_queryset(self, request):
        return with_seat_counts(super().get_queryset(request))

    @admin.display(description=_("registrations"))
    def registration_overview(self, workshop):
        if workshop.pk is None:
            return "—"
        url = reverse("admin:participants_registration_changelist") + f"?workshop__id__exact={workshop.pk}"
        return format_html(
            '{} <a href="{}">{}</a>',
            _("%(confirmed)s confirmed for %(seats)s seats.")
            % {"confirmed": workshop.confirmed_count, "seats": workshop.capacity},
            url,
            _("Search and filter all registrations of this workshop"),
        )

    @admin.display(description=_("place"), ordering="city")
    def place(self, workshop):
        return f"{workshop.city}, {workshop.country.name}"

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed_count(self, workshop):
        return workshop.confirmed_count


@admin.register(WorkshopPartner)
class WorkshopPartnerAdmin(admin.ModelAdmin):
    list_display = ("organisation", "role", "workshop", "order")
    list_filter = ("role",)
    list_select_related = ("organisation", "workshop")
    search_fields = (*columns("organisation__name"), *columns("organisation__acronym"), *columns("workshop__title"))
    autocomplete_fields = ("workshop", "organisation")


@admin.register(OrganiserMembership)
class OrganiserMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "workshop", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "workshop")
    search_fields = ("user__email", "user__name", *columns("workshop__title"))
    autocomplete_fields = ("workshop", "user")


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")
        field_classes = {}


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, reshaped for an account that logs in with its email address."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "name", "usable_password", "password1", "password2")},
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "name", "is_staff", "is_superuser", "is_active", "last_login", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    ordering = ("email",)
    date_hierarchy = "date_joined"

    # A deleted account's registrations go through the registration services: seats reach the waitlist.
    def delete_model(self, request, obj):
        delete_people(users=User.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset):
        delete_people(users=queryset, actor=request.user)
