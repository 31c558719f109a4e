"""Registration rules: one function per operation, each one durable transaction.

Seats are counted by participants.selectors.seat_counts (confirmed hold a seat, pending reserve one under
approval); once they fill the capacity, newcomers join the waitlist. Whoever holds the workshop row lock
(workshops.locking) decides seats, so simultaneous requests cannot overbook. Every change writes its
activity-log entry in the same transaction; `actor` is the user who asked, None for the system.
"""

import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import entry, log_action, log_entries
from core.errors import DomainError
from core.languages import in_any_language
from outbox.models import OutgoingEmail
from sessions.models import ProgrammeSession
from sessions.selectors import first_session
from workshops.locking import lock_workshop
from workshops.models import Organisation, Workshop
from workshops.versions import raise_content_version, raise_registrations_version, raises_versions

from .answers import keep_answers
from .emails import EMAIL_KIND_FOR_STATUS, queue_registration_email
from .models import Attendance, Participant, Registration
from .selectors import active_registration, active_registrations, seat_counts, session_of_code, waitlist
from .versions import workshops_registering_participants, workshops_registering_users, workshops_with_speaking

Status = Registration.Status


class RegistrationError(DomainError):
    """A registration rule refused the operation; `registration` is the one it is about, if any."""

    def __init__(self, message, *, registration=None):
        super().__init__(message)
        self.registration = registration


class AlreadyCheckedIn(RegistrationError):
    """The day (or the session) is recorded already: a second scan records nothing."""


PROFILE_DETAILS = (
    "full_name",
    "position",
    "country",
    "phone",
    "list_contact_details",
    "dietary_needs",
    "accessibility_needs",
    "gender",
)


@raises_versions
def save_profile(*, user_id, organisation_id=None, new_organisation="", **details):
    """Create or update a person's participant profile.

    `new_organisation` names an organisation that is not listed yet: an existing one of the same
    name (whatever its case) is reused, otherwise it is added for the secretariat to tidy up later.
    """
    unknown = set(details) - set(PROFILE_DETAILS)
    if unknown:
        raise TypeError(f"save_profile() got unexpected profile fields: {', '.join(sorted(unknown))}")
    new_organisation = " ".join(new_organisation.split())
    with transaction.atomic():
        # The person's name and organisation show where they speak and, in the console, where they registered.
        known = Participant.objects.filter(user_id=user_id).values("pk")
        raise_content_version(workshops_with_speaking(known))
        raise_registrations_version(workshops_registering_participants(known))
        if new_organisation:
            organisation = Organisation.objects.filter(in_any_language("name__iexact", new_organisation)).first()
            # A new one waits for the secretariat to set its kind and country, or to merge it into another.
            organisation = organisation or Organisation.objects.create(name=new_organisation, needs_review=True)
            organisation_id = organisation.pk
        participant, _created = Participant.objects.update_or_create(
            user_id=user_id, defaults={**details, "organisation_id": organisation_id}
        )
    return participant


@raises_versions
def register(*, workshop_id, participant_id, note="", source=Registration.Source.ONLINE, answers=None, now=None):
    """Register a participant: pending, confirmed or waitlisted by the rules above. `answers` is the valid
    questions.engine.AnswerForm of the workshop's registration questions, kept with the registration."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        raise_registrations_version([workshop.pk])
        participant = Participant.objects.select_related("user").get(pk=participant_id)
        registration = place_registration(workshop=workshop, participant=participant, note=note, source=source, now=now)
        if answers is not None:
            keep_answers(registration=registration, form=answers, now=now)
        return registration


@raises_versions
def answer_questions(*, registration_id, user, answers, now=None):
    """The person answers (again) their registration's questions after registering, on the answers page: a
    required question added since they registered is asked there. `answers` is the valid AnswerForm."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("workshop", "participant")
            .get(pk=registration_id, participant__user=user)
        )
        if registration.status == Status.CANCELLED:
            raise RegistrationError(_("This registration is cancelled: its answers can no longer change."))
        raise_registrations_version([registration.workshop_id])
        count = keep_answers(registration=registration, form=answers, now=now)
        log_action(
            workshop=registration.workshop,
            action=Action.REGISTRATION_ANSWERED,
            obj=registration,
            actor=user,
            data={"answers": count},
            at=now,
        )
    return registration


