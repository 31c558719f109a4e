"""Personal data: everything the portal holds about a person (their copy, on request), erasing it when they
delete their account, and erasing what a workshop needed only until a while after it ended.

What is held, exported and erased is the registry of core.personal_data: this module registers the
participants app's own rows, and every other app registers its own from its privacy.py.
"""

import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from activity.models import Action, ActivityEntry
from activity.privacy import register_entries_about
from activity.services import OBJECT_TYPES, entry, log_entries
from core import personal_data as registry
from core.page_cache import forget_workshops
from core.personal_data import ERASED_NAME, Person, PersonalData, erased_address, register
from workshops.versions import raise_content_version, raise_registrations_version, raises_versions

from .models import Attendance, Invitation, Participant, Registration, RegistrationAnswer
from .services import cancel_registration
from .versions import workshops_registering_users, workshops_with_speaking

# What a participant tells the portal only for the workshops they attend.
WORKSHOP_ONLY_FIELDS = ("phone", "dietary_needs", "accessibility_needs")


def retention():
    return datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def erase_workshop_only_fields(now):
    """Erase the workshop-only details of everyone whose last workshop ended more than the retention period ago
    (PERSONAL_DATA_RETENTION_DAYS); returns how many participants were concerned."""
    last_needed_day = (now - retention()).date()
    still_needed = Registration.objects.exclude(status=Registration.Status.CANCELLED).filter(
        workshop__end_date__gte=last_needed_day
    )
    holding = Q()
    for name in WORKSHOP_ONLY_FIELDS:
        holding |= ~Q(**{name: ""})
    with transaction.atomic():
        participant_ids = list(
            Participant.objects.filter(registrations__isnull=False)
            .exclude(pk__in=still_needed.values("participant_id"))
            .distinct()
            .values_list("pk", flat=True)
        )
        Participant.objects.filter(Q(pk__in=participant_ids) & holding).update(
            **dict.fromkeys(WORKSHOP_ONLY_FIELDS, ""), updated_at=now
        )
    return len(participant_ids)


def erase_personal_fields(*, now=None):
    """The retention task: every registered entry erases what the portal no longer needs. Returns, by section,
    what each erased (a count)."""
    return registry.run_retention(now or timezone.now())


def registrations_of(person):
    return Registration.objects.filter(participant__user_id=person.user_id)


def invitations_of(person):
    return Invitation.objects.filter(
        Q(email__iexact=person.email) | Q(registration__participant__user_id=person.user_id)
    )


def at(moment):
    return moment.isoformat() if moment else None


register(
    PersonalData(
        section="profile",
        title=_("Your profile"),
        model="participants.Participant",
        rows=lambda person: Participant.objects.filter(user_id=person.user_id),
        fields=("full_name", "position", *WORKSHOP_ONLY_FIELDS),
        # Organisation, country and gender stay: the workshops' statistics count them.
        erased={"full_name": ERASED_NAME, "position": "", **dict.fromkeys(WORKSHOP_ONLY_FIELDS, "")},
        related=("organisation",),
        details=lambda participant: {
            "organisation": participant.organisation.name if participant.organisation else "",
            "country": participant.country.code,
            "gender": participant.gender,
            "created_at": at(participant.created_at),
        },
        retention=erase_workshop_only_fields,
        retention_erases=WORKSHOP_ONLY_FIELDS,
    )
)


def admin_log_entries_about(person):
    """Django admin's own log of changes to the person's account and participant record: its `object_repr` is
    their name or address as it was, its `change_message` may quote them."""
    participant_ids = Participant.objects.filter(user_id=person.user_id).annotate(
        text_id=Cast("pk", output_field=LogEntry._meta.get_field("object_id"))
    )
    types = ContentType.objects.get_for_models(User, Participant)
    return LogEntry.objects.filter(
        Q(content_type=types[User], object_id=str(person.user_id))
        | Q(content_type=types[Participant], object_id__in=participant_ids.values("text_id"))
    )


register(
    PersonalData(
        section="admin_log_entries",
        title=_("Changes the portal's administrators made to your account"),
        model="admin.LogEntry",
        rows=admin_log_entries_about,
        fields=("object_repr", "change_message"),
        # The entry stays (who changed what, when), naming no one.
        erased={"object_repr": ERASED_NAME, "change_message": ""},
        details=lambda log_entry: {"at": at(log_entry.action_time), "action": log_entry.get_action_flag_display()},
    )
)
register(
    PersonalData(
        section="registrations",
        title=_("Your registrations"),
        model="participants.Registration",
        rows=registrations_of,
        fields=("note",),
        # The registration stays (seats taken, attendance): it names the person only through the profile.
        erased={"note": ""},
        related=("workshop",),
        details=lambda registration: {
            "workshop": registration.workshop.title,
            "status": registration.get_status_display(),
            "source": registration.get_source_display(),
            "registered_at": at(registration.created_at),
            "decided_at": at(registration.decided_at),
            "checked_in_at": at(registration.attended_at),
        },
    )
)
register(
    PersonalData(
        section="attendance",
        title=_("Your attendance"),
        model="participants.Attendance",
        rows=lambda person: Attendance.objects.filter(registration__participant__user_id=person.user_id),
        fields=(),
        # The records stay (certificates, allowances and the workshop's counts follow them): they name the person
        # only through the registration, whose profile is erased.
        erased={},
        related=("registration__workshop", "session"),
        details=lambda attendance: {
            "workshop": attendance.registration.workshop.title,
            "day": attendance.day.isoformat(),
            "session": attendance.session.title if attendance.session else "",
            "recorded_at": at(attendance.recorded_at),
            "how": attendance.get_method_display(),
        },
    )
)
register(
    PersonalData(
        section="invitations",
        title=_("Your invitations"),
        model="participants.Invitation",
        rows=invitations_of,
        fields=("email", "name", "organisation_name"),
        # The invitation stays (the workshop's counts of invitations and answers), to no one.
        erased={"email": erased_address(), "name": ERASED_NAME, "organisation_name": ""},
        related=("workshop",),
        details=lambda invitation: {
            "workshop": invitation.workshop.title,
            "status": invitation.get_status_display(),
            "sent_at": at(invitation.sent_at),
        },
    )
)


