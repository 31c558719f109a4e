from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from core.languages import language_codes
from participants.selectors import with_seat_counts

from . import page_cache
from .forms import WorkshopFilterForm
from .models import Workshop
from .permissions import keep_navigation_answers
from .selectors import upcoming_and_past, visible_workshop, visible_workshops

RECENT_WORKSHOPS_SHOWN = 6


def home(request):
    def render_home(**extra):
        published = with_seat_counts(Workshop.objects.published())
        upcoming, recent = upcoming_and_past(published, timezone.now(), past_limit=RECENT_WORKSHOPS_SHOWN)
        return {"upcoming": upcoming, "recent": recent, **extra}

    return shared_or_own_copy(
        request, "workshops/home.html", render_home, name=lambda: ("home", page_cache.published_state())
    )


def shared_or_own_copy(request, template, context, *, name, member_parts=None):
    """The page every anonymous visitor gets, from the cache under the parts `name()` gives (with this response's
    own CSRF token), or, for anyone else, rendered for them. `context(**extra)` makes the template's context.
    With `member_parts(user)` ([(name, build)] of the cached entries that tell what the page shows of the visitor,
    such as their own registration), a logged-in visitor gets the copy shared by everyone whose navigation answers
    alike and for whom those entries read alike (their own email filled in); the answers and those entries come
    from the cache in one round trip."""
    if serves_shared_copy(request):
        return shared_copy(request, template, context, name=name())
    user = request.user
    if not user.is_authenticated:
        return render(request, template, context())
    own_parts = member_parts(user) if member_parts and serves_member_copy(request) else None
    navigation = page_cache.navigation_answers(user)
    found = page_cache.cached_many(dict([navigation, *(own_parts or [])]))
    keep_navigation_answers(user, found[navigation[0]])
    if own_parts is None:
        return render(request, template, context())
    member = page_cache.Member.of(user)
    return shared_copy(
        request,
        template,
        lambda **extra: context(user=member, **extra),
        # Each entry's value as a word of the name: a key holds no space (memcached refuses one, and Django warns
        # on every request whatever the backend).
        name=(*name(), "member", member, *(repr(found[part_name]).replace(" ", "") for part_name, _build in own_parts)),
        member=True,
    )


def shared_copy(request, template, context, *, name, member=False):
    """The page from the cache under `name`, filled for this response (page_cache.filled)."""

    def render_shared_copy():
        # With a slot for the token, which each response fills with its own (as {% csrf_token %} would).
        return render_to_string(template, context(csrf_token=page_cache.CSRF_TOKEN_SLOT), request)

    html = page_cache.cached(page_cache.key("page", *name, get_language()), render_shared_copy)
    return HttpResponse(page_cache.filled(html, request, member=member))


def workshop_list(request):
    return shared_or_own_copy(
        request,
        "workshops/list.html",
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


def serves_member_copy(request):
    """Whether a logged-in visitor gets a copy shared with others: no message waits for them, no query string."""
    return request.method in ("GET", "HEAD") and not request.GET and not get_messages(request)


def workshop_detail(request, slug):
    workshop = visible_workshop(request.user, slug)
    if workshop is None:
        raise Http404
    phase = page_cache.Phase.of(workshop, timezone.now())
    return shared_or_own_copy(
        request,
        "workshops/detail.html",
        lambda **extra: detail_context(request, workshop, phase, **extra),
        name=lambda: ("workshop", workshop.pk, workshop.content_version, workshop.registrations_version, phase),
        # What the page shows of the visitor's own registration.
        member_parts=lambda user: [page_cache.own_registration(workshop, user)],
    )


def detail_context(request, workshop, phase, **extra):
    parts = page_cache.workshop_page_parts(workshop, request.user)
    return {
        "workshop": workshop,
        "content_html": parts.content_html,  # a SafeString, as render_to_string made it
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
