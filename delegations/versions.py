"""A nomination's funding shows beside its registration in the console: its changes raise the workshop's
registrations version (workshops/versions.py)."""

from workshops.versions import REGISTRATIONS, covers, raise_registrations_version

from .models import Nomination


@covers(REGISTRATIONS)
def nomination_changed(sender, instance, **kwargs):
    raise_registrations_version([instance.workshop_id])


RECEIVERS = {Nomination: nomination_changed}