def place_registration(*, workshop, participant, note="", source=Registration.Source.ONLINE, now):
    """Create the registration inside the caller's transaction, with the workshop row locked.

    An accepted invitation (or an approved nomination's) skips the registration window and the approval
    step: the organiser chose the person already. It still needs a free seat to be confirmed, else it waits on the list.
    """
    invited = source in (Registration.Source.INVITATION, Registration.Source.NOMINATION)
    if workshop.status != Workshop.Status.PUBLISHED:
        raise RegistrationError(_("This workshop is not open for registration."))
    if not invited and not workshop.takes_online_registrations:
        raise RegistrationError(
            _("This workshop takes delegates by nomination only: ask your organisation's focal point to nominate you.")
        )
    if not invited and not workshop.registration_is_open(now):
        if workshop.registration_opens_at and now < workshop.registration_opens_at:
            raise RegistrationError(_("Registration for this workshop has not opened yet."))
        raise RegistrationError(_("Registration for this workshop is closed."))
    existing = active_registration(workshop=workshop, participant=participant)
    if existing:
        raise RegistrationError(
            _("You are already registered for this workshop (status: %(status)s).")
            % {"status": existing.get_status_display()},
            registration=existing,
        )
    if not seat_counts(workshop).left:
        status = Status.WAITLISTED
    elif workshop.requires_approval and not invited:
        status = Status.PENDING
    else:
        status = Status.CONFIRMED
    return create_registration(
        workshop=workshop, participant=participant, status=status, source=source, note=note, now=now
    )


@raises_versions
def create_registration(*, workshop, participant, status, source, note, now, actor=None):
    """Write the registration, its log entry and the email telling the participant its status, in the
    caller's transaction. Without an organiser as `actor`, the participant registered themselves."""
    raise_registrations_version([workshop.pk])
    registration = Registration.objects.create(
        workshop=workshop,
        participant=participant,
        status=status,
        source=source,
        note=note,
        created_at=now,
        decided_at=now if status == Status.CONFIRMED else None,
        decided_by=actor if status == Status.CONFIRMED else None,
    )
    log_action(
        workshop=workshop,
        action=Action.REGISTRATION_CREATED,
        obj=registration,
        actor=actor or participant.user,
        data={"status": status, "source": source},
        at=now,
    )
    queue_registration_email(registration=registration, kind=EMAIL_KIND_FOR_STATUS[status], event_id="created")
    return registration


def organiser_addition_refusal(*, workshop, participant):
    """Why an organiser cannot add this participant to this workshop, or None when they can."""
    if workshop.status == Workshop.Status.CANCELLED:
        return _("This workshop is cancelled; no one can be added to it.")
    existing = workshop.pk and active_registration(workshop=workshop, participant=participant)
    if existing:
        return _("%(name)s is already registered for this workshop (status: %(status)s).") % {
            "name": participant.full_name,
            "status": existing.get_status_display(),
        }
    return None


@raises_versions
def add_registration(*, workshop_id, participant_id, actor, note="", now=None):
    """An organiser adds a participant: confirmed while a seat is free, else waitlisted.

    Like an accepted invitation it skips the registration window and the approval step (the organiser
    chose the person), and it works on a draft workshop too, so the list can be prepared before
    publishing. Not durable: the admin calls it inside the transaction that saves its form.
    """
    now = now or timezone.now()
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_registrations_version([workshop.pk])
        participant = Participant.objects.select_related("user").get(pk=participant_id)
        refusal = organiser_addition_refusal(workshop=workshop, participant=participant)
        if refusal:
            raise RegistrationError(refusal)
        return create_registration(
            workshop=workshop,
            participant=participant,
            status=Status.CONFIRMED if seat_counts(workshop).left else Status.WAITLISTED,
            source=Registration.Source.ORGANISER,
            note=note,
            now=now,
            actor=actor,
        )


