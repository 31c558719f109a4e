"""Writing the activity log: called by the services, inside the transaction that makes the change.

Views, admin actions and tasks never write entries themselves: a change and its entry commit or roll
back together. `actor` is the user who asked for the change, or None for the system (a scheduled task,
a delivery worker).
"""

import datetime

from django.db.models import Model

from .models import ActivityEntry, ObjectType

# The kind of object each model's rows are logged as, by the model's "app_label.modelname".
OBJECT_TYPES = {
    "workshops.workshop": ObjectType.WORKSHOP,
    "participants.registration": ObjectType.REGISTRATION,
    "participants.invitation": ObjectType.INVITATION,
    "programme.programmesession": ObjectType.SESSION,
    "outbox.outgoingemail": ObjectType.EMAIL,
    "workshops.organisation": ObjectType.ORGANISATION,
    "delegations.quota": ObjectType.QUOTA,
    "delegations.nomination": ObjectType.NOMINATION,
    "delegations.nominationletter": ObjectType.NOMINATION_LETTER,
    "delegations.focalpoint": ObjectType.FOCAL_POINT,
    "materials.material": ObjectType.MATERIAL,
    "questions.question": ObjectType.QUESTION,
    "travel.trip": ObjectType.TRIP,
}
LABEL_LENGTH = ActivityEntry._meta.get_field("object_label").max_length


def object_label(obj):
    """The name a person knows the object by, copied into the entry."""
    kind = OBJECT_TYPES[obj._meta.label_lower]
    if kind == ObjectType.REGISTRATION:
        return obj.participant.full_name
    if kind == ObjectType.INVITATION:
        return obj.name or obj.email
    if kind == ObjectType.EMAIL:
        return obj.to_email
    if kind == ObjectType.FOCAL_POINT:
        return obj.email
    if kind == ObjectType.NOMINATION:
        return obj.passport_name
    if kind == ObjectType.TRIP:
        return obj.nomination.passport_name
    if kind == ObjectType.QUOTA:
        return obj.organisation.short_name  # its figures are the entry's data: the sentence says what they became
    return str(obj)


def plain(value):
    """A value as the log's JSON keeps it: dates as ISO text, rows as their id, countries as their code."""
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def changes(before, after):
    """{field: [old, new]} for the fields whose value differs between two {field: value} dicts."""
    return {
        name: [plain(before.get(name)), plain(value)]
        for name, value in after.items()
        if plain(before.get(name)) != plain(value)
    }


def entry(*, workshop, action, obj=None, actor=None, data=None, at=None):
    """An unsaved entry, for services that write many at once through log_entries().

    `workshop` is the workshop or its id (a worker that only knows the id need not read the row), None for what
    concerns no one workshop; `obj` is what changed, the workshop itself when left out; `at` defaults to now.
    """
    obj = workshop if obj is None else obj
    return ActivityEntry(
        workshop_id=workshop if isinstance(workshop, int) or workshop is None else workshop.pk,
        action=action,
        actor=actor,
        actor_name=actor.get_full_name()[:200] if actor else "",
        object_type=OBJECT_TYPES[obj._meta.label_lower],
        object_id=obj.pk,
        object_label=object_label(obj)[:LABEL_LENGTH],
        data=data or {},
        **({"created_at": at} if at else {}),
    )


def log_action(**details):
    """Write one entry; takes the arguments of entry()."""
    logged = entry(**details)
    logged.save()
    return logged


def log_entries(entries):
    """Write many entries in one insert per 500 (a bulk decision on 200 people is one query)."""
    return ActivityEntry.objects.bulk_create(list(entries), batch_size=500)
