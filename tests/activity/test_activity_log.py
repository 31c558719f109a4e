"""The activity log: every state change of the services writes exactly its entries, in the same transaction."""

import datetime
import functools
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activity.models import ActivityEntry
from activity.sentences import describe
from outbox.models import OutgoingEmail
from outbox.services import queue_email
from participants import invitations, reminders, workshop_changes
from participants import services as registrations
from participants.models import Invitation, Registration
from sessions import services as programme
from tests.support.factories import (
    InvitationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    record_days,
    workshop_local,
)
from workshops import services as workshops
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status
ORGANISER = "organiser"
PARTICIPANT = "participant"
SYSTEM = "system"


class World:
    """A published workshop two weeks away with an organiser, and helpers to fill it."""

    def __init__(self):
        self.workshop = WorkshopFactory(capacity=3, title="Asia/Pacific Regional Green Customs Workshop")
        self.organiser = UserFactory(name="Demo Organiser")
        OrganiserMembershipFactory(workshop=self.workshop, user=self.organiser)

    def registration(self, status=Status.CONFIRMED, **participant):
        return RegistrationFactory(workshop=self.workshop, status=status, participant__full_name="Kim Minjun")

    def session_fields(self, session, **changes):
        names = programme.SESSION_FIELDS
        return {**{name: getattr(session, name) for name in names}, **changes}

    def workshop_fields(self, **changes):
        return {**{name: getattr(self.workshop, name) for name in workshops.EDITABLE_FIELDS}, **changes}


def register_online(world):
    participant = ParticipantFactory()
    registrations.register(workshop_id=world.workshop.pk, participant_id=participant.pk)
    return participant.user


def add_by_organiser(world):
    participant = ParticipantFactory()
    registrations.add_registration(workshop_id=world.workshop.pk, participant_id=participant.pk, actor=world.organiser)


def confirm_two_pending(world):
    pending = [world.registration(Status.PENDING), world.registration(Status.PENDING)]
    registrations.decide_registrations(
        workshop_id=world.workshop.pk,
        registration_ids=[r.pk for r in pending],
        decision=Status.CONFIRMED,
        actor=world.organiser,
    )


def reject_a_seat_holder_with_someone_waiting(world):
    holders = [world.registration() for _ in range(3)]
    world.registration(Status.WAITLISTED)
    registrations.decide_registrations(
        workshop_id=world.workshop.pk, registration_ids=[holders[0].pk], decision=Status.REJECTED, actor=world.organiser
    )


def participant_cancels_with_someone_waiting(world):
    holders = [world.registration() for _ in range(3)]
    world.registration(Status.WAITLISTED)
    registrations.cancel_registration(registration_id=holders[0].pk, actor=holders[0].participant.user)
    return holders[0].participant.user


def admin_deletes(world):
    registration = world.registration()
    registrations.delete_registrations(registration_ids=[registration.pk], actor=world.organiser)


def check_in_twice(world):
    registration = world.registration()
    first_morning = workshop_local(world.workshop, 0, 9)
    check_in = functools.partial(
        registrations.check_in,
        workshop_id=world.workshop.pk,
        registration_id=registration.pk,
        actor=world.organiser,
        now=first_morning,
    )
    check_in()
    with pytest.raises(registrations.AlreadyCheckedIn):
        check_in()


def undo_a_check_in(world):
    registration = world.registration()
    first_morning = workshop_local(world.workshop, 0, 9)
    record_days(registration, [first_morning.date()])
    registrations.undo_check_in(
        workshop_id=world.workshop.pk, registration_id=registration.pk, actor=world.organiser, now=first_morning
    )


def create_workshop(world):
    fields = world.workshop_fields(slug="bangkok-2016", title_en="Bangkok workshop")
    created = workshops.create_workshop(actor=world.organiser, fields=fields)
    world.workshop = created


def edit_seats(world):
    workshop_changes.update_workshop(
        workshop_id=world.workshop.pk, fields=world.workshop_fields(capacity=40), actor=world.organiser
    )


def save_unchanged(world):
    workshop_changes.update_workshop(
        workshop_id=world.workshop.pk, fields=world.workshop_fields(), actor=world.organiser
    )


def unpublish_and_publish(world):
    workshops.unpublish_workshop(workshop_id=world.workshop.pk, actor=world.organiser)
    workshops.publish_workshop(workshop_id=world.workshop.pk, actor=world.organiser)


def cancel_workshop(world):
    world.registration()
    workshop_changes.cancel_workshop(workshop_id=world.workshop.pk, message="Postponed.", actor=world.organiser)


def duplicate_workshop(world):
    start = world.workshop.start_date + datetime.timedelta(weeks=52)
    world.workshop = workshop_changes.duplicate_workshop(
        workshop_id=world.workshop.pk,
        titles={"title_en": "Copy"},
        slug="copy-2016",
        start_date=start,
        actor=world.organiser,
    )


