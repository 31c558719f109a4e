"""The two versions that name a workshop's cached pages, and the changes of this app's rows that raise them.

`content_version` names what the workshop's pages show of its content: the workshop row, its sessions and
speakers (a speaker's name and organisation, which may come from the participant's profile), its partners, the
names and acronyms of the organisations it shows, and their translations (columns of the same rows).
`registrations_version` names what its registrations decide: seats, a person's status, the waitlist, check-ins;
and what the organiser console shows of them: the registrants (their name, email, organisation, country, gender),
who decided, each registration's history (the activity entries about it) and the funding of the nomination it
came from.

A version is raised with an UPDATE ... SET version = version + 1 in the transaction of the change, so it
holds the workshop row's lock until then: a rolled-back change leaves the version as it was, and a cache
entry is only ever read under the version of the data it was built from. Entries are never deleted (several
web processes on several machines share the cache); a new version just names new entries.

Each app raises the versions for its own rows: its services call raise_content_version() or
raise_registrations_version() (QuerySet.update(), bulk_create() and bulk_update() send no signal), and its
`versions.py` connects receivers of every save and delete (services, admin and shell alike) with
`connect_receivers()`: sessions/versions.py, participants/versions.py, delegations/versions.py. An app reacts
to the rows of the apps below it (participants raises the versions of the workshops where a renamed
organisation's people are registered), never the other way round. Workshop.save() raises its own content
version.
"""

from django.db.models import F, QuerySet
from django.db.models.signals import post_save, pre_delete

from .models import Organisation, Workshop, WorkshopPartner


def raise_content_version(workshops):
    """`workshops`: a queryset of workshops, workshop ids, or a values() queryset of workshop ids."""
    _raise("content_version", workshops)


def raise_registrations_version(workshops):
    _raise("registrations_version", workshops)


def _raise(field, workshops):
    if isinstance(workshops, QuerySet) and workshops.model is Workshop:
        workshops = workshops.values("pk")
    Workshop.objects.filter(pk__in=workshops).update(**{field: F(field) + 1})


def connect_receivers(receivers):
    """Connect {model: receiver} to every save and delete of the model's rows."""
    for model, receiver in receivers.items():
        uid = f"versions-{receiver.__module__}-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"save-{uid}")
        # Before the delete: a session's speakers are found through it, a participant's through their slots.
        pre_delete.connect(receiver, sender=model, dispatch_uid=f"delete-{uid}")


def workshops_partnered_with(organisation_ids):
    """The workshops that name one of these organisations as a partner."""
    return Workshop.objects.filter(partners__organisation__in=organisation_ids)


def partner_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_content_version(workshops_partnered_with([instance.pk]))


RECEIVERS = {WorkshopPartner: partner_changed, Organisation: organisation_changed}