@raises_versions
def promote_waitlist(*, workshop, now, actor=None):
    """Give freed seats to the waitlist, first come first served. Call with the workshop row locked.

    `actor` is whoever freed the seats (None for the system); each promotion is logged as theirs.
    """
    free = seat_counts(workshop).left
    promoted = list(waitlist(workshop)[:free]) if free else []
    opening = first_session(workshop) if promoted else None
    if promoted:
        raise_registrations_version([workshop.pk])
    for registration in promoted:
        # Under approval a promoted person still needs an organiser's decision.
        registration.status = Status.PENDING if workshop.requires_approval else Status.CONFIRMED
        registration.decided_at = now if registration.status == Status.CONFIRMED else None
        registration.save(update_fields=["status", "decided_at"])
        kind = (
            OutgoingEmail.Kind.REGISTRATION_PROMOTED
            if registration.status == Status.CONFIRMED
            else OutgoingEmail.Kind.REGISTRATION_RECEIVED
        )
        queue_registration_email(
            registration=registration, kind=kind, event_id=f"promoted-{now.timestamp()}", opening=opening
        )
    log_entries(
        entry(
            workshop=workshop,
            action=Action.REGISTRATION_PROMOTED,
            obj=registration,
            actor=actor,
            data={"status": [Status.WAITLISTED, registration.status]},
            at=now,
        )
        for registration in promoted
    )
    return promoted


