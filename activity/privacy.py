"""The personal data of the activity log: the entries a person made (core.personal_data). The entries about
what a person is (their registration, their nomination...) are registered by the app that owns that object."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import ERASED_NAME, PersonalData, register

from .models import ActivityEntry


def entries_about(object_type, object_ids):
    """The entries about some objects of one type (an app's privacy.py registers those naming the person)."""
    return ActivityEntry.objects.filter(object_type=object_type, object_id__in=object_ids)


def described(entry):
    return {"action": entry.action, "at": entry.created_at.isoformat(), "workshop": entry.workshop_id}


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
    )
)
