"""The personal data of the programme: the slots where a person speaks (core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalData, register

from .models import Speaker

register(
    PersonalData(
        section="speaking",
        title=_("Where you speak"),
        model="programme.Speaker",
        rows=lambda person: Speaker.objects.filter(participant__user_id=person.user_id),
        fields=("name",),
        # The slot stays in the programme; its speaker then reads as the participant's profile does.
        erased={"name": ""},
        related=("session",),
        details=lambda speaker: {"session": speaker.session.title, "role": speaker.get_role_display()},
    )
)
