"""A workshop's timeline: who did what, newest first, for its organisers."""

from itertools import groupby

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from activity.selectors import actors, timeline
from activity.sentences import describe
from console.access import workshop_view
from console.forms import TimelineFilterForm
from console.pagination import paged

ENTRIES_PER_PAGE = 50


@workshop_view()
@require_safe
def workshop_timeline(request, workshop):
    form = TimelineFilterForm(request.GET or None, people=actors(workshop))
    page, query = paged(request, timeline(workshop, **form.filters()), ENTRIES_PER_PAGE)
    return render(
        request,
        "console/timeline.html",
        {
            "workshop": workshop,
            "section": "timeline",
            "form": form,
            "page": page,
            "days": [
                (day, [(logged, describe(logged)) for logged in entries])
                for day, entries in groupby(page, key=lambda logged: timezone.localdate(logged.created_at))
            ],
            "query": query,
        },
    )