def add_edit_move_delete_sessions(world):
    workshop = world.workshop
    first = ProgrammeSessionFactory(workshop=workshop, starts_at=workshop_local(workshop, 0, 9))
    fields = world.session_fields(first, title_en="Opening", starts_at=workshop_local(workshop, 0, 11))
    fields["ends_at"] = fields["starts_at"] + datetime.timedelta(hours=1)
    added = programme.create_session(workshop_id=workshop.pk, fields=fields, actor=world.organiser)
    programme.update_session(
        workshop_id=workshop.pk, session_id=added.pk, fields={**fields, "room_en": "Hall B"}, actor=world.organiser
    )
    programme.move_session(workshop_id=workshop.pk, session_id=added.pk, earlier=True, actor=world.organiser)
    programme.delete_session(workshop_id=workshop.pk, session_id=added.pk, actor=world.organiser)


def change_speakers(world):
    session = ProgrammeSessionFactory(workshop=world.workshop)
    first = SpeakerFactory(session=session, order=1)
    fields = {"participant": None, "name": "Ms Lee", "organisation": None, "role": "speaker"}
    wid = world.workshop.pk
    added = programme.create_speaker(workshop_id=wid, session_id=session.pk, fields=fields, actor=world.organiser)
    programme.update_speaker(
        workshop_id=wid, speaker_id=added.pk, fields={**fields, "role": "chair"}, actor=world.organiser
    )
    programme.move_speaker(workshop_id=wid, speaker_id=added.pk, earlier=True, actor=world.organiser)
    programme.delete_speaker(workshop_id=wid, speaker_id=first.pk, actor=world.organiser)


def invite_import_resend_revoke(world):
    wid = world.workshop.pk
    invited = invitations.invite(workshop_id=wid, email="a@example.org", name="Ana", actor=world.organiser)
    invitations.import_invitations(
        workshop_id=wid, data=b"email,name\nb@example.org,Bo\nc@example.org,Chen\n", actor=world.organiser
    )
    invitations.resend_invitation(workshop_id=wid, invitation_id=invited.pk, actor=world.organiser)
    invitations.revoke_invitation(workshop_id=wid, invitation_id=invited.pk, actor=world.organiser)


def accept_an_invitation(world):
    invitation = invitations.invite(workshop_id=world.workshop.pk, email="kim@example.org", name="Kim", actor=None)
    token = "accept-token"
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=invitations.hash_invitation_token(token))
    ActivityEntry.objects.all().delete()
    user = UserFactory(email="kim@example.org")
    invitations.accept_invitation(token=token, user=user)
    return user


def decline_an_invitation(world):
    invitation = InvitationFactory(workshop=world.workshop, token_hash=invitations.hash_invitation_token("no"))
    invitations.decline_invitation(token="no")
    return invitation


def remind_unanswered(world):
    InvitationFactory(workshop=world.workshop)
    invitations.remind_unanswered(workshop_id=world.workshop.pk, actor=world.organiser)


def reminders_now_and_on_schedule(world):
    world.registration()
    reminders.send_reminders_now(workshop_id=world.workshop.pk, actor=world.organiser)
    due = reminders.reminder_due_at(world.workshop, world.workshop.reminder_offsets[0])
    reminders.sweep_reminders(now=due + datetime.timedelta(minutes=5))


