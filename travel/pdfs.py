"""The travel authorisation letter: a funded delegate's itinerary, ticket and DSA computation on the workshop's
letterhead, in the delegate's language (drawn by documents' rendering)."""

from django.utils import timezone, translation

from core.languages import recipient_language
from documents.pdfs import letterhead_context
from documents.rendering import render_pdf

from .allowance import AllowanceError
from .selectors import computation_of, travel_terms


def letter_language(trip):
    registration = trip.nomination.registration
    return recipient_language(
        user=registration.participant.user if registration else None,
        invitation=trip.nomination,
        workshop=trip.workshop,
    )


def travel_letter_pdf(trip, *, today=None):
    """The letter as the trip stands now, in its delegate's language."""
    language = letter_language(trip)
    workshop = trip.workshop
    with translation.override(language), timezone.override(workshop.tzinfo):
        try:
            computation, problem = computation_of(trip), ""
        except AllowanceError as error:
            computation, problem = None, error.message
        return render_pdf(
            template="travel_letter",
            context={
                **letterhead_context(workshop),
                "trip": trip,
                "nomination": trip.nomination,
                "terms": travel_terms(workshop),
                "computation": computation,
                "problem": problem,
                "issued_on": today or timezone.localdate(timezone=workshop.tzinfo),
            },
            language=language,
        )
