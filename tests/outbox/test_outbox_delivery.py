import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from outbox import delivery
from outbox.checks import retry_delays_fit_the_broker
from outbox.models import OutgoingEmail
from outbox.services import queue_email, retry_failed_emails
from outbox.tasks import send_outgoing_email, sweep_outbox
from tests.support.concurrency import requires_postgres, run_concurrently
from tests.support.mailserver import refusing_port

Status = OutgoingEmail.Status


def queue(key="test:1", to_email="delegate@example.org"):
    return queue_email(to_email=to_email, subject="Hello", body_text="Body", dedup_key=key)


@pytest.mark.django_db
def test_rolled_back_transaction_leaves_no_row_and_sends_nothing(mail_server, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the registration failed after the email was queued")
    assert not OutgoingEmail.objects.exists()
    assert callbacks == []
    assert mail_server.messages == []


@pytest.mark.django_db
def test_smtp_421_three_times_then_success_is_sent_on_the_fourth_attempt(
    mail_server, django_capture_on_commit_callbacks
):
    mail_server.refuse_next(*["421 Service not available, try again later"] * 3)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 4)
    assert mail_server.handler.data_commands == 4
    assert len(mail_server.messages) == 1


@pytest.mark.django_db
def test_smtp_550_fails_at_once_without_retry(mail_server, django_capture_on_commit_callbacks):
    mail_server.refuse_next("550 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert "550" in email.last_error
    assert mail_server.handler.data_commands == 1


@pytest.mark.django_db
def test_unwritable_address_fails_without_retry(mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(to_email="broken\nBcc: everyone@example.org")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert mail_server.handler.data_commands == 0


@pytest.mark.django_db
def test_connection_refused_retries_until_the_last_attempt(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with refusing_port() as port, django_capture_on_commit_callbacks(execute=True):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, delivery.MAX_ATTEMPTS)
    assert "Connection refused" in email.last_error or "ConnectionRefusedError" in email.last_error


@pytest.mark.django_db
def test_deliver_says_whether_and_when_to_try_again(mail_server):
    mail_server.refuse_next("421 Service not available, try again later", "550 No such user here")
    email = OutgoingEmail.objects.create(to_email="a@example.org", subject="s", body_text="b", dedup_key="a")
    temporary = delivery.deliver(email.pk)
    assert (temporary.status, "421" in str(temporary.error)) == (Status.QUEUED, True)
    assert 0 < temporary.retry_in <= delivery.MAX_BACKOFF_SECONDS
    permanent = delivery.deliver(email.pk)
    assert (permanent.status, permanent.retry_in) == (Status.FAILED, None)
    assert delivery.deliver(email.pk) == delivery.Outcome(status=None)


@pytest.mark.django_db
def test_a_row_already_sent_or_being_sent_is_not_sent_again(mail_server):
    sent = OutgoingEmail.objects.create(to_email="a@example.org", subject="s", body_text="b", dedup_key="a")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    sending = OutgoingEmail.objects.create(
        to_email="b@example.org", subject="s", body_text="b", dedup_key="b", status=Status.SENDING
    )
    send_outgoing_email(sent.pk)
    send_outgoing_email(sending.pk)
    assert mail_server.messages == []


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_sends_of_one_row_produce_one_smtp_message(mail_server):
    email = OutgoingEmail.objects.create(to_email="a@example.org", subject="s", body_text="b", dedup_key="a")
    outcomes = run_concurrently(lambda _index: send_outgoing_email(email.pk), 10)
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert len(mail_server.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)


@pytest.mark.django_db
def test_sweeper_requeues_stuck_rows_and_leaves_fresh_ones(mail_server):
    stale = timezone.now() - datetime.timedelta(seconds=delivery.STALE_AFTER_SECONDS + 60)
    stuck_sending = OutgoingEmail.objects.create(
        to_email="a@example.org", subject="s", body_text="b", dedup_key="a", status=Status.SENDING, attempts=1
    )
    stuck_queued = OutgoingEmail.objects.create(to_email="b@example.org", subject="s", body_text="b", dedup_key="b")
    fresh = OutgoingEmail.objects.create(to_email="c@example.org", subject="s", body_text="b", dedup_key="c")
    OutgoingEmail.objects.filter(pk__in=[stuck_sending.pk, stuck_queued.pk]).update(updated_at=stale)
    sweep_outbox()
    assert sorted(message["To"] for message in mail_server.messages) == ["a@example.org", "b@example.org"]
    fresh.refresh_from_db()
    assert fresh.status == Status.QUEUED


@pytest.mark.django_db
def test_retry_failed_gives_failed_rows_new_attempts(mail_server, django_capture_on_commit_callbacks):
    failed = OutgoingEmail.objects.create(
        to_email="a@example.org", subject="s", body_text="b", dedup_key="a", status=Status.FAILED, attempts=8
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_emails(emails=OutgoingEmail.objects.all()) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)


@pytest.mark.django_db
def test_a_failed_account_email_keeps_its_link_for_a_retry(mail_server, django_capture_on_commit_callbacks):
    # Account links expire within days on their own and cannot be issued afresh by a retry: only
    # secrets with a reissuer (invitation links) are blanked when their email fails.
    link = "https://portal.example/accounts/confirm-email/MQ:1tXyZa:abcdef/"
    mail_server.refuse_next("550 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to_email="a@example.org", subject="Verify", body_text=link, dedup_key="account:1")
    email.refresh_from_db()
    assert (email.status, email.filled_text) == (Status.FAILED, link)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_emails(emails=OutgoingEmail.objects.all()) == 1
    (message,) = mail_server.messages
    assert link in message.get_payload()


@pytest.mark.django_db
def test_admin_action_retries_failed_emails(admin_client, mail_server, django_capture_on_commit_callbacks):
    failed = OutgoingEmail.objects.create(
        to_email="a@example.org", subject="s", body_text="b", dedup_key="a", status=Status.FAILED, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/outbox/outgoingemail/",
            {"action": "retry_failed", "_selected_action": [failed.pk]},
            follow=True,
        )
    assert "1 failed email queued again." in response.content.decode()
    assert len(mail_server.messages) == 1


def test_every_retry_delay_stays_below_the_visibility_timeout_and_the_sweeper():
    delays = [delivery.retry_delay(attempt) for attempt in range(1, delivery.MAX_ATTEMPTS + 1) for _ in range(50)]
    assert max(delays) <= delivery.MAX_BACKOFF_SECONDS < delivery.visibility_timeout()
    assert delivery.MAX_BACKOFF_SECONDS < delivery.STALE_AFTER_SECONDS
    # Backoff grows: the second wait is longer than the first one's longest jitter.
    assert delivery.retry_delay(2) > delivery.BACKOFF_BASE_SECONDS * (1 + delivery.BACKOFF_JITTER)
    assert retry_delays_fit_the_broker(None) == []


def test_system_check_refuses_a_visibility_timeout_shorter_than_the_backoff():
    with override_settings(CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 600}):
        assert [error.id for error in retry_delays_fit_the_broker(None)] == ["outbox.E001"]


@pytest.mark.django_db
def test_outbox_status_command_counts_and_names_the_oldest_queued(capsys):
    OutgoingEmail.objects.create(to_email="a@example.org", subject="s", body_text="b", dedup_key="a")
    OutgoingEmail.objects.create(
        to_email="b@example.org", subject="s", body_text="b", dedup_key="b", status=Status.FAILED
    )
    call_command("outbox_status")
    output = capsys.readouterr().out
    assert "queued          1" in output
    assert "failed          1" in output
    assert "oldest queued: 20" in output
