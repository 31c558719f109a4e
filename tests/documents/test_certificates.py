"""Certificates of attendance: who gets one, when, and what the public verification page shows."""

import base64
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityEntry
from documents.models import Certificate
from documents.services import email_certificates, email_due_certificates
from documents.views import CHECKS_PER_MINUTE
from outbox.models import OutgoingEmail
from participants.models import Registration
from tests.support.factories import (
    OrganiserMembershipFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
    record_days,
    seoul_workshop,
)
from tests.support.pdfs import made_in_the_console, page_count, pdf_text
from workshops.models import Workshop, WorkshopPartner
from workshops.templatetags.workshop_tags import date_range

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_workshop():
    today = timezone.localdate()
    return seoul_workshop(start_date=today - datetime.timedelta(days=20), end_date=today - datetime.timedelta(days=17))


def attended(workshop, **participant):
    """A participant recorded on every day of the workshop."""
    registration = RegistrationFactory(
        workshop=workshop,
        participant__user__password=None,
        **{f"participant__{name}": value for name, value in participant.items()},
    )
    record_days(registration, workshop.days)
    return registration


def download(client, registration):
    client.force_login(registration.participant.user)
    return client.post(reverse("documents:certificate", kwargs={"pk": registration.pk}))


def test_an_attended_participant_downloads_their_certificate(client, past_workshop):
    registration = attended(past_workshop, full_name="김민준")
    response = download(client, registration)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # A name slugify cannot spell in Latin letters gives the file the participant's number.
    assert response["Content-Disposition"] == (
        f'attachment; filename="{past_workshop.slug}-certificate-{registration.participant.pk}.pdf"'
    )
    text = pdf_text(response.content)
    certificate = Certificate.objects.get(registration=registration)
    assert "김민준" in text and past_workshop.title in text and certificate.code in text
    assert "Korea Customs Service" in text  # an organising partner
    assert ActivityEntry.objects.filter(action="document.certificate_issued", object_id=registration.pk).count() == 1
    download(client, registration)
    assert Certificate.objects.count() == 1  # the same certificate, issued once


def test_a_host_that_also_sponsors_is_named_once_in_the_header_and_once_in_organised_by(client, past_workshop):
    host = past_workshop.partners.get(role=WorkshopPartner.Role.HOST).organisation
    WorkshopPartnerFactory(workshop=past_workshop, organisation=host, role=WorkshopPartner.Role.SPONSOR)
    text = pdf_text(download(client, attended(past_workshop)).content)
    assert "Korea Customs Service, Korea Customs Service" not in text
    assert text.count("Korea Customs Service") == 2


def test_a_no_show_gets_404_with_the_reason(client, past_workshop):
    no_show = RegistrationFactory(workshop=past_workshop, participant__user__password=None)
    response = download(client, no_show)
    assert response.status_code == 404
    assert "needs 4 of the workshop&#x27;s 4 days; 0 recorded" in response.content.decode()
    assert not Certificate.objects.exists()