@raises_versions
def cancel_registration(*, registration_id, actor=None, now=None):
    """Cancel a registration; a freed seat goes to the first person on the waitlist in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop_id = Registration.objects.values_list("workshop_id", flat=True).get(pk=registration_id)
        workshop = lock_workshop(workshop_id)
        raise_registrations_version([workshop.pk])
        registration = Registration.objects.select_related("participant__user").get(pk=registration_id)
        return cancel_locked_registration(workshop=workshop, registration=registration, actor=actor, now=now)


@raises_versions
def cancel_locked_registration(*, workshop, registration, actor, now):
    """Cancel inside the caller's transaction, with the workshop row locked (a withdrawn nomination's too)."""
    if registration.status == Status.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."), registration=registration)
    raise_registrations_version([workshop.pk])
    was = registration.status
    registration.workshop = workshop
    registration.status = Status.CANCELLED
    registration.decided_at = now
    registration.decided_by = actor
    forget_attendance(registration)
    registration.save(update_fields=["status", "decided_at", "decided_by", "attended_at"])
    log_action(
        workshop=workshop,
        action=Action.REGISTRATION_CANCELLED,
        obj=registration,
        actor=actor,
        data={
            "status": [was, Status.CANCELLED],
            "own": bool(actor and actor.pk == registration.participant.user_id),
        },
        at=now,
    )
    queue_registration_email(
        registration=registration, kind=OutgoingEmail.Kind.REGISTRATION_CANCELLED, event_id="cancelled"
    )
    promote_waitlist(workshop=workshop, now=now, actor=actor)
    return registration


@raises_versions
def delete_registrations(*, registration_ids, actor=None, now=None):
    """Erase registrations (an admin tidying mistakes or personal data); freed seats go to the waitlist.

    Not durable: the admin deletes inside its own transaction. Workshops are locked in id order so two
    deletions across the same workshops cannot deadlock. The log keeps who deleted whom, with the status.
    """
    now = now or timezone.now()
    with transaction.atomic():
        workshop_ids = sorted(
            set(Registration.objects.filter(pk__in=registration_ids).values_list("workshop_id", flat=True))
        )
        workshops = [lock_workshop(workshop_id) for workshop_id in workshop_ids]
        raise_registrations_version(workshop_ids)
        doomed = Registration.objects.filter(pk__in=registration_ids).select_related("participant")
        log_entries(
            entry(
                workshop=registration.workshop_id,
                action=Action.REGISTRATION_DELETED,
                obj=registration,
                actor=actor,
                data={"status": registration.status},
                at=now,
            )
            for registration in doomed
        )
        doomed.delete()
        for workshop in workshops:
            if workshop.status != Workshop.Status.CANCELLED:
                promote_waitlist(workshop=workshop, now=now, actor=actor)


@raises_versions
def delete_people(*, participants=None, users=None, actor=None, now=None):
    """Erase participants (or the accounts in `users`, a queryset, with their participant profiles): their
    registrations go through delete_registrations first, so freed seats reach the waitlist and the log
    keeps who was deleted. Not durable: the admin deletes inside its own transaction."""
    with transaction.atomic():
        participants = participants if participants is not None else Participant.objects.none()
        if users is not None:
            participants = participants | Participant.objects.filter(user__in=users)
            # Their names beside the registrations they decided.
            raise_registrations_version(workshops_registering_users(users.values("pk")))
        # Speakers who were these people show no name any more.
        raise_content_version(workshops_with_speaking(participants.values("pk")))
        delete_registrations(
            registration_ids=list(
                Registration.objects.filter(participant__in=participants).values_list("pk", flat=True)
            ),
            actor=actor,
            now=now,
        )
        Participant.objects.filter(pk__in=participants.values("pk")).delete()
        if users is not None:
            users.delete()


DECISIONS = (Status.CONFIRMED, Status.REJECTED, Status.WAITLISTED)


@raises_versions
def decide_registrations(*, workshop_id, registration_ids, decision, actor, message="", now=None):
    """An organiser's decision on one or many registrations of one workshop.

    A pending registration (under approval) is confirmed into the seat it holds; others are confirmed in
    registration order while seats nobody holds remain; the rest are left as they were.
    Seats freed by rejections go to the waitlist, as a cancellation's do; moving someone to the
    waitlist is the organiser's own choice about that seat and promotes nobody.
    Returns (decided registrations, registrations not confirmed for lack of seats).
    """
    if decision not in DECISIONS:
        raise RegistrationError(_("Unknown decision."))
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        if workshop.status == Workshop.Status.CANCELLED:
            # Everyone was told the workshop is off; a confirmation now would contradict that.
            raise RegistrationError(_("This workshop is cancelled; its registrations can no longer be decided."))
        raise_registrations_version([workshop.pk])
        registrations = list(
            Registration.objects.select_related("participant__user")
            .filter(workshop=workshop, pk__in=registration_ids)
            .exclude(status__in=[Status.CANCELLED, decision])
            .order_by("created_at", "pk")
        )
        seats = seat_counts(workshop)
        # Never more confirmed than seats; and a seat a pending registration holds is that one's alone.
        unconfirmed_seats, unheld_seats = workshop.capacity - seats.confirmed, seats.left
        opening = first_session(workshop) if registrations else None
        decided, no_seat, entries = [], [], []
        for registration in registrations:
            if decision == Status.CONFIRMED:
                holds_seat = workshop.requires_approval and registration.status == Status.PENDING
                if unconfirmed_seats <= 0 or not (holds_seat or unheld_seats > 0):
                    no_seat.append(registration)
                    continue
                unconfirmed_seats -= 1
                unheld_seats -= not holds_seat
            entries.append(
                entry(
                    workshop=workshop,
                    action=Action.REGISTRATION_DECIDED,
                    obj=registration,
                    actor=actor,
                    data={"status": [registration.status, decision]},
                    at=now,
                )
            )
            registration.workshop = workshop
            registration.status = decision
            registration.decided_at = now
            registration.decided_by = actor
            forget_attendance(registration)
            registration.save(update_fields=["status", "decided_at", "decided_by", "attended_at"])
            queue_registration_email(
                registration=registration,
                kind=EMAIL_KIND_FOR_STATUS[decision],
                event_id=f"decided-{now.timestamp()}",
                message=message,
                opening=opening,
            )
            decided.append(registration)
        log_entries(entries)
        if decision == Status.REJECTED and decided:
            promote_waitlist(workshop=workshop, now=now, actor=actor)
    return decided, no_seat


def lock_registration(*, workshop_id, registration_id):
    return (
        Registration.objects.select_for_update()
        .select_related("participant", "workshop")
        .get(workshop_id=workshop_id, pk=registration_id)
    )


def forget_attendance(registration):
    """Someone who no longer holds a seat was not there: their records go (the caller saves attended_at)."""
    if registration.attended_at is not None:
        Attendance.objects.filter(registration=registration).delete()
    registration.attended_at = None


def attendance_session(workshop, session_id):
    """The workshop's session `session_id`, which must take attendance."""
    session = ProgrammeSession.objects.filter(workshop=workshop, pk=session_id, takes_attendance=True).first()
    if session is None:
        raise RegistrationError(_("This session does not take attendance."))
    return session