def erase_personal_answers(now):
    """Erase the answers to questions marked personal of the workshops that ended more than the retention period
    ago (PERSONAL_DATA_RETENTION_DAYS), as the phone numbers are; returns how many answers were erased."""
    last_needed_day = (now - retention()).date()
    with transaction.atomic():
        answers = RegistrationAnswer.objects.filter(
            question__personal=True, registration__workshop__end_date__lt=last_needed_day
        )
        delete_answer_files(answers)
        erased, _by_model = answers.delete()
    return erased


def delete_answer_files(answers):
    """The files of file answers leave the private storage once their answers are committed gone."""
    names = list(answers.exclude(file="").values_list("file", flat=True))
    storage = RegistrationAnswer._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


register(
    PersonalData(
        section="registration_answers",
        title=_("Your answers to registration questions"),
        model="participants.RegistrationAnswer",
        rows=lambda person: RegistrationAnswer.objects.filter(registration__participant__user_id=person.user_id),
        fields=("value",),
        # Deleted with the account: no count depends on them (the files leave the storage with them, see
        # delete_account).
        erased=None,
        related=("registration__workshop", "question"),
        details=lambda answer: {
            "workshop": answer.registration.workshop.title,
            "question": answer.question.label,
            "answered_at": at(answer.answered_at),
        },
        retention=erase_personal_answers,
        retention_erases=("value", "file"),
    )
)
register_entries_about(
    section="activity_about_registrations_and_invitations",
    title=_("Log entries about your registrations and invitations"),
    objects=lambda person: {
        OBJECT_TYPES["participants.registration"]: registrations_of(person).values("pk"),
        OBJECT_TYPES["participants.invitation"]: invitations_of(person).values("pk"),
    },
)


def personal_data(user):
    """Everything the portal holds about `user`, as plain data (the JSON export and the page show it): one
    section per registered entry; the account and the profile, of which a person has one, as one object."""
    data = registry.export(Person(user_id=user.pk, email=user.email))
    data["account"] = data["account"][0]
    data["profile"] = data["profile"][0] if data["profile"] else None
    return data


# Registrations still holding or waiting for a seat.
STILL_ACTIVE = (Registration.Status.PENDING, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


@raises_versions
def delete_account(*, user_id, now=None):
    """A person deletes their account. Their registrations for workshops still to come are cancelled through
    the registration service (the waitlist moves up); then every registered entry of personal data erases them
    (core.personal_data): the rows that counts depend on (registrations, invitations, nominations, emails sent,
    log entries) stay, naming a "Deleted participant"; the rest goes. Each workshop's log records the deletion
    without personal data, and the cached pages of the workshops that showed them are forgotten."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(participant__user_id=user_id)
    for registration_id in registrations.filter(
        status__in=STILL_ACTIVE, workshop__end_date__gte=now.date()
    ).values_list("pk", flat=True):
        cancel_registration(registration_id=registration_id, now=now)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        registration_ids = list(registrations.values_list("pk", flat=True))
        # Where they speak; where they registered, decided or acted on a registration (its history names them).
        speaking = list(
            workshops_with_speaking(Participant.objects.filter(user=user).values("pk")).values_list("pk", flat=True)
        )
        acted = ActivityEntry.objects.filter(actor=user, object_type=OBJECT_TYPES["participants.registration"])
        registering = list(workshops_registering_users([user.pk]).values_list("pk", flat=True))
        acted_in = list(acted.exclude(workshop=None).values_list("workshop_id", flat=True).distinct())
        raise_content_version(speaking)
        raise_registrations_version(registering)
        raise_registrations_version(acted_in)
        delete_answer_files(RegistrationAnswer.objects.filter(registration_id__in=registration_ids))
        registry.erase(Person(user_id=user.pk, email=user.email))
        User.objects.filter(pk=user.pk).update(is_active=False, password=make_password(None))
        log_entries(
            entry(workshop=registration.workshop_id, action=Action.REGISTRATION_ANONYMISED, obj=registration, at=now)
            for registration in Registration.objects.filter(pk__in=registration_ids).select_related("participant")
        )
        # Entries cached under the versions just raised are never read again, but would keep the name until
        # they expire: they go now.
        affected = {*registering, *acted_in, *speaking}
        transaction.on_commit(lambda: forget_workshops(affected))
