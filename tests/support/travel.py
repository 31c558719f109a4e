"""A small world for travel tests: a Seoul-shaped workshop with travel terms, a rate, a room block and funded
delegates who accepted their invitations (so they can log in and see "My travel")."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from delegations.models import Funding, Nomination
from participants.models import Registration
from tests.support.delegations import PDF
from tests.support.factories import InvitationFactory, OrganisationFactory, RegistrationFactory, WorkshopFactory
from travel.models import BoardingPass, Claim, DsaRate, HotelBlock, TravelTerms, Trip


def travel_workshop(*, budget="10000.00", rate="240.00", rooms=10, **fields):
    return with_travel_terms(WorkshopFactory(**fields), budget=budget, rate=rate, rooms=rooms)


def with_travel_terms(workshop, *, budget="10000.00", rate="240.00", rooms=10):
    """The workshop with travel terms in USD, a Seoul rate around its days and a block of rooms."""
    TravelTerms.objects.create(
        workshop=workshop, currency="USD", budget=Decimal(budget), terminal_expenses=Decimal("38.00")
    )
    DsaRate.objects.create(
        workshop=workshop,
        place="Seoul",
        starts_on=workshop.start_date - datetime.timedelta(days=30),
        ends_on=workshop.end_date + datetime.timedelta(days=30),
        rate=Decimal(rate),
        currency="USD",
    )
    HotelBlock.objects.create(
        workshop=workshop,
        hotel="Lotte Hotel Seoul",
        first_night=workshop.start_date - datetime.timedelta(days=1),
        last_night=workshop.end_date,
        rooms=rooms,
    )
    return workshop


def funded_delegate(workshop, *, name="Amina Diallo", email=None, language="en", organisation=None):
    """An approved, funded nomination whose invitation the delegate accepted: (nomination, registration)."""
    email = email or f"{name.lower().replace(' ', '.')}.{workshop.pk}@customs.example"
    registration = RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.CONFIRMED,
        participant__user__email=email,
        participant__user__language=language,
        participant__full_name=name,
        participant__user__password=None,
    )
    invitation = InvitationFactory(workshop=workshop, email=email, registration=registration)
    nomination = Nomination.objects.create(
        workshop=workshop,
        organisation=organisation or OrganisationFactory(),
        passport_name=name.upper(),
        email=email,
        position="Customs officer",
        status=Nomination.Status.APPROVED,
        funding=Funding.GRANTED,
        invitation=invitation,
    )
    return nomination, registration


def local(workshop, day_offset, hour, minute=0):
    """A naive datetime, as a form gives it, `day_offset` days from the workshop's first day."""
    return datetime.datetime.combine(
        workshop.start_date + datetime.timedelta(days=day_offset), datetime.time(hour, minute)
    )


def itinerary(workshop, **changes):
    """An itinerary arriving the eve of the first day and leaving the day after the last, via Bangkok."""
    return {
        "origin_airport": "DKR",
        "via_airports": "BKK",
        "arrival_airport": "ICN",
        "arrival_local": local(workshop, -1, 17, 40),
        "arrival_flight": "KE 652",
        "departure_airport": "ICN",
        "departure_local": local(workshop, len(workshop.days), 9, 5),
        "departure_flight": "KE 651",
        **changes,
    }


def trip_with_files(workshop, nomination):
    """A trip with its e-ticket and a submitted claim with one boarding pass, as the services leave them:
    (trip, boarding pass)."""
    now = timezone.now()
    trip = Trip(
        workshop=workshop,
        nomination=nomination,
        arrival_airport="ICN",
        arrival_at=datetime.datetime.combine(
            workshop.start_date - datetime.timedelta(days=1), datetime.time(17, 40), workshop.tzinfo
        ),
        arrival_flight="KE 652",
        departure_airport="ICN",
        departure_at=datetime.datetime.combine(
            workshop.end_date + datetime.timedelta(days=1), datetime.time(9, 5), workshop.tzinfo
        ),
        departure_flight="KE 651",
        ticket_by=Trip.TicketBuyer.ORGANISERS,
        ticket_cost=Decimal("600.00"),
        ticket_file_name="e-ticket.pdf",
        ticket_uploaded_at=now,
    )
    trip.save()
    trip.ticket_file.save("ticket.pdf", ContentFile(PDF), save=True)
    claim = Claim.objects.create(
        trip=trip,
        arrived_on=workshop.start_date - datetime.timedelta(days=1),
        left_on=workshop.end_date + datetime.timedelta(days=1),
        submitted_at=now,
    )
    boarding_pass = BoardingPass(
        claim=claim, original_name="boarding.pdf", extension="pdf", size=len(PDF), uploaded_at=now
    )
    boarding_pass.file.save("boarding-pass.pdf", ContentFile(PDF), save=True)
    return trip, boarding_pass
