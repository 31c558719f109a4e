from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin_widgets import NamedControlsMixin, NamedInlineControlsMixin
from core.languages import columns
from sessions.models import ProgrammeSession, Speaker


class SpeakerInline(NamedInlineControlsMixin, admin.TabularInline):
    model = Speaker
    fields = ("participant", "name", "organisation", "role", "order")
    autocomplete_fields = ("participant", "organisation")
    extra = 0


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(NamedControlsMixin, TranslationAdmin):
    list_display = ("title", "workshop", "kind", "local_start", "room")
    list_filter = ("kind", "workshop")
    list_select_related = ("workshop",)
    search_fields = (*columns("title"), "topics", *columns("room"), *columns("workshop__title"))
    date_hierarchy = "starts_at"
    autocomplete_fields = ("workshop",)
    inlines = (SpeakerInline,)

    @admin.display(description=_("starts (workshop time)"), ordering="starts_at")
    def local_start(self, session):
        # Organisers think in the venue's clock, not the server's.
        local = session.starts_at.astimezone(session.workshop.tzinfo)
        return f"{date_format(local, 'DATETIME_FORMAT')} ({session.workshop.time_zone})"


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("display_name", "role", "organisation", "session", "session_workshop")
    list_filter = ("role",)
    list_select_related = ("participant", "organisation", "session__workshop")
    search_fields = ("name", "participant__full_name", *columns("session__title"), *columns("organisation__name"))
    autocomplete_fields = ("session", "participant", "organisation")

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, speaker):
        return speaker.display_name

    @admin.display(description=_("workshop"), ordering="session__workshop__title")
    def session_workshop(self, speaker):
        return speaker.session.workshop