def test_another_persons_certificate_answers_404(client, past_workshop):
    mine, theirs = attended(past_workshop), attended(past_workshop)
    client.force_login(mine.participant.user)
    response = client.post(reverse("documents:certificate", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_no_certificate_before_the_last_day_has_ended_in_the_workshops_zone(client):
    # The last day is today in Seoul: it has not ended there, whatever the server's clock says.
    today_in_seoul = timezone.localdate(timezone.now(), datetime.timezone(datetime.timedelta(hours=9)))
    workshop = seoul_workshop(start_date=today_in_seoul - datetime.timedelta(days=2), end_date=today_in_seoul)
    registration = attended(workshop)
    response = download(client, registration)
    assert response.status_code == 404
    assert "once the workshop" in response.content.decode()


def test_no_certificate_for_a_cancelled_workshop(client, past_workshop):
    registration = attended(past_workshop)
    Workshop.objects.filter(pk=past_workshop.pk).update(status=Workshop.Status.CANCELLED)
    response = download(client, registration)
    assert response.status_code == 404
    assert "cancelled" in response.content.decode()


def test_the_verification_page_shows_only_the_name_the_workshop_and_the_dates(client, past_workshop):
    registration = attended(
        past_workshop, full_name="Ölzii Batbayar", position="Chief inspector", phone="+976 11 123456"
    )
    download(client, registration)
    client.logout()
    code = Certificate.objects.get().code
    response = client.get(reverse("documents:verify_certificate", kwargs={"code": code.lower()}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ölzii Batbayar" in page and past_workshop.title in page and date_range(past_workshop) in page
    participant = registration.participant
    for private in (participant.email, participant.position, participant.phone, participant.organisation.name):
        assert private not in page


def test_an_unknown_code_answers_404(client):
    assert client.get(reverse("documents:verify_certificate", kwargs={"code": "ABCDEFGHJK"})).status_code == 404


def test_an_address_checks_thirty_codes_a_minute_so_that_codes_cannot_be_guessed(client, past_workshop):
    """600 guesses at 95 a second were all answered (issue 26, item 9): the 31st check of a minute is refused."""
    download(client, attended(past_workshop))
    client.logout()
    code = Certificate.objects.get().code
    guesses = [f"GUESS{number:05d}" for number in range(CHECKS_PER_MINUTE)]
    assert [client.get(f"/certificates/{guess}/").status_code for guess in guesses] == [404] * CHECKS_PER_MINUTE
    refused = client.get(f"/certificates/{code}/")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "may check 30 certificate codes a minute" in refused.content.decode()
    # The limit is the address's: a visitor from another one still checks their paper.
    assert client.get(f"/certificates/{code}/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_organiser_downloads_all_certificates_in_one_pdf(client, past_workshop):
    for name in ("Ana", "Bo", "Cy"):
        attended(past_workshop, full_name=name)
    RegistrationFactory(workshop=past_workshop)  # confirmed, never checked in
    RegistrationFactory(workshop=past_workshop, status=Registration.Status.CANCELLED)
    organiser = OrganiserMembershipFactory(workshop=past_workshop).user
    client.force_login(organiser)
    _job, response, content = made_in_the_console(client, past_workshop, "certificates")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{past_workshop.slug}-certificates-en.pdf"'
    assert page_count(content) == 3
    assert Certificate.objects.count() == 3


def test_emailing_certificates_sends_each_person_theirs_once(past_workshop):
    people = [attended(past_workshop) for _ in range(3)]
    assert email_certificates(workshop_id=past_workshop.pk) == 3
    assert email_certificates(workshop_id=past_workshop.pk) == 0
    emails = OutgoingEmail.objects.all()
    assert sorted(email.to_email for email in emails) == sorted(r.participant.email for r in people)
    for email in emails:
        (attachment,) = email.attachments
        assert attachment["mimetype"] == "application/pdf"
    assert ActivityEntry.objects.filter(action="document.certificates_emailed").get().data == {"count": 3}


def recorded_on(workshop, day_numbers, **participant):
    """A confirmed participant recorded on the workshop's days of these numbers (0 for the first)."""
    registration = RegistrationFactory(
        workshop=workshop,
        participant__user__password=None,
        **{f"participant__{name}": value for name, value in participant.items()},
    )
    record_days(registration, [workshop.days[number] for number in day_numbers])
    return registration


def test_at_least_three_of_four_days_three_get_a_certificate_that_states_them_two_do_not(client, past_workshop):
    Workshop.objects.filter(pk=past_workshop.pk).update(certificate_min_days=3)
    three = recorded_on(past_workshop, [0, 1, 3], full_name="Three Days")
    two = recorded_on(past_workshop, [0, 1], full_name="Two Days")
    response = download(client, three)
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert f"3 of 4 days, {date_range(past_workshop)}" in text
    refused = download(client, two)
    assert refused.status_code == 404
    assert "needs 3 of the workshop&#x27;s 4 days; 2 recorded" in refused.content.decode()
    assert list(Certificate.objects.values_list("registration", flat=True)) == [three.pk]
    client.logout()
    check = client.get(reverse("documents:verify_certificate", kwargs={"code": Certificate.objects.get().code}))
    page = " ".join(check.content.decode().split())
    assert f"3 of 4 days, {date_range(past_workshop)}" in page
    days = past_workshop.days
    assert all(f"{day:%A} {day.day} {day:%B}" in page for day in (days[0], days[1], days[3]))
    assert f"{days[2]:%A} {days[2].day} {days[2]:%B}" not in page


def test_by_default_a_certificate_needs_every_day(past_workshop):
    every_day = recorded_on(past_workshop, [0, 1, 2, 3])
    recorded_on(past_workshop, [0, 1, 3])  # missed the field visit
    assert email_certificates(workshop_id=past_workshop.pk) == 1
    assert OutgoingEmail.objects.get().to_email == every_day.participant.email


def test_after_the_last_day_the_certificates_go_once_in_each_persons_language(past_workshop):
    english = recorded_on(past_workshop, [0, 1, 2, 3])
    french = recorded_on(past_workshop, [0, 1, 2, 3])
    french.participant.user.language = "fr"
    french.participant.user.save(update_fields=["language"])
    recorded_on(past_workshop, [0])
    after_the_last_day = past_workshop.ends_at + datetime.timedelta(minutes=15)
    assert email_due_certificates(now=after_the_last_day) == 2
    assert email_due_certificates(now=after_the_last_day) == 0  # run twice: one email each
    emails = {email.to_email: email for email in OutgoingEmail.objects.all()}
    assert set(emails) == {english.participant.email, french.participant.email}
    for email, language, title in (
        (emails[english.participant.email], "en", "Certificate of attendance"),
        (emails[french.participant.email], "fr", "Attestation de participation"),
    ):
        (attachment,) = email.attachments
        assert email.language == language
        assert title in pdf_text(base64.b64decode(attachment["content"]))


def test_certificates_wait_for_the_last_day_and_stop_a_week_after(past_workshop):
    recorded_on(past_workshop, [0, 1, 2, 3])
    running = WorkshopFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        end_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    record_days(RegistrationFactory(workshop=running), running.days[:2])
    # past_workshop ended 17 days ago, beyond the week the sweep looks back.
    assert email_due_certificates() == 0
    assert email_due_certificates(now=past_workshop.ends_at + datetime.timedelta(hours=1)) == 1
