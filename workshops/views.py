from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from participants.models import RegistrationStatus

from .models import Workshop

RECENT_WORKSHOPS_SHOWN = 6


def with_confirmed_count(queryset):
    return queryset.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    )


def home(request):
    today = timezone.localdate()
    published = with_confirmed_count(Workshop.objects.published())
    return render(
        request,
        "workshops/home.html",
        {
            "upcoming": published.upcoming(today),
            "recent": published.past(today)[:RECENT_WORKSHOPS_SHOWN],
        },
    )


def workshop_detail(request, slug):
    workshop = get_object_or_404(with_confirmed_count(Workshop.objects.published()), slug=slug)
    return render(request, "workshops/detail.html", {"workshop": workshop})
