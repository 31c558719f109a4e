import datetime

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from participants import services as registration_services
from participants.models import Registration, RegistrationStatus
from sessions.calendar import programme_ics
from sessions.selectors import programme_by_day, programme_sessions

from .forms import WorkshopFilterForm
from .models import PartnerRole, Workshop
from .permissions import visible_workshops

RECENT_WORKSHOPS_SHOWN = 6


def with_confirmed_count(queryset):
    return queryset.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    )


# Zones run from UTC-12 to UTC+14, so only a workshop whose last day is yesterday or today by UTC's
# calendar can have ended in one zone and not in another; the database sorts out the rest.
DATE_LINE_SLACK = datetime.timedelta(days=1)


def upcoming_and_past(workshops, now, *, past_limit=None):
    """(upcoming soonest first, past latest first): a workshop is past once the last day has ended in its
    own time zone, whatever the server's calendar says."""
    today = timezone.localdate(now, timezone=datetime.UTC)
    upcoming = [workshop for workshop in workshops.upcoming(today - DATE_LINE_SLACK) if now < workshop.ends_at]
    past = workshops.past(today + DATE_LINE_SLACK)
    if past_limit is not None:
        # Of the candidates, only the still-running ones counted above can drop out.
        past = past[: past_limit + sum(workshop.end_date <= today for workshop in upcoming)]
    past = [workshop for workshop in past if now >= workshop.ends_at]
    return upcoming, past[:past_limit]


def home(request):
    published = with_confirmed_count(Workshop.objects.published())
    upcoming, recent = upcoming_and_past(published, timezone.now(), past_limit=RECENT_WORKSHOPS_SHOWN)
    return render(request, "workshops/home.html", {"upcoming": upcoming, "recent": recent})


def workshop_list(request):
    visible = visible_workshops(request.user)
    years = sorted({day.year for day in visible.dates("start_date", "year")}, reverse=True)
    country_codes = visible.order_by().values_list("country", flat=True).distinct()
    form = WorkshopFilterForm(request.GET or None, years=years, country_codes=list(country_codes))
    upcoming, past = upcoming_and_past(with_confirmed_count(form.filter(visible)), timezone.now())
    return render(
        request,
        "workshops/list.html",
        {"form": form, "upcoming": upcoming, "past": past, "filtered": form.is_bound},
    )


def partners_by_role(workshop):
    """[(role label, [organisations])] in the order organiser, host, sponsor, partner; empty roles left out."""
    partners = list(workshop.partners.select_related("organisation"))
    grouped = [
        (label, [partner.organisation for partner in partners if partner.role == role])
        for role, label in PartnerRole.choices
    ]
    return [(label, organisations) for label, organisations in grouped if organisations]


def workshop_detail(request, slug):
    workshop = get_object_or_404(visible_workshops(request.user), slug=slug)
    sessions = programme_sessions(workshop)
    counts = registration_services.seat_counts(workshop)
    registration = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.filter(workshop=workshop, participant__user=request.user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
    now = timezone.now()
    return render(
        request,
        "workshops/detail.html",
        {
            "workshop": workshop,
            "partners_by_role": partners_by_role(workshop),
            "programme": programme_by_day(workshop, sessions),
            "has_programme": bool(sessions),
            "confirmed_count": counts[RegistrationStatus.CONFIRMED],
            "seats_left": registration_services.seats_left(workshop, counts),
            "registration": registration,
            "has_ended": now >= workshop.ends_at,
            "registration_open": workshop.registration_is_open(now),
            "registration_not_yet_open": bool(workshop.registration_opens_at and now < workshop.registration_opens_at),
            "registration_closes_at": workshop.registration_closes_at or workshop.starts_at,
        },
    )


def programme_calendar(request, slug):
    workshop = get_object_or_404(visible_workshops(request.user), slug=slug)
    response = HttpResponse(programme_ics(workshop), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response
