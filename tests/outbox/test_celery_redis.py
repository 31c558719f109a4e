"""A real Celery worker on the Redis broker and a real SMTP server on localhost."""

import datetime

import pytest
from django.utils import timezone

from outbox import delivery
from outbox.models import OutgoingEmail
from outbox.tasks import sweep_outbox
from participants import invitations
from participants.models import Registration
from participants.services import register
from tests.participants.test_invitations import LINK
from tests.support.celery_testing import running_worker, use_broker, wait_for
from tests.support.concurrency import ON_POSTGRES
from tests.support.factories import ParticipantFactory, UserFactory, WorkshopFactory
from tests.support.mailserver import refusing_port, text_body

pytestmark = pytest.mark.redis


def test_invitation_goes_through_the_worker_and_its_link_registers_the_invitee(celery_worker, mail_server, client):
    workshop = WorkshopFactory(title="Pacific Green Customs Workshop")
    invitations.invite(workshop_id=workshop.pk, email="delegate@customs.example", name="Sione Tupou")

    def invitation_received():
        """the invitation email at the SMTP server"""
        return len(mail_server.messages) == 1

    wait_for(invitation_received)
    message = mail_server.messages[0]
    assert message["To"] == "delegate@customs.example"
    assert "Pacific Green Customs Workshop" in message["Subject"]
    path = LINK.search(text_body(message)).group(1)

    def marked_sent():
        """the row marked sent (the SMTP server has the message a moment before the worker records it)"""
        return OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT

    wait_for(marked_sent)

    client.force_login(UserFactory(email="delegate@customs.example"))
    assert client.get(path, follow=True).status_code == 200
    client.post("/invitations/answer/", {"answer": "accept"})
    registration = Registration.objects.get()
    assert (registration.status, registration.source) == ("confirmed", "invitation")

    def confirmation_received():
        """the registration confirmation at the SMTP server"""
        return len(mail_server.messages) == 2

    wait_for(confirmation_received)
    assert "confirmed" in text_body(mail_server.messages[1])


def test_with_the_broker_down_registration_succeeds_and_the_sweeper_sends_the_email_once(
    redis_broker, transactional_db, mail_server
):
    if not ON_POSTGRES:
        pytest.skip("the worker thread needs its own database connection to committed data: PostgreSQL only")
    workshop = WorkshopFactory()
    participant = ParticipantFactory()

    with refusing_port() as dead_port:
        use_broker(f"redis://127.0.0.1:{dead_port}/0")
        registration = register(workshop_id=workshop.pk, participant_id=participant.pk)
    assert registration.status == Registration.Status.CONFIRMED
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.QUEUED

    use_broker(redis_broker)
    stale = timezone.now() - datetime.timedelta(seconds=delivery.STALE_AFTER_SECONDS + 60)
    OutgoingEmail.objects.filter(pk=email.pk).update(updated_at=stale)
    with running_worker():
        sweep_outbox.delay()  # as celery beat does

        def sent():
            """the email marked sent"""
            email.refresh_from_db()
            return email.status == OutgoingEmail.Status.SENT

        wait_for(sent)
        assert delivery.requeue_stale_emails(older_than=datetime.timedelta(0)) == []
    assert len(mail_server.messages) == 1
    assert mail_server.messages[0]["To"] == participant.user.email
