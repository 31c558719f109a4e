"""The changes of the programme that raise its workshop's content version (workshops/versions.py)."""

from django.db.models import Q

from workshops.models import Organisation, Workshop
from workshops.versions import CONTENT, covers, raise_content_version

from .models import ProgrammeSession, Speaker


def workshops_with_speakers_of(organisation_ids):
    """The workshops where a speaker speaks for one of these organisations (given for the slot, or the speaking
    participant's own)."""
    return Workshop.objects.filter(
        Q(sessions__speakers__organisation__in=organisation_ids)
        | Q(sessions__speakers__participant__organisation__in=organisation_ids)
    )


@covers(CONTENT)
def session_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


@covers(CONTENT)
def speaker_changed(sender, instance, **kwargs):
    raise_content_version(Workshop.objects.filter(sessions=instance.session_id))


@covers(CONTENT)
def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_content_version(workshops_with_speakers_of([instance.pk]))


RECEIVERS = {ProgrammeSession: session_changed, Speaker: speaker_changed, Organisation: organisation_changed}
