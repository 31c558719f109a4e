"""The two versions that name a workshop's cached pages, and every change that raises them.

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

Saves and deletes of the rows reach the receivers below (connected in apps.py: services, admin, shell
alike); QuerySet.update(), bulk_create() and bulk_update() send no signal, so the code that uses them calls
raise_content_version() or raise_registrations_version() itself. Workshop.save() raises its own content version.
"""

from django.db.models import F, Q, QuerySet

from accounts.models import User
from activity.models import ActivityEntry, ObjectType
from delegations.models import Nomination
from participants.models import Participant, Registration
from sessions.models import ProgrammeSession, Speaker

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


def workshops_showing_organisations(organisation_ids):
    """The workshops whose pages name one of these organisations: as a partner, or as a speaker's
    organisation (given for the slot or the speaking participant's own)."""
    partnered = WorkshopPartner.objects.filter(organisation__in=organisation_ids)
    spoken_for = ProgrammeSession.objects.filter(
        Q(speakers__organisation__in=organisation_ids) | Q(speakers__participant__organisation__in=organisation_ids)
    )
    return Workshop.objects.filter(
        Q(pk__in=partnered.values("workshop_id")) | Q(pk__in=spoken_for.values("workshop_id"))
    )


def workshops_showing_participants(participant_ids):
    """The workshops where one of these participants speaks (their name and organisation show)."""
    return Workshop.objects.filter(sessions__speakers__participant__in=participant_ids)


def workshops_registering_participants(participant_ids):
    """The workshops where one of these participants has a registration, whatever its status."""
    return Workshop.objects.filter(registrations__participant__in=participant_ids)


def workshops_registering_organisations(organisation_ids):
    """The workshops where someone of one of these organisations has a registration."""
    return Workshop.objects.filter(registrations__participant__organisation__in=organisation_ids)


def workshops_registering_user(user_id):
    """The workshops where the user has a registration or decided one."""
    return Workshop.objects.filter(
        Q(pk__in=Registration.objects.filter(participant__user=user_id).values("workshop_id"))
        | Q(pk__in=Registration.objects.filter(decided_by=user_id).values("workshop_id"))
    )


def session_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


def speaker_changed(sender, instance, **kwargs):
    raise_content_version(Workshop.objects.filter(sessions=instance.session_id))


def partner_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_content_version(workshops_showing_organisations([instance.pk]))
        raise_registrations_version(workshops_registering_organisations([instance.pk]))


def participant_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_content_version(workshops_showing_participants([instance.pk]))
        raise_registrations_version(workshops_registering_participants([instance.pk]))


# What the console shows of a user: their email beside their registration, their name (or email) beside the
# registrations they decided.
USER_FIELDS_SHOWN = {"email", "name"}


def user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    # A login saves the user's last_login alone: it must not rename every page of the workshops they attend.
    if created or (update_fields is not None and not USER_FIELDS_SHOWN & set(update_fields)):
        return
    raise_registrations_version(workshops_registering_user(instance.pk))


def registration_changed(sender, instance, **kwargs):
    raise_registrations_version([instance.workshop_id])


def activity_logged(sender, instance, **kwargs):
    # A registration's history: most entries come with a change of the registration itself, but a certificate
    # or a visa letter is logged against it alone.
    if instance.object_type == ObjectType.REGISTRATION and instance.workshop_id:
        raise_registrations_version([instance.workshop_id])


def nomination_changed(sender, instance, **kwargs):
    raise_registrations_version([instance.workshop_id])


RECEIVERS = {
    ProgrammeSession: session_changed,
    Speaker: speaker_changed,
    WorkshopPartner: partner_changed,
    Organisation: organisation_changed,
    Participant: participant_changed,
    Registration: registration_changed,
    User: user_changed,
    ActivityEntry: activity_logged,
    Nomination: nomination_changed,
}
