"""What the outbox keeps: the programme is made when an email is sent (not copied into every row), sent emails
are emptied after the retention period, many rows go over one SMTP connection with each row marked on its own
acceptance, and bodies are rewritten only when blanking a secret changed them."""

import datetime
import io
import re
from email.generator import BytesGenerator
from email.header import decode_header, make_header

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from outbox import delivery
from outbox.models import OutgoingEmail
from outbox.services import queue_email
from outbox.tasks import send_outgoing_email, send_outgoing_emails
from participants.services import register
from sessions.calendar import programme_ics
from tests.support.concurrency import requires_postgres
from tests.support.factories import ParticipantFactory, ProgrammeSessionFactory, WorkshopFactory, workshop_local
from tests.support.mailserver import attached_files, refusing_port

Status = OutgoingEmail.Status
pytestmark = pytest.mark.django_db


def without_stamp(ics):
    """The calendar without its DTSTAMP lines: they say when the copy was made, which differs between two copies."""
    return re.sub(r"DTSTAMP:[0-9TZ]+\r\n", "", ics)


def queued_rows(count, **fields):
    return [
        queue_email(
            to_email=f"delegate{n}@example.org", subject="Hello", body_text="Body", dedup_key=f"test:{n}", **fields
        )
        for n in range(count)
    ]


def outbox_updates(queries):
    return [query["sql"] for query in queries if query["sql"].startswith('UPDATE "outbox_outgoingemail"')]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_programme_made_at_sending_is_the_file_once_stored_in_the_row_in_the_row_language(
    language, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(slug="seoul", country="KR", time_zone="Asia/Seoul")
    ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))
    # The email, and so its row and the file made at sending, follow the recipient's language.
    participant = ParticipantFactory(user__language=language)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(workshop_id=workshop.pk, participant_id=participant.pk)

    email = OutgoingEmail.objects.get(registration=registration)
    assert (email.attachments, email.programme_of, email.language) == ([], workshop, language)
    (message,) = mailoutbox
    [(filename, content, mimetype)] = attached_files(message)
    # What queueing used to copy into the row: programme_ics of the workshop, named after it, as text/calendar.
    with translation.override(language):
        stored_before = programme_ics(workshop).decode()
    assert (filename, mimetype) == ("seoul.ics", "text/calendar")
    assert without_stamp(content) == without_stamp(stored_before)
    # The language shows (the country's name in LOCATION), so a file made in the other one would differ.
    with translation.override("fr" if language == "en" else "en"):
        other_language = programme_ics(workshop).decode()
    assert without_stamp(content) != without_stamp(other_language)


def test_a_workshop_whose_programme_was_emptied_sends_no_calendar(mailoutbox):
    workshop = WorkshopFactory()
    (email,) = queued_rows(1, programme_of=workshop)
    send_outgoing_email(email.pk)
    (message,) = mailoutbox
    assert attached_files(message) == []


def test_one_programme_is_made_once_for_a_batch_of_its_emails(mailoutbox):
    workshop = WorkshopFactory()
    ProgrammeSessionFactory(workshop=workshop, starts_at=workshop_local(workshop, 0, 9))
    rows = queued_rows(6, programme_of=workshop)
    with CaptureQueriesContext(connection) as queries:
        send_outgoing_emails([row.pk for row in rows])
    assert len(mailoutbox) == 6
    assert all(attached_files(message)[0][0] == f"{workshop.slug}.ics" for message in mailoutbox)
    assert len([query for query in queries if 'FROM "programme_programmesession"' in query["sql"]]) == 1


def test_sent_rows_are_emptied_after_the_retention_period_and_never_sent_again(settings, mailoutbox):
    settings.OUTBOX_RETENTION_DAYS = 30
    workshop = WorkshopFactory()
    kept, emptied = queued_rows(2, body_html="<p>Body</p>", programme_of=workshop)
    failed = OutgoingEmail.objects.create(
        to_email="failed@example.org", subject="s", body_text="b", dedup_key="failed", status=Status.FAILED
    )
    send_outgoing_emails([kept.pk, emptied.pk])
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=emptied.pk).update(sent_at=now - datetime.timedelta(days=31))
    OutgoingEmail.objects.filter(pk=kept.pk).update(sent_at=now - datetime.timedelta(days=29))

    assert delivery.prune_sent_emails(now=now) == 1
    assert delivery.prune_sent_emails(now=now) == 0
    emptied.refresh_from_db()
    assert (emptied.body_text, emptied.body_html, emptied.attachments, emptied.pruned_at) == ("", "", [], now)
    assert (emptied.status, emptied.subject, emptied.to_email) == (Status.SENT, "Hello", "delegate1@example.org")
    kept.refresh_from_db()
    assert (kept.body_html, kept.pruned_at) == ("<p>Body</p>", None)
    failed.refresh_from_db()
    assert (failed.body_text, failed.pruned_at) == ("b", None)

    # The same event queued again is the row already written; delivering it again sends nothing.
    again = queue_email(to_email="delegate1@example.org", subject="Hello", body_text="Body", dedup_key="test:1")
    assert again.pk == emptied.pk
    send_outgoing_email(emptied.pk)
    send_outgoing_emails([emptied.pk])
    assert len(mailoutbox) == 2


