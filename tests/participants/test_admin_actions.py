"""The registration admin changes seats only through the registration services: its actions, its add
page and the workshop's "add registrations" rows hold capacity, record who decided, and write the emails."""

import pytest
from django.urls import reverse

from outbox.models import OutgoingEmail
from participants.models import Registration
from tests.greencustoms.test_admin import post_new_workshop
from tests.support.factories import ParticipantFactory, RegistrationFactory, WorkshopFactory, running_today

pytestmark = pytest.mark.django_db

Status = Registration.Status
CHANGELIST = reverse("admin:participants_registration_changelist")


def run_action(client, action, registrations):
    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [registration.pk for registration in registrations]},
        follow=True,
    )
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def statuses(registrations):
    return [Registration.objects.get(pk=registration.pk).status for registration in registrations]


def emails(kind):
    return set(OutgoingEmail.objects.filter(kind=kind).values_list("registration_id", flat=True))


def test_confirm_gives_only_the_seats_left_in_registration_order(admin_client, superuser):
    workshop = WorkshopFactory(capacity=2)
    RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory.create_batch(3, workshop=workshop, status=Status.WAITLISTED)

    shown = run_action(admin_client, "confirm", waiting)

    assert statuses(waiting) == [Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    assert shown == [
        "1 registration confirmed.",
        "2 registrations were not confirmed: the workshop has no seat left.",
    ]
    first = Registration.objects.get(pk=waiting[0].pk)
    assert first.decided_by == superuser and first.decided_at is not None
    assert emails(OutgoingEmail.Kind.REGISTRATION_CONFIRMED) == {first.pk}


def test_confirm_decides_each_workshop_of_the_selection_against_its_own_seats(admin_client):
    full = WorkshopFactory(capacity=1)
    RegistrationFactory(workshop=full)
    roomy = WorkshopFactory(capacity=10)
    selected = [
        RegistrationFactory(workshop=full, status=Status.PENDING),
        *RegistrationFactory.create_batch(2, workshop=roomy, status=Status.PENDING),
    ]

    shown = run_action(admin_client, "confirm", selected)

    assert statuses(selected) == [Status.PENDING, Status.CONFIRMED, Status.CONFIRMED]
    assert shown == [
        "2 registrations confirmed.",
        "1 registration was not confirmed: the workshop has no seat left.",
    ]


def test_reject_gives_the_freed_seat_to_the_waiting_list(admin_client, superuser):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)

    assert run_action(admin_client, "reject", [seated]) == ["1 registration rejected."]

    assert statuses([seated, waiting]) == [Status.REJECTED, Status.CONFIRMED]
    assert Registration.objects.get(pk=seated.pk).decided_by == superuser
    assert emails(OutgoingEmail.Kind.REGISTRATION_REJECTED) == {seated.pk}
    assert emails(OutgoingEmail.Kind.REGISTRATION_PROMOTED) == {waiting.pk}


def test_move_to_waiting_list_promotes_nobody(admin_client):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)

    assert run_action(admin_client, "move_to_waitlist", [seated]) == ["1 registration moved to the waiting list."]

    assert statuses([seated, waiting]) == [Status.WAITLISTED, Status.WAITLISTED]
    assert emails(OutgoingEmail.Kind.REGISTRATION_WAITLISTED) == {seated.pk}


def test_decisions_on_a_cancelled_workshop_are_refused_with_a_message(admin_client):
    pending = RegistrationFactory(workshop__status="cancelled", status=Status.PENDING)

    shown = run_action(admin_client, "confirm", [pending])

    assert shown[0] == "This workshop is cancelled; its registrations can no longer be decided."
    assert statuses([pending]) == [Status.PENDING]


def test_cancel_promotes_the_waiting_list_and_reports_what_it_could_not_do(admin_client, superuser):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)
    gone = RegistrationFactory(workshop=workshop, status=Status.CANCELLED)

    shown = run_action(admin_client, "cancel", [seated, gone])

    assert shown == ["This registration is already cancelled.", "1 registration cancelled."]
    assert statuses([seated, waiting]) == [Status.CANCELLED, Status.CONFIRMED]
    assert Registration.objects.get(pk=seated.pk).decided_by == superuser
    assert emails(OutgoingEmail.Kind.REGISTRATION_CANCELLED) == {seated.pk}


