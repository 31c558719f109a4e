"""Reading the activity log: a workshop's timeline and one object's own history."""

from django.contrib.auth import get_user_model

from .models import ActivityEntry, ObjectType


def timeline(workshop, *, kind="", actor_id=None):
    """The workshop's entries, newest first, optionally of one kind (the part of the action before the dot)
    and by one person. The names are copied into each entry, so a page of them is one query."""
    entries = ActivityEntry.objects.filter(workshop=workshop)
    if kind:
        entries = entries.filter(action__startswith=f"{kind}.")
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    return entries.order_by("-created_at", "-pk")


def object_history(object_type, object_id):
    """What happened to one registration, invitation or session, newest first."""
    return ActivityEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("-created_at", "-pk")


def registration_histories(registration_ids):
    """{registration id: [entries, newest first]} for a page of registrations, in one query."""
    histories = {registration_id: [] for registration_id in registration_ids}
    entries = ActivityEntry.objects.filter(object_type=ObjectType.REGISTRATION, object_id__in=histories)
    for logged in entries.order_by("-created_at", "-pk"):
        histories[logged.object_id].append(logged)
    return histories


def actors(workshop):
    """The people who did something on the workshop, for the timeline's filter: [(user id, name)]."""
    ids = ActivityEntry.objects.filter(workshop=workshop, actor__isnull=False).values("actor_id")
    people = get_user_model().objects.filter(pk__in=ids).order_by("name", "email")
    return [(person.pk, person.get_full_name()) for person in people]
