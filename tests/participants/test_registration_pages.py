import datetime

import pytest
from django.utils import timezone

from outbox.delivery import Programmes, build_message
from outbox.models import OutgoingEmail
from participants.models import Participant, Registration
from tests.support.factories import (
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    zone_whose_date_is_not_utcs,
)
from tests.support.mailserver import attached_files

pytestmark = pytest.mark.django_db
Status = Registration.Status


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def profile_data(organisation, **overrides):
    return {
        "full_name": "Park Ji-woo",
        "organisation": organisation.pk if organisation else "",
        "position": "Customs inspector",
        "country": "KR",
        **overrides,
    }


def test_registering_needs_a_login(client):
    workshop = WorkshopFactory(slug="seoul")
    response = client.get("/workshops/seoul/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workshops/seoul/register/")
    assert not workshop.registrations.exists()


def test_a_new_account_is_sent_to_complete_its_profile_first(client):
    WorkshopFactory(slug="seoul")
    client.force_login(UserFactory(name="Park Ji-woo"))
    response = client.get("/workshops/seoul/register/", follow=True)
    assert response.redirect_chain[-1][0] == "/me/profile/?next=%2Fworkshops%2Fseoul%2Fregister%2F"
    assert "Please complete your profile first" in messages_of(response)[0]
    assert response.context["form"].initial["full_name"] == "Park Ji-woo"


def test_saving_the_profile_returns_to_the_registration_form(client):
    WorkshopFactory(slug="seoul")
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/me/profile/",
        {**profile_data(None), "new_organisation": "Kiribati Customs Division"},
        QUERY_STRING="next=/workshops/seoul/register/",
    )
    assert response.status_code == 302 and response["Location"] == "/workshops/seoul/register/"
    participant = Participant.objects.get(user=user)
    assert participant.is_complete and participant.organisation.name == "Kiribati Customs Division"


def test_profile_refuses_a_missing_organisation_and_an_outside_next(client):
    client.force_login(UserFactory())
    response = client.post("/me/profile/", profile_data(None))
    assert "Choose your organisation" in response.content.decode()
    assert not Participant.objects.exists()
    response = client.post("/me/profile/?next=https://evil.example/", profile_data(OrganisationFactory()))
    assert response["Location"] == "/me/profile/"


def test_register_form_is_prefilled_and_confirms_a_seat(client):
    workshop = WorkshopFactory(slug="seoul", capacity=5)
    ProgrammeSessionFactory(workshop=workshop)
    participant = ParticipantFactory(full_name="Park Ji-woo", position="Customs inspector")
    client.force_login(participant.user)

    form = client.get("/workshops/seoul/register/").context["form"]
    assert form.initial["full_name"] == "Park Ji-woo" and form.initial["position"] == "Customs inspector"

    data = profile_data(participant.organisation, position="Senior inspector", note="Arriving on 9 November.")
    response = client.post("/workshops/seoul/register/", data, follow=True)
    registration = Registration.objects.get(participant=participant)
    assert (registration.status, registration.note) == (Status.CONFIRMED, "Arriving on 9 November.")
    assert messages_of(response) == ["Your seat is confirmed. A confirmation email with the programme is on its way."]
    assert "Confirmed" in response.content.decode()
    participant.refresh_from_db()
    assert participant.position == "Senior inspector"
    email = OutgoingEmail.objects.get(registration=registration)
    assert email.kind == "registration_confirmed"
    [(filename, _content, _mimetype)] = attached_files(build_message(email, Programmes()))
    assert filename == "seoul.ics"


def test_a_full_workshop_says_the_waitlist_position(client):
    workshop = WorkshopFactory(slug="seoul", capacity=1)
    RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)
    participant = ParticipantFactory()
    client.force_login(participant.user)
    response = client.post("/workshops/seoul/register/", profile_data(participant.organisation), follow=True)
    assert "you are on the waiting list (number 2)" in messages_of(response)[0]


def test_a_second_registration_points_to_the_first(client):
    registration = RegistrationFactory(workshop__slug="seoul", status=Status.PENDING)
    client.force_login(registration.participant.user)
    response = client.get("/workshops/seoul/register/", follow=True)
    [message] = messages_of(response)
    assert "already registered for this workshop (status: Pending approval)" in message
    assert 'href="/me/registrations/"' in message
    assert Registration.objects.count() == 1


def test_a_closed_workshop_refuses_with_a_message_and_writes_nothing(client):
    WorkshopFactory(slug="seoul", registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    participant = ParticipantFactory()
    client.force_login(participant.user)
    response = client.post("/workshops/seoul/register/", profile_data(participant.organisation), follow=True)
    assert messages_of(response) == ["Registration for this workshop is not open."]
    assert not Registration.objects.exists() and not OutgoingEmail.objects.exists()


def test_my_registrations_lists_them_and_cancelling_needs_a_post(client):
    workshop = WorkshopFactory(title="Seoul workshop", capacity=1)
    mine = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)
    client.force_login(mine.participant.user)

    listing = client.get("/me/registrations/").content.decode()
    assert "Seoul workshop" in listing and f"/me/registrations/{mine.pk}/cancel/" in listing

    confirmation = client.get(f"/me/registrations/{mine.pk}/cancel/")
    assert "Yes, cancel my registration" in confirmation.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED  # a GET changes nothing

    response = client.post(f"/me/registrations/{mine.pk}/cancel/", follow=True)
    assert messages_of(response) == ["Your registration for Seoul workshop is cancelled."]
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert f"/me/registrations/{mine.pk}/cancel/" not in response.content.decode()


def test_nobody_can_cancel_someone_elses_registration(client):
    registration = RegistrationFactory()
    client.force_login(ParticipantFactory().user)
    assert client.post(f"/me/registrations/{registration.pk}/cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancelling_follows_the_workshops_own_calendar_not_the_servers(client, settings):
    settings.TIME_ZONE = "UTC"
    zone, local_today, utc_today = zone_whose_date_is_not_utcs()
    # Over there the workshop is on its last day (still cancellable) or it ended yesterday (not any more),
    # whatever the server's calendar says.
    last_day = min(local_today, utc_today)
    workshop = WorkshopFactory(time_zone=zone, start_date=last_day - datetime.timedelta(days=2), end_date=last_day)
    registration = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    client.force_login(registration.participant.user)
    still_running = last_day == local_today
    cancel_url = f"/me/registrations/{registration.pk}/cancel/"

    assert (cancel_url in client.get("/me/registrations/").content.decode()) is still_running
    client.post(cancel_url)
    registration.refresh_from_db()
    assert (registration.status == Status.CANCELLED) is still_running