# (what is done, the entries it writes in order as (action, who), and for which object type)
SCENARIOS = {
    "register online": (register_online, [("registration.created", PARTICIPANT)]),
    "organiser adds": (add_by_organiser, [("registration.created", ORGANISER)]),
    "bulk confirm": (confirm_two_pending, [("registration.decided", ORGANISER)] * 2),
    "reject promotes": (
        reject_a_seat_holder_with_someone_waiting,
        [("registration.decided", ORGANISER), ("registration.promoted", ORGANISER)],
    ),
    "cancel promotes": (
        participant_cancels_with_someone_waiting,
        [("registration.cancelled", PARTICIPANT), ("registration.promoted", PARTICIPANT)],
    ),
    "delete": (admin_deletes, [("registration.deleted", ORGANISER)]),
    "check in (twice: one entry)": (check_in_twice, [("registration.checked_in", ORGANISER)]),
    "undo check-in": (undo_a_check_in, [("registration.check_in_undone", ORGANISER)]),
    "create workshop": (create_workshop, [("workshop.created", ORGANISER)]),
    "edit workshop": (edit_seats, [("workshop.edited", ORGANISER)]),
    "save unchanged": (save_unchanged, []),
    "unpublish, publish": (
        unpublish_and_publish,
        [("workshop.unpublished", ORGANISER), ("workshop.published", ORGANISER)],
    ),
    "cancel workshop": (cancel_workshop, [("workshop.cancelled", ORGANISER)]),
    "duplicate workshop": (duplicate_workshop, [("workshop.duplicated", ORGANISER)]),
    "sessions": (
        add_edit_move_delete_sessions,
        [(f"session.{verb}", ORGANISER) for verb in ("added", "edited", "moved", "deleted")],
    ),
    "speakers": (
        change_speakers,
        [(f"session.speaker_{verb}", ORGANISER) for verb in ("added", "edited", "moved", "removed")],
    ),
    "invitations": (
        invite_import_resend_revoke,
        [("invitation.sent", ORGANISER)] * 3 + [("invitation.resent", ORGANISER), ("invitation.revoked", ORGANISER)],
    ),
    "accept invitation": (
        accept_an_invitation,
        [("registration.created", PARTICIPANT), ("invitation.accepted", PARTICIPANT)],
    ),
    "decline invitation": (decline_an_invitation, [("invitation.declined", SYSTEM)]),
    "remind unanswered": (remind_unanswered, [("invitation.reminded", ORGANISER)]),
    "reminders": (reminders_now_and_on_schedule, [("reminder.queued", ORGANISER), ("reminder.queued", SYSTEM)]),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_service_writes_exactly_its_entries(scenario):
    action, expected = SCENARIOS[scenario]
    world = World()
    ActivityEntry.objects.all().delete()
    participant_user = action(world)
    who = {ORGANISER: world.organiser.pk, PARTICIPANT: getattr(participant_user, "pk", None), SYSTEM: None}
    written = list(ActivityEntry.objects.order_by("pk").values_list("action", "actor_id", "workshop_id"))
    assert [(name, actor) for name, actor, _workshop in written] == [(name, who[role]) for name, role in expected]
    assert {workshop for _name, _actor, workshop in written} <= {world.workshop.pk}
    for logged in ActivityEntry.objects.all():
        assert logged.object_label in describe(logged) or logged.actor_name in describe(logged)


def test_an_edit_records_each_changed_field_from_and_to():
    world = World()
    edit_seats(world)
    logged = ActivityEntry.objects.get(action="workshop.edited")
    assert logged.data == {"fields": {"capacity": [3, 40]}}
    assert logged.actor_name == "Demo Organiser"
    assert describe(logged) == "Demo Organiser changed the workshop: seats: 3 → 40"
    logged.data["fields"]["a_field_since_removed"] = ["x", "y"]
    assert describe(logged).endswith("; a_field_since_removed: x → y")


def test_a_refused_operation_writes_no_entry():
    world = World()
    registration = world.registration(Status.PENDING)
    ActivityEntry.objects.all().delete()
    with pytest.raises(registrations.RegistrationError):
        registrations.check_in(workshop_id=world.workshop.pk, registration_id=registration.pk, actor=world.organiser)
    assert not ActivityEntry.objects.exists()


def test_a_bulk_decision_on_200_registrations_writes_200_entries_in_bulk():
    """One INSERT on PostgreSQL; SQLite's limit on query parameters cuts it into a few."""
    world = World()
    Workshop.objects.filter(pk=world.workshop.pk).update(capacity=300)
    participants = ParticipantFactory.create_batch(200)
    Registration.objects.bulk_create(
        Registration(workshop=world.workshop, participant=p, status=Status.PENDING) for p in participants
    )
    ids = list(Registration.objects.filter(workshop=world.workshop).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        registrations.decide_registrations(
            workshop_id=world.workshop.pk, registration_ids=ids, decision=Status.CONFIRMED, actor=world.organiser
        )
    inserts = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "activity_activityentry"')
    ]
    columns = [field for field in ActivityEntry._meta.concrete_fields if not field.primary_key]
    per_insert = min(500, connection.ops.bulk_batch_size(columns, ids))
    assert len(inserts) == math.ceil(200 / per_insert)
    assert ActivityEntry.objects.filter(action="registration.decided").count() == 200


def test_a_workshop_email_that_fails_for_good_is_logged_by_the_system(mail_server, django_capture_on_commit_callbacks):
    world = World()
    mail_server.refuse_next("550 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        register_online(world)
    failed = ActivityEntry.objects.get(action="email.failed")
    assert (failed.workshop_id, failed.actor_id, failed.object_type) == (world.workshop.pk, None, "email")
    assert "550" in failed.data["error"] and failed.data["kind"] == "registration_confirmed"
    assert describe(failed).startswith(f"The email “{failed.data['subject']}” to {failed.object_label} could not")


def test_an_email_about_no_workshop_fails_without_an_entry(mail_server, django_capture_on_commit_callbacks):
    mail_server.refuse_next("550 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to_email="someone@example.org", subject="Verify", body_text="Link", dedup_key="account:1")
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.FAILED
    assert not ActivityEntry.objects.exists()
