"""The personal data of travel: a delegate's trips (itinerary, e-ticket) and their boarding passes
(core.personal_data). The files are erased TRAVEL_FILES_KEPT after the claim is settled (the retention task)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from activity.privacy import register_entries_about
from activity.services import OBJECT_TYPES
from core.personal_data import PersonalData, register
from delegations.privacy import nominations_of

from .models import SETTLED_CLAIM_STATUSES, BoardingPass, Trip
from .services import TRAVEL_FILES_KEPT

TRIP_FIELDS = (
    "origin_airport",
    "via_airports",
    "arrival_airport",
    "arrival_at",
    "arrival_flight",
    "departure_airport",
    "departure_at",
    "departure_flight",
    "ticket_file",
    "ticket_file_name",
)


def trips_of(person):
    return Trip.objects.filter(nomination__in=nominations_of(person).values("pk"))


def boarding_passes_of(person):
    return BoardingPass.objects.filter(claim__trip__in=trips_of(person).values("pk"))


def settled_before(now):
    return {"claim__status__in": SETTLED_CLAIM_STATUSES, "claim__settled_at__lt": now - TRAVEL_FILES_KEPT}


def erase_old_ticket_files(now):
    """Delete the e-tickets of trips whose claim was settled more than TRAVEL_FILES_KEPT ago; how many."""
    trips = list(Trip.objects.filter(**settled_before(now)).exclude(ticket_file=""))
    for trip in trips:
        with transaction.atomic():
            name, storage = trip.ticket_file.name, trip.ticket_file.storage
            Trip.objects.filter(pk=trip.pk).update(ticket_file="", ticket_file_name="")
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    return len(trips)


def erase_old_boarding_passes(now):
    """Delete the boarding passes of claims settled more than TRAVEL_FILES_KEPT ago, files and rows; how many."""
    passes = list(
        BoardingPass.objects.filter(
            claim__status__in=SETTLED_CLAIM_STATUSES, claim__settled_at__lt=now - TRAVEL_FILES_KEPT
        )
    )
    for boarding_pass in passes:
        with transaction.atomic():
            boarding_pass.delete()  # its file with it: delete_boarding_pass_file
    return len(passes)


def delete_boarding_pass_file(sender, instance, **kwargs):
    """A boarding pass's row gone (retention, an account deleted), its file goes once that commits."""
    if instance.file:
        transaction.on_commit(lambda: instance.file.delete(save=False))


post_delete.connect(delete_boarding_pass_file, sender=BoardingPass, dispatch_uid="travel.delete_boarding_pass_file")


def trip_details(trip):
    claim = getattr(trip, "claim", None)
    return {
        "workshop": trip.workshop.title,
        "own_arrangement": trip.own_arrangement,
        "ticket": trip.get_ticket_by_display(),
        "ticket_cost": str(trip.ticket_cost) if trip.ticket_cost is not None else None,
        "dsa_granted": str(trip.dsa_granted) if trip.dsa_granted is not None else None,
        "claim": None
        if claim is None
        else {
            "arrived_on": claim.arrived_on.isoformat(),
            "left_on": claim.left_on.isoformat(),
            "status": claim.get_status_display(),
            "amount": str(claim.amount) if claim.amount is not None else None,
            "message": claim.message,
        },
    }


register(
    PersonalData(
        section="trips",
        title=_("Your travel"),
        model="travel.Trip",
        rows=trips_of,
        fields=TRIP_FIELDS,
        # The trip stays, without its flights and e-ticket: the travel budget counts its ticket and DSA.
        erased={
            "origin_airport": "",
            "via_airports": "",
            "arrival_airport": "",
            "arrival_at": None,
            "arrival_flight": "",
            "departure_airport": "",
            "departure_at": None,
            "departure_flight": "",
            "ticket_file": "",
            "ticket_file_name": "",
        },
        related=("workshop", "claim"),
        details=trip_details,
        retention=erase_old_ticket_files,
        retention_erases=("ticket_file", "ticket_file_name"),
    )
)
register(
    PersonalData(
        section="boarding_passes",
        title=_("Your boarding passes"),
        model="travel.BoardingPass",
        rows=boarding_passes_of,
        fields=("original_name", "uploaded_at"),
        erased=None,
        retention=erase_old_boarding_passes,
        retention_erases=("file", "original_name"),
    )
)
register_entries_about(
    section="activity_about_trips",
    title=_("Log entries about your travel"),
    objects=lambda person: {OBJECT_TYPES["travel.trip"]: trips_of(person).values("pk")},
)
