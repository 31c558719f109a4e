"""The personal data of the activity log: the entries a person made (core.personal_data). The entries about
what a person is (their registration, their nomination...) are registered by the app that owns that object."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import ERASED_NAME, PersonalData, register

from .models import ActivityEntry


def register_entries_about(*, section, title, objects):
    """Register the entries about a person's objects, which name them in their label: `objects(person)` gives
    {object type (activity.services.OBJECT_TYPES): a queryset of the ids of that type's objects}. An app's
    privacy.py registers those of its own objects. The entry stays (what happened), about a "Deleted participant"."""

    def rows(person):
        about = Q()
        for object_type, object_ids in objects(person).items():
            about |= Q(object_type=object_type, object_id__in=object_ids)
        return ActivityEntry.objects.filter(about)

    register(
        PersonalData(
            section=section,
            title=title,
            model="activity.ActivityEntry",
            rows=rows,
            fields=("object_label",),
            erased={"object_label": ERASED_NAME},
            details=described,
            related=("workshop",),
        )
    )


def described(entry):
    workshop = entry.workshop.title if entry.workshop_id else ""
    return {"action": entry.get_action_display(), "at": entry.created_at.isoformat(), "workshop": workshop}


register(
    PersonalData(
        section="activity_as_actor",
        title=_("What you did, in the workshops' logs"),
        model="activity.ActivityEntry",
        rows=lambda person: ActivityEntry.objects.filter(actor_id=person.user_id),
        fields=("actor_name",),
        # The entry stays (what happened to the workshop), done by a "Deleted participant".
        erased={"actor": None, "actor_name": ERASED_NAME},
        details=described,
        related=("workshop",),
    )
)
