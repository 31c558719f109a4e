"""A funded delegate's "My travel" pages under /me/travel/: the itinerary they fill in, their ticket, hotel and DSA
computation, the claim with boarding passes after the workshop, the e-ticket and the authorisation letter. Another
person's travel answers 404, as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from travel import services
from travel.forms import ClaimForm, ItineraryForm
from travel.pdfs import travel_letter_pdf
from travel.selectors import own_funded_nomination, own_funded_nominations, shown_computation, travel_terms, trip_of
from workshops.models import Workshop


def own_trip(request, slug):
    """(workshop, the user's funded nomination there); 404 for anyone not funded at this workshop."""
    workshop = get_object_or_404(Workshop, slug=slug)
    nomination = own_funded_nomination(workshop=workshop, user=request.user)
    if nomination is None:
        raise Http404
    return workshop, nomination


@login_required
@require_safe
def my_travel(request):
    return render(request, "travel/my_travel.html", {"nominations": own_funded_nominations(request.user)})


def trip_page(request, workshop, nomination, *, itinerary_form=None, claim_form=None, status=200):
    trip = trip_of(nomination)
    computation, problem = shown_computation(trip, workshop)
    claim = getattr(trip, "claim", None) if trip else None
    started = timezone.localdate(timezone=workshop.tzinfo) >= workshop.start_date
    return render(
        request,
        "travel/my_trip.html",
        {
            "workshop": workshop,
            "nomination": nomination,
            "trip": trip,
            "claim": claim,
            "terms": travel_terms(workshop),
            "computation": computation,
            "problem": problem,
            "itinerary_form": itinerary_form
            or ItineraryForm(initial=ItineraryForm.initial_of(trip), prefix="itinerary"),
            "claim_form": claim_form or (ClaimForm(prefix="claim") if started and trip and not claim else None),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_trip(request, slug):
    workshop, nomination = own_trip(request, slug)
    if request.method == "GET":
        return trip_page(request, workshop, nomination)
    form = ItineraryForm(request.POST, prefix="itinerary")
    if form.is_valid():
        try:
            services.save_itinerary(
                workshop_id=workshop.pk, nomination_id=nomination.pk, actor=request.user, **form.cleaned_data
            )
        except services.TravelError as error:
            form.refused(error)
        else:
            messages.success(request, _("Your itinerary is saved. The organisers see it now."))
            return redirect("participants:my_trip", slug=workshop.slug)
    return trip_page(request, workshop, nomination, itinerary_form=form, status=400)


@login_required
@require_POST
def my_trip_claim(request, slug):
    workshop, nomination = own_trip(request, slug)
    form = ClaimForm(request.POST, request.FILES, prefix="claim")
    if form.is_valid():
        try:
            services.submit_claim(
                workshop_id=workshop.pk,
                nomination_id=nomination.pk,
                actor=request.user,
                arrived_on=form.cleaned_data["arrived_on"],
                left_on=form.cleaned_data["left_on"],
                ticket_cost=form.cleaned_data["ticket_cost"],
                uploads=form.cleaned_data["boarding_passes"],
            )
        except services.TravelError as error:
            form.refused(error)
        else:
            messages.success(request, _("Your claim is sent. The organisers will email you their decision."))
            return redirect("participants:my_trip", slug=workshop.slug)
    return trip_page(request, workshop, nomination, claim_form=form, status=400)


@login_required
@require_safe
def my_ticket(request, slug):
    _workshop, nomination = own_trip(request, slug)
    trip = trip_of(nomination)
    if trip is None or not trip.ticket_file:
        raise Http404
    response = FileResponse(
        trip.ticket_file.open("rb"), content_type="application/pdf", as_attachment=True, filename=trip.ticket_file_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def my_travel_letter(request, slug):
    workshop, nomination = own_trip(request, slug)
    trip = trip_of(nomination)
    if trip is None:
        raise Http404
    trip.workshop = workshop
    response = HttpResponse(travel_letter_pdf(trip), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="travel-authorisation.pdf"'
    return response