def test_check_in_only_the_confirmed_and_undo_it(admin_client):
    workshop = running_today()
    seated = RegistrationFactory(workshop=workshop, participant__full_name="Ji-woo Han")
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED, participant__full_name="Tomas Lee")

    shown = run_action(admin_client, "check_in", [seated, waiting])

    assert shown == [
        "Tomas Lee is not confirmed (status: Waitlisted) and cannot be checked in.",
        "1 participant checked in.",
    ]
    assert Registration.objects.get(pk=seated.pk).attended_at is not None
    assert run_action(admin_client, "undo_check_in", [seated]) == ["1 check-in undone."]
    assert Registration.objects.get(pk=seated.pk).attended_at is None


def test_change_form_edits_the_note_but_not_the_status(admin_client):
    registration = RegistrationFactory(status=Status.WAITLISTED)
    url = reverse("admin:participants_registration_change", args=[registration.pk])

    response = admin_client.post(
        url, {"status": "confirmed", "decided_at_0": "2015-11-01", "decided_at_1": "09:00", "note": "Vegetarian"}
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.decided_at, registration.note) == (Status.WAITLISTED, None, "Vegetarian")
    assert not OutgoingEmail.objects.exists()


def add_on_admin_page(client, workshop, participant):
    return client.post(
        reverse("admin:participants_registration_add"),
        {"workshop": workshop.pk, "participant": participant.pk, "note": "", "status": "confirmed"},
    )


def test_add_page_confirms_while_seats_last_then_waitlists(admin_client, superuser):
    # Closed and needing approval: an organiser's addition skips both, as an accepted invitation does.
    workshop = WorkshopFactory(capacity=1, requires_approval=True, registration_closes_at="2015-01-01T00:00Z")
    first, second = ParticipantFactory.create_batch(2)

    assert add_on_admin_page(admin_client, workshop, first).status_code == 302
    assert add_on_admin_page(admin_client, workshop, second).status_code == 302

    added = Registration.objects.filter(workshop=workshop).order_by("created_at", "pk")
    assert [(r.participant, r.status, r.source) for r in added] == [
        (first, Status.CONFIRMED, Registration.Source.ORGANISER),
        (second, Status.WAITLISTED, Registration.Source.ORGANISER),
    ]
    assert added[0].decided_by == superuser
    assert emails(OutgoingEmail.Kind.REGISTRATION_CONFIRMED) == {added[0].pk}
    assert emails(OutgoingEmail.Kind.REGISTRATION_WAITLISTED) == {added[1].pk}


def test_add_page_refuses_a_second_registration_of_the_same_person(admin_client):
    registration = RegistrationFactory(participant__full_name="Ji-woo Han")

    response = add_on_admin_page(admin_client, registration.workshop, registration.participant)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Ji-woo Han is already registered for this workshop (status: Confirmed)."
    ]
    assert Registration.objects.count() == 1


def test_workshop_rows_add_registrations_by_the_seats_left(admin_client):
    first, second = ParticipantFactory.create_batch(2)

    response = post_new_workshop(
        admin_client,
        capacity="1",
        **{
            "registrations-2-TOTAL_FORMS": "3",
            "registrations-2-0-participant": str(first.pk),
            "registrations-2-1-participant": str(second.pk),
            "registrations-2-2-participant": str(second.pk),
        },
    )

    assert response.status_code == 302
    added = Registration.objects.order_by("created_at", "pk")
    assert [(r.participant, r.status) for r in added] == [(first, Status.CONFIRMED), (second, Status.WAITLISTED)]
    shown = [str(message) for message in admin_client.get(CHANGELIST).context["messages"]]
    assert f"{second.full_name} is already registered for this workshop (status: Waitlisted)." in shown


def test_deleting_a_seated_registration_gives_the_seat_to_the_waiting_list(admin_client):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)

    response = admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [seated.pk], "post": "yes"}
    )

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=seated.pk).exists()
    assert statuses([waiting]) == [Status.CONFIRMED]
    assert emails(OutgoingEmail.Kind.REGISTRATION_PROMOTED) == {waiting.pk}


def test_deleting_from_the_change_page_gives_the_seat_to_the_waiting_list(admin_client):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)

    response = admin_client.post(reverse("admin:participants_registration_delete", args=[seated.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert statuses([waiting]) == [Status.CONFIRMED]
