"""Hardening 13: a participant reads and downloads everything the portal holds about them; workshop-only
personal details are erased a configurable time after their last workshop."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activity.models import Action
from activity.services import entry as log_entry
from core import personal_data
from participants import privacy
from participants.models import Participant, Registration
from tests.support.factories import InvitationFactory, ParticipantFactory, RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def details(**overrides):
    return {"phone": "+82 2 123 4567", "dietary_needs": "Halal", "accessibility_needs": "Wheelchair", **overrides}


def test_a_participant_reads_and_downloads_their_data(client):
    participant = ParticipantFactory(**details(full_name="Kim <Minjun>"))
    workshop = WorkshopFactory(title="Seoul Workshop")
    RegistrationFactory(participant=participant, workshop=workshop, note="Arriving late")
    InvitationFactory(workshop=workshop, email=participant.user.email)
    client.force_login(participant.user)

    page = client.get(reverse("participants:my_data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kim &lt;Minjun&gt;" in text and "Halal" in text and "Arriving late" in text and "Seoul Workshop" in text

    download = client.get(reverse("participants:my_data_json"))
    assert download["Content-Disposition"] == 'attachment; filename="my-green-customs-data.json"'
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    assert data["account"]["email"] == participant.user.email
    assert data["profile"]["full_name"] == "Kim <Minjun>"
    assert [r["workshop"] for r in data["registrations"]] == ["Seoul Workshop"]
    assert [i["workshop"] for i in data["invitations"]] == ["Seoul Workshop"]


def test_the_data_page_names_each_value_as_a_person_reads_it(client):
    """The registry's sections are laid out with their fields' names and readable values: no column name, no action
    code, no workshop id, no True or ISO timestamp."""
    participant = ParticipantFactory()
    workshop = WorkshopFactory(title="Seoul Workshop")
    RegistrationFactory(participant=participant, workshop=workshop)
    client.force_login(participant.user)
    EmailAddress.objects.create(user=participant.user, email=participant.user.email, verified=True, primary=True)
    log_entry(workshop=workshop, action=Action.REGISTRATION_CREATED, actor=participant.user).save()

    text = client.get(reverse("participants:my_data")).content.decode()
    for shown in ("Email address", "Verified", "Yes", "Who (name)", "Registration created", "Seoul Workshop"):
        assert shown in text
    for raw in ("actor_name", "registration.created", "True", "+00:00"):
        assert raw not in text


def test_the_data_pages_are_for_their_owner_only(client):
    assert client.get(reverse("participants:my_data_json"))["Location"].startswith(reverse("account_login"))


def test_workshop_only_details_are_erased_after_the_retention_period(settings, monkeypatch):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    now = timezone.now()
    past = WorkshopFactory(
        start_date=now.date() - datetime.timedelta(days=40), end_date=now.date() - datetime.timedelta(days=35)
    )
    recent = WorkshopFactory(
        start_date=now.date() - datetime.timedelta(days=12), end_date=now.date() - datetime.timedelta(days=10)
    )
    done = RegistrationFactory(workshop=past, participant=ParticipantFactory(**details())).participant
    coming_back = RegistrationFactory(workshop=past, participant=ParticipantFactory(**details())).participant
    RegistrationFactory(workshop=recent, participant=coming_back)
    cancelled_recently = RegistrationFactory(workshop=past, participant=ParticipantFactory(**details())).participant
    RegistrationFactory(workshop=recent, participant=cancelled_recently, status=Registration.Status.CANCELLED)
    # Another app's entry in the registry: the retention task runs it with the same moment.
    erased_by_another_app = []
    another_app = personal_data.PersonalData(
        section="another_app",
        title="Another app's rows",
        model="participants.Participant",
        rows=lambda person: Participant.objects.none(),
        fields=(),
        erased={},
        retention=erased_by_another_app.append,
    )
    monkeypatch.setitem(personal_data.REGISTRY, another_app.section, another_app)

    erased = privacy.erase_personal_fields(now=now)

    assert erased["profile"] == 2 and erased["visa_letter_requests"] == 0

    def kept(participant):
        return Participant.objects.values_list(*privacy.WORKSHOP_ONLY_FIELDS).get(pk=participant.pk)

    assert kept(done) == ("", "", "")
    assert kept(cancelled_recently) == ("", "", "")
    assert kept(coming_back) == ("+82 2 123 4567", "Halal", "Wheelchair")
    assert erased_by_another_app == [now]
    assert Participant.objects.get(pk=done.pk).full_name  # the person and their registration stay


def test_deleting_ones_account_cancels_future_seats_and_anonymises_the_rest(client):
    from activity.models import ActivityEntry
    from outbox.models import OutgoingEmail

    coming = WorkshopFactory(capacity=1)
    past = WorkshopFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=400),
        end_date=timezone.localdate() - datetime.timedelta(days=397),
    )
    participant = ParticipantFactory(full_name="Kim Minjun", **details())
    user = participant.user
    email = user.email
    seat = RegistrationFactory(workshop=coming, participant=participant)
    waiting = RegistrationFactory(
        workshop=coming, status=Registration.Status.WAITLISTED, participant__full_name="Ana Silva"
    )
    attended = RegistrationFactory(workshop=past, participant=participant, note="Kim's note")
    client.force_login(user)

    assert client.post(reverse("participants:delete_account"), {"password": "wrong"}).status_code == 200
    response = client.post(reverse("participants:delete_account"), {"password": "correct horse battery staple"})

    assert response.status_code == 302
    seat.refresh_from_db()
    waiting.refresh_from_db()
    attended.refresh_from_db()
    assert (seat.status, waiting.status) == (Registration.Status.CANCELLED, Registration.Status.CONFIRMED)
    assert attended.status == Registration.Status.CONFIRMED and attended.note == ""
    participant.refresh_from_db()
    assert (participant.full_name, participant.phone, participant.dietary_needs) == ("—", "", "")
    user.refresh_from_db()
    assert not user.is_active and email not in user.email
    everything = " ".join(str(row) for model in (ActivityEntry, OutgoingEmail) for row in model.objects.values_list())
    # What the deleted person wrote or was called, not a bare "Kim": a generated name ("Kimberly") may hold it.
    assert "Minjun" not in everything and "Kim's note" not in everything and email not in everything
    assert ActivityEntry.objects.filter(action="registration.anonymised", workshop=past).exists()
    assert not client.login(email=email, password="correct horse battery staple")


def test_the_export_asks_as_many_queries_for_many_workshops_as_for_one():
    """Each section reads its rows and what it names of them (the workshop, the organisation) in one query."""
    participant = ParticipantFactory()

    def queries_of_export():
        with CaptureQueriesContext(connection) as queries:
            privacy.personal_data(participant.user)
        return len(queries)

    RegistrationFactory(participant=participant)
    # Once first: the admin log's section names models through Django's ContentType cache, which a process fills
    # at its first use; whether an earlier test of this worker filled it must not change the count.
    queries_of_export()
    with_one = queries_of_export()
    for registration in RegistrationFactory.create_batch(3, participant=participant):
        log_entry(workshop=registration.workshop, action=Action.REGISTRATION_CREATED, actor=participant.user).save()
    assert queries_of_export() == with_one