def test_run_sweeps_empties_the_sent_rows_due(settings):
    settings.OUTBOX_RETENTION_DAYS = 0
    (email,) = queued_rows(1)
    send_outgoing_email(email.pk)
    call_command("run_sweeps", stdout=io.StringIO())
    email.refresh_from_db()
    assert (email.body_text, email.pruned_at is not None) == ("", True)


def test_a_batch_goes_over_one_connection(mail_server):
    rows = queued_rows(5)
    send_outgoing_emails([row.pk for row in rows])
    assert len(mail_server.messages) == 5
    assert mail_server.connections == 1
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}


def test_a_recipient_refused_mid_batch_fails_alone_and_nobody_gets_two(mail_server):
    rows = queued_rows(5)
    mail_server.refuse_recipient("delegate2@example.org", "550 No such user here")
    send_outgoing_emails([row.pk for row in rows])

    received = sorted(message["To"] for message in mail_server.messages)
    assert received == [
        "delegate0@example.org",
        "delegate1@example.org",
        "delegate3@example.org",
        "delegate4@example.org",
    ]
    statuses = dict(OutgoingEmail.objects.values_list("to_email", "status"))
    assert statuses.pop("delegate2@example.org") == Status.FAILED
    assert set(statuses.values()) == {Status.SENT}
    # The refusal is answered on a connection that stays usable; the next message starts a fresh one anyway.
    assert mail_server.connections == 2
    # Delivering the same rows again (a redelivered task, a sweep) sends nothing more.
    send_outgoing_emails([row.pk for row in rows])
    assert len(mail_server.messages) == 4


def test_a_recipient_refused_for_now_is_retried_and_the_others_are_not(mail_server):
    rows = queued_rows(5)
    mail_server.refuse_recipient("delegate2@example.org", "450 Mailbox busy, try again later", times=1)
    send_outgoing_emails([row.pk for row in rows])  # eager: the retry of the refused row runs at once

    received = sorted(message["To"] for message in mail_server.messages)
    assert received == [f"delegate{n}@example.org" for n in range(5)]
    attempts = dict(OutgoingEmail.objects.values_list("to_email", "attempts"))
    assert attempts == {f"delegate{n}@example.org": 2 if n == 2 else 1 for n in range(5)}
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_server_that_cannot_be_reached_fails_the_batch_without_waiting_on_each_row(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    rows = queued_rows(3)
    with refusing_port() as port:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        outcomes = delivery.deliver_all([row.pk for row in rows])
    assert {outcome.status for outcome in outcomes.values()} == {Status.QUEUED}
    # One delay for rows failing alike, so the task hands them back as one later batch.
    assert len({outcome.retry_in for outcome in outcomes.values()}) == 1
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(Status.QUEUED, 1)}


def test_each_accepted_row_is_marked_sent_by_an_update_of_its_own_and_only_changed_bodies_are_rewritten(mail_server):
    link = "https://portal.example/invitations/" + "A" * 43 + "/"
    plain = [
        queue_email(
            to_email=f"{name}@example.org", subject="s", body_text="Body", body_html="<p>Body</p>", dedup_key=name
        )
        for name in ("a", "c")
    ]
    with_link = queue_email(
        to_email="b@example.org",
        subject="s",
        body_text=f"Answer here: {link}",
        body_html="<p>Use the link in the text version.</p>",
        dedup_key="b",
    )
    with CaptureQueriesContext(connection) as queries:
        send_outgoing_emails([plain[0].pk, with_link.pk, plain[1].pk])
    # One claim for the batch; then, as the server accepts each message (in the order of the rows), one update of its
    # row alone, which blanks the link of the row that carries one.
    claim, *marks = outbox_updates(queries)
    assert "sending" in claim
    assert [mark.split("WHERE")[1] for mark in marks] == [
        f' "outbox_outgoingemail"."id" = {row.pk}' for row in (*plain, with_link)
    ]
    assert ['"body_text"' in mark for mark in marks] == [False, False, True]
    assert not any('"body_html"' in mark for mark in marks)
    assert len(mail_server.messages) == 3
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}
    with_link.refresh_from_db()
    assert delivery.FORGOTTEN in with_link.body_text
    assert with_link.body_html == "<p>Use the link in the text version.</p>"


def synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@requires_postgres
def test_a_delivery_run_leaves_the_connection_commits_waiting_for_the_disk_again(mail_server):
    # A run's commits do not wait for PostgreSQL's flush (delivery.commits_unflushed); what the process commits next
    # (a registration, in a web process delivering eagerly) does again.
    before = synchronous_commit()
    rows = queued_rows(2)
    send_outgoing_emails([row.pk for row in rows])
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}
    assert synchronous_commit() == before == "on"


def test_messages_with_a_programme_arrive_whole_each_with_boundaries_of_its_own(mail_server):
    workshop = WorkshopFactory(slug="lyon")
    ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))
    rows = queued_rows(2, body_html="<p>Body</p>", programme_of=workshop)
    send_outgoing_emails([row.pk for row in rows])

    boundaries = set()
    for message in mail_server.messages:
        parts = [(part.get_content_type(), part.get_filename()) for part in message.walk()]
        assert parts == [
            ("multipart/mixed", None),
            ("multipart/alternative", None),
            ("text/plain", None),
            ("text/html", None),
            ("text/calendar", "lyon.ics"),
        ]
        assert "Opening" in message.get_payload()[1].get_payload(decode=True).decode()
        boundaries |= {part.get_boundary() for part in message.walk() if part.is_multipart()}
    assert len(boundaries) == 4


def test_a_batch_gives_each_message_the_programme_of_its_own_workshop_in_its_own_language(mail_server):
    lyon, seoul = WorkshopFactory(slug="lyon", country="FR"), WorkshopFactory(slug="seoul", country="KR")
    for workshop, title in ((lyon, "Opening in Lyon"), (seoul, "Opening in Seoul")):
        ProgrammeSessionFactory(workshop=workshop, title=title, starts_at=workshop_local(workshop, 0, 9))
    wanted = [(lyon, "en"), (seoul, "fr"), (lyon, "fr"), (seoul, "en"), (lyon, "en")]
    rows = [
        queue_email(
            to_email=f"delegate{n}@example.org",
            subject="Hello",
            body_text="Body",
            dedup_key=f"test:{n}",
            programme_of=workshop,
            language=language,
        )
        for n, (workshop, language) in enumerate(wanted)
    ]
    send_outgoing_emails([row.pk for row in rows])

    received = {message["To"]: attached_files(message) for message in mail_server.messages}
    assert len(received) == len(wanted)
    for n, (workshop, language) in enumerate(wanted):
        [(filename, content, mimetype)] = received[f"delegate{n}@example.org"]
        with translation.override(language):
            expected = programme_ics(workshop).decode()
        assert (filename, mimetype) == (f"{workshop.slug}.ics", "text/calendar")
        assert without_stamp(content) == without_stamp(expected)


def test_headers_alike_across_a_batch_are_still_each_message_own(mail_server, settings):
    subjects = ["Rappel : atelier à Séoul, 10–13 novembre", "Rappel : atelier à Séoul, 10–13 novembre", "Hello"]
    rows = [
        queue_email(
            to_email=f"delegate{n}@example.org",
            subject=subject,
            body_text="Body",
            body_html="<p>Body</p>",
            dedup_key=f"test:{n}",
        )
        for n, subject in enumerate(subjects)
    ]
    send_outgoing_emails([row.pk for row in rows])

    received = sorted(
        (message["To"], str(make_header(decode_header(message["Subject"])))) for message in mail_server.messages
    )
    assert received == [(row.to_email, row.subject) for row in rows]
    assert {message["From"] for message in mail_server.messages} == {settings.DEFAULT_FROM_EMAIL}
    # Each its row's own Message-ID, which every attempt at sending the row carries.
    assert sorted(message["Message-ID"] for message in mail_server.messages) == sorted(row.message_id for row in rows)
    assert len({row.message_id for row in rows}) == 3


def test_a_message_sharing_its_programme_is_written_as_the_email_package_writes_it():
    workshop = WorkshopFactory()
    ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))
    rows = queued_rows(2, body_html="<p>Body</p>", programme_of=workshop)
    programmes = delivery.Programmes()
    for row in rows:
        message = delivery.build_message(row, programmes).message()
        for linesep in ("\n", "\r\n"):
            written = io.BytesIO()
            BytesGenerator(written, mangle_from_=False).flatten(message, linesep=linesep)
            assert message.as_bytes(linesep=linesep) == written.getvalue()
