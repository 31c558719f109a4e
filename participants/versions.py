"""The changes of participants, registrations and what the console shows beside them that raise a workshop's
versions (workshops/versions.py): a participant who speaks shows on the workshop page (content); a registrant,
their account, their organisation, their registration's history and the accepted invitation that links it to its
nomination (whose funding shows), their answers to the registration questions appear in the console
(registrations)."""

from django.db.models import Q

from accounts.models import User
from activity.models import ActivityEntry, ObjectType
from questions.models import Choice, Purpose, Question, Questionnaire
from workshops.models import Organisation, Workshop
from workshops.versions import CONTENT, REGISTRATIONS, covers, raise_content_version, raise_registrations_version

from .models import Attendance, Invitation, Participant, Registration, RegistrationAnswer


def workshops_with_speaking(participant_ids):
    """The workshops where one of these participants speaks (their name and organisation show)."""
    return Workshop.objects.filter(sessions__speakers__participant__in=participant_ids)


def workshops_registering_participants(participant_ids):
    """The workshops where one of these participants has a registration, whatever its status."""
    return Workshop.objects.filter(registrations__participant__in=participant_ids)


def workshops_registering_organisations(organisation_ids):
    """The workshops where someone of one of these organisations has a registration."""
    return Workshop.objects.filter(registrations__participant__organisation__in=organisation_ids)


def workshops_registering_users(user_ids):
    """The workshops where one of these users has a registration or decided one."""
    return Workshop.objects.filter(
        Q(pk__in=Registration.objects.filter(participant__user__in=user_ids).values("workshop_id"))
        | Q(pk__in=Registration.objects.filter(decided_by__in=user_ids).values("workshop_id"))
    )


@covers(REGISTRATIONS)
def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_registrations_version(workshops_registering_organisations([instance.pk]))


@covers(CONTENT, REGISTRATIONS)
def participant_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_content_version(workshops_with_speaking([instance.pk]))
        raise_registrations_version(workshops_registering_participants([instance.pk]))


# What the console shows of a user: their email beside their registration, their name (or email) beside the
# registrations they decided.
USER_FIELDS_SHOWN = {"email", "name"}


@covers(REGISTRATIONS)
def user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    # A login saves the user's last_login alone: it must not rename every page of the workshops they attend.
    if created or (update_fields is not None and not USER_FIELDS_SHOWN & set(update_fields)):
        return
    raise_registrations_version(workshops_registering_users([instance.pk]))


@covers(REGISTRATIONS)
def registration_changed(sender, instance, **kwargs):
    raise_registrations_version([instance.workshop_id])


@covers(REGISTRATIONS)
def attendance_changed(sender, instance, **kwargs):
    raise_registrations_version(Workshop.objects.filter(registrations=instance.registration_id))


@covers(REGISTRATIONS)
def activity_logged(sender, instance, **kwargs):
    # A registration's history: most entries come with a change of the registration itself, but a certificate
    # or a visa letter is logged against it alone.
    if instance.object_type == ObjectType.REGISTRATION and instance.workshop_id:
        raise_registrations_version([instance.workshop_id])


@covers(REGISTRATIONS)
def invitation_changed(sender, instance, **kwargs):
    # An accepted invitation links its registration to the nomination it came from, whose funding shows beside it.
    if instance.registration_id:
        raise_registrations_version([instance.workshop_id])


@covers(REGISTRATIONS)
def answer_changed(sender, instance, **kwargs):
    # A registration's answers show on its row.
    raise_registrations_version(Workshop.objects.filter(registrations=instance.registration_id))


def workshops_asking(questionnaires):
    """The workshops whose registration questions are among `questionnaires` (a query of their ids)."""
    return Workshop.objects.filter(questionnaires__in=questionnaires, questionnaires__purpose=Purpose.REGISTRATION)


@covers(REGISTRATIONS)
def questionnaire_changed(sender, instance, **kwargs):
    if instance.purpose == Purpose.REGISTRATION:
        raise_registrations_version([instance.workshop_id])


@covers(REGISTRATIONS)
def question_changed(sender, instance, **kwargs):
    # The registration questions name the answers on each registration's row.
    raise_registrations_version(workshops_asking([instance.questionnaire_id]))


@covers(REGISTRATIONS)
def choice_changed(sender, instance, **kwargs):
    raise_registrations_version(
        workshops_asking(Question.objects.filter(pk=instance.question_id).values("questionnaire"))
    )


RECEIVERS = {
    Organisation: organisation_changed,
    Participant: participant_changed,
    User: user_changed,
    Registration: registration_changed,
    Attendance: attendance_changed,
    ActivityEntry: activity_logged,
    Invitation: invitation_changed,
    RegistrationAnswer: answer_changed,
    Questionnaire: questionnaire_changed,
    Question: question_changed,
    Choice: choice_changed,
}