@raises_versions
def check_in(
    *, workshop_id, registration_id, session_id=None, day=None, actor=None, now=None, method=Attendance.Method.DESK
):
    """Record that a confirmed participant is here: on the day of `now` in the workshop's time zone, or at the
    session `session_id` (one that takes attendance). An organiser records a past `day` the desk missed. A second
    record of the same day or session records nothing and says so. `attended_at` keeps the first record's time."""
    now = now or timezone.now()
    with transaction.atomic():
        raise_registrations_version([workshop_id])  # the workshop row first, as lock_workshop takes it
        registration = lock_registration(workshop_id=workshop_id, registration_id=registration_id)
        workshop = registration.workshop
        name = registration.participant.full_name
        if registration.status != Status.CONFIRMED:
            raise RegistrationError(
                _("%(name)s is not confirmed (status: %(status)s) and cannot be checked in.")
                % {"name": name, "status": registration.get_status_display()},
                registration=registration,
            )
        if session_id is None:
            today, session = timezone.localdate(now, workshop.tzinfo), None
            if day is None and not workshop.start_date <= today <= workshop.end_date:
                raise RegistrationError(
                    _("Today (%(day)s) is not a day of the workshop: nobody can be checked in.")
                    % {"day": date_format(today, "DATE_FORMAT")},
                    registration=registration,
                )
            day = day or today
            if day not in workshop.days or day > today:
                raise RegistrationError(
                    _("%(day)s is not one of the workshop's days so far: nothing was recorded.")
                    % {"day": date_format(day, "DATE_FORMAT")},
                    registration=registration,
                )
            recorded = Attendance.objects.filter(registration=registration, day=day, session=None)
            already = _("%(name)s is already checked in today: nothing new was recorded.")
        else:
            session = attendance_session(workshop, session_id)
            day = timezone.localdate(session.starts_at, workshop.tzinfo)
            recorded = Attendance.objects.filter(registration=registration, session=session)
            already = _("%(name)s is already recorded at this session: nothing new was recorded.")
        if recorded.exists():
            raise AlreadyCheckedIn(already % {"name": name}, registration=registration)
        attendance = Attendance.objects.create(
            registration=registration, day=day, session=session, recorded_at=now, recorded_by=actor, method=method
        )
        if registration.attended_at is None:
            registration.attended_at = now
            registration.save(update_fields=["attended_at"])
        log_action(
            workshop=workshop,
            action=Action.REGISTRATION_CHECKED_IN,
            obj=registration,
            actor=actor,
            data=attendance_data(attendance),
            at=now,
        )
    return registration


# Self check-in opens this long before a session starts (people arrive early), and closes when it ends.
SELF_CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=15)


