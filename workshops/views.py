from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from core.languages import language_codes
from participants.models import Registration
from participants.selectors import registration_of_user, seat_counts, waitlist_position, with_seat_counts
from sessions.calendar import programme_ics
from sessions.selectors import programme_by_day, programme_sessions

from .forms import WorkshopFilterForm
from .models import Workshop
from .selectors import partners_by_role, upcoming_and_past, visible_workshops

RECENT_WORKSHOPS_SHOWN = 6


def home(request):
    published = with_seat_counts(Workshop.objects.published())
    upcoming, recent = upcoming_and_past(published, timezone.now(), past_limit=RECENT_WORKSHOPS_SHOWN)
    return render(request, "workshops/home.html", {"upcoming": upcoming, "recent": recent})


def workshop_list(request):
    visible = visible_workshops(request.user)
    years = sorted({day.year for day in visible.dates("start_date", "year")}, reverse=True)
    country_codes = visible.order_by().values_list("country", flat=True).distinct()
    form = WorkshopFilterForm(request.GET or None, years=years, country_codes=list(country_codes))
    upcoming, past = upcoming_and_past(with_seat_counts(form.filter(visible)), timezone.now())
    return render(
        request,
        "workshops/list.html",
        {"form": form, "upcoming": upcoming, "past": past, "filtered": form.is_bound},
    )


def workshop_detail(request, slug):
    workshop = get_object_or_404(visible_workshops(request.user), slug=slug)
    sessions = programme_sessions(workshop)
    seats = seat_counts(workshop)
    now = timezone.now()
    registration = registration_of_user(workshop=workshop, user=request.user)
    return render(
        request,
        "workshops/detail.html",
        {
            "workshop": workshop,
            "partners_by_role": partners_by_role(workshop),
            "programme": programme_by_day(workshop, sessions),
            "has_programme": bool(sessions),
            "confirmed_count": seats.confirmed,
            "seats_left": seats.left,
            "registration": registration,
            "waitlist_position": (
                waitlist_position(registration)
                if registration and registration.status == Registration.Status.WAITLISTED
                else None
            ),
            "has_ended": now >= workshop.ends_at,
            "registration_open": workshop.registration_is_open(now),
            "registration_not_yet_open": bool(workshop.registration_opens_at and now < workshop.registration_opens_at),
            "registration_closes_at": workshop.registration_closes_at or workshop.starts_at,
        },
    )


def programme_calendar(request, slug):
    workshop = get_object_or_404(visible_workshops(request.user), slug=slug)
    # ?lang=fr: the calendar in the language of the page its link is on (a calendar app fetches it without the
    # reader's cookie); an unknown language leaves the request's own.
    language = request.GET.get("lang", "")
    if language not in language_codes():
        language = translation.get_language()
    with translation.override(language):
        calendar = programme_ics(workshop)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response
