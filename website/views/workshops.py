"""The public pages: the home page, the list and search of workshops, a workshop's page and its `.ics`."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from core import page_cache as cache_entries
from core.languages import language_codes
from participants.selectors import with_seat_counts
from website import page_cache
from website.forms import WorkshopFilterForm
from workshops.models import Workshop
from workshops.selectors import upcoming_and_past, visible_workshop, visible_workshops

RECENT_WORKSHOPS_SHOWN = 6


def home(request):
    def render_home(**extra):
        published = with_seat_counts(Workshop.objects.published())
        upcoming, recent = upcoming_and_past(published, timezone.now(), past_limit=RECENT_WORKSHOPS_SHOWN)
        return {"upcoming": upcoming, "recent": recent, **extra}

    return shared_or_own_copy(
        request, "website/home.html", render_home, name=lambda: ("home", page_cache.published_state())
    )


def shared_or_own_copy(request, template, context, *, name):
    """The page every anonymous visitor gets, from the cache under the parts `name()` gives (with this response's
    own CSRF token), or, for anyone else, rendered for them: a logged-in visitor's page shows their own name and
    links, and is never shared. `context(**extra)` makes the template's context."""
    if not serves_shared_copy(request):
        return render(request, template, context())

    def render_shared_copy():
        # With a slot for the token, which each response fills with its own (as {% csrf_token %} would).
        return render_to_string(template, context(csrf_token=cache_entries.CSRF_TOKEN_SLOT), request)

    html = cache_entries.cached(cache_entries.key("page", *name(), get_language()), render_shared_copy)
    return HttpResponse(cache_entries.with_csrf_token(html, request))


def workshop_list(request):
    return shared_or_own_copy(
        request,
        "website/list.html",
        lambda **extra: list_context(request, **extra),
        name=lambda: ("list", page_cache.published_state()),
    )


def list_context(request, **extra):
    visible = visible_workshops(request.user)
    years = sorted({day.year for day in visible.dates("start_date", "year")}, reverse=True)
    country_codes = visible.order_by().values_list("country", flat=True).distinct()
    form = WorkshopFilterForm(request.GET or None, years=years, country_codes=list(country_codes))
    upcoming, past = upcoming_and_past(with_seat_counts(form.filter(visible)), timezone.now())
    return {"form": form, "upcoming": upcoming, "past": past, "filtered": form.is_bound, **extra}


def serves_shared_copy(request):
    """Whether the visitor gets the workshop page every anonymous visitor gets: no session (so nobody is
    logged in and no message waits in it), no message in a cookie, no query string (the language form's
    `next` repeats the whole path)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def workshop_detail(request, slug):
    workshop = visible_workshop(request.user, slug)
    if workshop is None:
        raise Http404
    phase = page_cache.Phase.of(workshop, timezone.now())
    return shared_or_own_copy(
        request,
        "website/detail.html",
        lambda **extra: detail_context(request, workshop, phase, **extra),
        name=lambda: ("workshop", workshop.pk, workshop.content_version, workshop.registrations_version, phase),
    )


def detail_context(request, workshop, phase, **extra):
    parts = page_cache.workshop_page_parts(workshop, request.user)
    return {
        "workshop": workshop,
        "content_html": parts.content_html,  # a SafeString, as render_to_string made it
        "documents_html": parts.documents_html,
        "confirmed_count": parts.seats.confirmed,
        "seats_left": parts.seats.left,
        "registration": parts.registration,
        "has_ended": phase.has_ended,
        "registration_open": phase.registration_open,
        "registration_not_yet_open": phase.registration_not_yet_open,
        "registration_closes_at": workshop.registration_closes_at or workshop.starts_at,
        **extra,
    }


def programme_calendar(request, slug):
    workshop = visible_workshop(request.user, slug)
    if workshop is None:
        raise Http404
    # ?lang=fr: the calendar in the language of the page its link is on (a calendar app fetches it without the
    # reader's cookie); an unknown language leaves the request's own.
    language = request.GET.get("lang", "")
    if language not in language_codes():
        language = translation.get_language()
    with translation.override(language):
        calendar = page_cache.calendar(workshop)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response
