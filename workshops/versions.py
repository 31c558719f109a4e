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

A user's `access_version` names what is cached of what they may reach: the navigation's answers (Manage,
Delegations). It is raised by every change to what those depend on: the user's own row (User.save() raises its
own: their address, activity and superuser flag), their organiser memberships, the focal points of their
address (matched whatever its case), their groups and permissions, their groups' permissions, and the
permission rows themselves. A change is seen before the version is raised or with it, never after: a save
outside a transaction commits before its post_save receiver raises the version (the old holder of an edited
row is read before the save), and many-to-many changes and deletes raise it inside their own transaction.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from accounts.models import User
from activity.models import ActivityEntry, ObjectType
from delegations.models import FocalPoint, Nomination
from participants.models import Participant, Registration
from sessions.models import ProgrammeSession, Speaker

from .models import Organisation, OrganiserMembership, Workshop, WorkshopPartner


def raise_content_version(workshops):
    """`workshops`: a queryset of workshops, workshop ids, or a values() queryset of workshop ids."""
    _raise(Workshop, "content_version", workshops)


def raise_registrations_version(workshops):
    _raise(Workshop, "registrations_version", workshops)


def raise_access_version(users):
    """`users`: a queryset of users, user ids, or a values() queryset of user ids."""
    _raise(get_user_model(), "access_version", users)


def _raise(model, field, rows):
    if isinstance(rows, QuerySet) and rows.model is model:
        rows = rows.values("pk")
    model.objects.filter(pk__in=rows).update(**{field: F(field) + 1})


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


# The rows that give users access, and how: {model: (column, the users it names by that column's value)}. A
# membership names its user, a focal point the account of its address.
ACCESS_HOLDERS = {
    OrganiserMembership: ("user_id", lambda user_id: get_user_model().objects.filter(pk=user_id)),
    FocalPoint: ("email", lambda email: get_user_model().objects.filter(email__iexact=email)),
}


def access_row_saving(sender, instance, **kwargs):
    """Before an edit, whom the row named (their version is raised after the save, with whom it names now)."""
    column, _holders = ACCESS_HOLDERS[sender]
    instance.access_holder_before = (
        None if instance.pk is None else sender.objects.filter(pk=instance.pk).values_list(column, flat=True).first()
    )


def access_row_saved(sender, instance, **kwargs):
    column, holders = ACCESS_HOLDERS[sender]
    users = holders(getattr(instance, column))
    before = getattr(instance, "access_holder_before", None)
    if before is not None:
        users |= holders(before)
    raise_access_version(users)


def access_row_deleted(sender, instance, **kwargs):
    column, holders = ACCESS_HOLDERS[sender]
    raise_access_version(holders(getattr(instance, column)))


CHANGING = ("pre_add", "pre_remove", "pre_clear")


def user_grants_changing(sender, instance, action, pk_set, **kwargs):
    """A user's groups or permissions, from either side (user.groups.add(), group.user_set.remove(), ...)."""
    if action not in CHANGING:
        return
    if isinstance(instance, get_user_model()):
        raise_access_version([instance.pk])
    elif action == "pre_clear":  # a group or a permission loses all its users
        raise_access_version(instance.user_set.values("pk"))
    else:
        raise_access_version(pk_set)


def group_grants_changing(sender, instance, action, pk_set, **kwargs):
    """A group's permissions, from either side: its users'."""
    if action not in CHANGING:
        return
    if isinstance(instance, Group):
        groups = [instance.pk]
    elif action == "pre_clear":  # a permission taken from every group
        groups = instance.group_set.values("pk")
    else:
        groups = pk_set
    raise_access_version(get_user_model().objects.filter(groups__in=groups))


def group_deleting(sender, instance, **kwargs):
    """Its users lose its permissions (the links go without a many-to-many signal)."""
    raise_access_version(instance.user_set.values("pk"))


def permission_changed(sender, instance, **kwargs):
    """Saved (another code: the secretariat's grant is found by its code) or deleted (its grants go with it)."""
    raise_access_version(
        get_user_model().objects.filter(Q(user_permissions=instance) | Q(groups__permissions=instance))
    )


def connect_access_receivers():
    user_model = get_user_model()
    receivers = [
        *(
            (signal, model, receiver)
            for model in ACCESS_HOLDERS
            for signal, receiver in (
                (pre_save, access_row_saving),
                (post_save, access_row_saved),
                (post_delete, access_row_deleted),
            )
        ),
        (m2m_changed, user_model.groups.through, user_grants_changing),
        (m2m_changed, user_model.user_permissions.through, user_grants_changing),
        (m2m_changed, Group.permissions.through, group_grants_changing),
        (pre_delete, Group, group_deleting),
        (post_save, Permission, permission_changed),
        (pre_delete, Permission, permission_changed),
    ]
    for signal, sender, receiver in receivers:
        signal.connect(receiver, sender=sender, dispatch_uid=f"access-{receiver.__name__}-{sender._meta.label}")