def self_check_in(*, code, user, now=None):
    """A participant checks themselves in at a session by scanning its sign: `code` is the sign's, `user` the one
    signed in. Refused with the reason (nothing recorded) for a code the portal did not sign, a session that takes
    no attendance, a workshop without self check-in, outside the window, or without a confirmed registration."""
    now = now or timezone.now()
    session = session_of_code(code)
    if session is None:
        raise RegistrationError(_("This code is not one of the portal's check-in signs: ask the organisers."))
    workshop = session.workshop
    if not workshop.self_check_in:
        raise RegistrationError(_("Self check-in is switched off for this workshop: check in at the desk."))
    opens = session.starts_at - SELF_CHECK_IN_OPENS_BEFORE
    if not opens <= now <= session.ends_at:
        raise RegistrationError(
            _("Self check-in for this session opens at %(opens)s and closes at %(closes)s (%(zone)s).")
            % {
                "opens": date_format(timezone.localtime(opens, workshop.tzinfo), "DATETIME_FORMAT"),
                "closes": date_format(timezone.localtime(session.ends_at, workshop.tzinfo), "DATETIME_FORMAT"),
                "zone": workshop.time_zone,
            }
        )
    registration = active_registrations(workshop).filter(participant__user=user).first()
    if registration is None:
        raise RegistrationError(_("You are not registered for this workshop."))
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(
            _("Your registration is not confirmed (status: %(status)s): nothing was recorded.")
            % {"status": registration.get_status_display()},
            registration=registration,
        )
    return check_in(
        workshop_id=workshop.pk,
        registration_id=registration.pk,
        session_id=session.pk,
        actor=user,
        now=now,
        method=Attendance.Method.SELF,
    )


def attendance_data(attendance):
    """What the activity log keeps of a record: its day, and its session's title."""
    data = {"day": attendance.day.isoformat()}
    if attendance.session_id:
        data["session"] = attendance.session.title
    return data


@raises_versions
def undo_check_in(*, workshop_id, registration_id, session_id=None, actor=None, now=None):
    """Take back today's record (or the session's) of a participant, made by mistake."""
    now = now or timezone.now()
    with transaction.atomic():
        raise_registrations_version([workshop_id])  # the workshop row first, as lock_workshop takes it
        registration = lock_registration(workshop_id=workshop_id, registration_id=registration_id)
        records = Attendance.objects.filter(registration=registration)
        if session_id is None:
            records = records.filter(day=timezone.localdate(now, registration.workshop.tzinfo), session=None)
        else:
            records = records.filter(session_id=session_id)
        attendance = records.select_related("session").first()
        if attendance is None:
            raise RegistrationError(
                _("%(name)s has no check-in to undo here.") % {"name": registration.participant.full_name},
                registration=registration,
            )
        remove_attendance(registration=registration, attendance=attendance, actor=actor, now=now)
    return registration


@raises_versions
def undo_attendance(*, workshop_id, attendance_id, actor=None, now=None):
    """Take back one record of the workshop's attendance (another workshop's is not found)."""
    now = now or timezone.now()
    with transaction.atomic():
        raise_registrations_version([workshop_id])  # the workshop row first, as lock_workshop takes it
        attendance = (
            Attendance.objects.select_related("session")
            .filter(registration__workshop_id=workshop_id)
            .get(pk=attendance_id)
        )
        registration = lock_registration(workshop_id=workshop_id, registration_id=attendance.registration_id)
        remove_attendance(registration=registration, attendance=attendance, actor=actor, now=now)
    return registration


def remove_attendance(*, registration, attendance, actor, now):
    """Delete one record, keep `attended_at` the first remaining one's time, and log it."""
    attendance.delete()
    registration.attended_at = Attendance.objects.filter(registration=registration).aggregate(first=Min("recorded_at"))[
        "first"
    ]
    registration.save(update_fields=["attended_at"])
    log_action(
        workshop=registration.workshop_id,
        action=Action.REGISTRATION_CHECK_IN_UNDONE,
        obj=registration,
        actor=actor,
        data={"checked_in_at": attendance.recorded_at.isoformat(), **attendance_data(attendance)},
        at=now,
    )
