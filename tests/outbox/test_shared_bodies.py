"""A bulk send stores its rendered bodies once (a SharedBody) and each row its own merge values: what is delivered is
what each row used to store in full, secrets live only in the merge values (blanked once sent, reissued on retry), and
pruning and anonymisation empty them."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox import delivery
from outbox.models import OutgoingEmail, SharedBody
from outbox.services import render_email, retry_failed_emails
from participants import invitations
from participants.emails import queue_workshop_cancelled_emails
from participants.models import Participant, Registration
from participants.privacy import delete_account
from participants.reminders import reminder_due_at, sweep_reminders
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    workshop_local,
)
from tests.support.mailserver import text_body

Status = OutgoingEmail.Status
pytestmark = pytest.mark.django_db
# Every character the HTML body must escape, in a name a person can have.
AWKWARD_NAME = """Seán "Shay" O'Brien & <Trade>"""
LINK = re.compile(r"https?://[^/\s]+/invitations/([A-Za-z0-9_-]+)/")


def stored_text(email):
    """Every stored field of an outbox row and of the body it shares, as one text to search."""
    fields = OutgoingEmail.objects.filter(pk=email.pk).values().get()
    shared = SharedBody.objects.filter(pk=fields["shared_body_id"]).values_list("body_text", "body_html")
    return " ".join(str(value) for value in [*fields.values(), *shared])


def test_a_bulk_email_delivered_is_the_email_rendered_for_its_recipient(mailoutbox, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(title="Ozone & <Trade> Workshop")
    registration = RegistrationFactory(workshop=workshop, participant__full_name=AWKWARD_NAME)
    RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        emails = queue_workshop_cancelled_emails(
            workshop=workshop, registrations=Registration.objects.select_related("participant__user"), message="Closed."
        )

    with timezone.override(workshop.tzinfo):
        subject, text, html = render_email(
            template="workshop_cancelled",
            context={
                "participant": {"full_name": AWKWARD_NAME},
                "workshop": workshop,
                "message": "Closed.",
                "site_url": django_settings.SITE_URL,
            },
            language="en",
        )
    assert "Seán &quot;Shay&quot; O&#x27;Brien &amp; &lt;Trade&gt;" in html
    email = OutgoingEmail.objects.get(registration=registration)
    assert (email.body_text, email.body_html, email.merge_values) == ("", "", {"name": AWKWARD_NAME})
    assert (email.subject, email.filled_text, email.filled_html) == (subject, text, html)
    assert SharedBody.objects.count() == 1 and {row.shared_body_id for row in emails} == {email.shared_body_id}
    (message,) = [message for message in mailoutbox if message.to == [registration.participant.user.email]]
    assert (message.subject, message.body, message.alternatives[0][0]) == (subject, text, html)


def test_a_sweep_stores_one_body_per_language_and_only_each_recipients_values(settings):
    workshop = WorkshopFactory(reminder_offsets=[2])
    for hour in range(9, 17):
        ProgrammeSessionFactory(workshop=workshop, starts_at=workshop_local(workshop, 0, hour))
    users = User.objects.bulk_create(
        User(email=f"delegate{n}@customs.example", language="fr" if n % 3 else "en") for n in range(30)
    )
    participants = Participant.objects.bulk_create(
        Participant(user=user, full_name=f"Delegate {n}") for n, user in enumerate(users)
    )
    Registration.objects.bulk_create(
        Registration(workshop=workshop, participant=participant, status=Registration.Status.CONFIRMED)
        for participant in participants
    )

    assert sweep_reminders(now=reminder_due_at(workshop, 2)) == 30

    assert SharedBody.objects.count() == 2
    assert sorted(SharedBody.objects.values_list("emails__language", flat=True).distinct()) == ["en", "fr"]
    rows = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.REMINDER)
    assert set(rows.values_list("body_text", "body_html")) == {("", "")}
    assert {row.merge_values["name"] for row in rows} == {f"Delegate {n}" for n in range(30)}
    assert all(list(row.merge_values) == ["name"] for row in rows)


def test_an_invitation_link_lives_only_in_its_rows_merge_values_and_is_gone_once_sent(
    mail_server, django_capture_on_commit_callbacks
):
    data = b"email,name\nkim@customs.example,Kim Minjun\nawa@douanes.sn,Awa Ndiaye\n"
    with django_capture_on_commit_callbacks(execute=True):
        invitations.import_invitations(workshop_id=WorkshopFactory().pk, data=data)

    tokens = {LINK.search(text_body(message)).group(1) for message in mail_server.messages}
    assert len(tokens) == 2
    for email in OutgoingEmail.objects.all():
        assert email.status == Status.SENT
        assert not any(token in stored_text(email) for token in tokens)
        assert email.merge_values["url"].endswith("/invitations/[removed after sending]/")
        assert "/invitations/[removed after sending]/" in email.filled_text


def test_retrying_a_failed_bulk_invitation_puts_a_fresh_link_in_its_merge_values(
    client, mail_server, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    mail_server.refuse_next("550 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.import_invitations(workshop_id=workshop.pk, data=b"email,name\nkim@customs.example,Kim Minjun\n")
    email = OutgoingEmail.objects.get()
    assert email.status == Status.FAILED
    assert email.merge_values["url"].endswith(f"/invitations/{delivery.WITHHELD}/")
    assert email.shared_body.body_text.count("[[merge:url]]") >= 1

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_emails(emails=OutgoingEmail.objects.all(), actor=organiser) == 1

    email.refresh_from_db()
    assert email.status == Status.SENT
    (message,) = mail_server.messages
    token = LINK.search(text_body(message)).group(1)
    assert token not in stored_text(email)
    response = client.get(reverse("invitation", kwargs={"token": token}), follow=True)
    assert "Kim Minjun" in response.content.decode()


def test_pruning_empties_the_merge_values_and_removes_the_bodies_no_row_needs(settings, mailoutbox):
    settings.OUTBOX_RETENTION_DAYS = 30
    old, recent = WorkshopFactory(), WorkshopFactory()
    for workshop in (old, recent):
        RegistrationFactory.create_batch(2, workshop=workshop)
        queue_workshop_cancelled_emails(
            workshop=workshop,
            registrations=Registration.objects.filter(workshop=workshop).select_related("participant__user"),
            message="Closed.",
        )
    delivery.deliver_all(list(OutgoingEmail.objects.values_list("pk", flat=True)))
    now = timezone.now()
    OutgoingEmail.objects.filter(registration__workshop=old).update(sent_at=now - datetime.timedelta(days=31))
    kept_body = OutgoingEmail.objects.filter(registration__workshop=recent).first().shared_body

    assert delivery.prune_sent_emails(now=now) == 2

    pruned = OutgoingEmail.objects.filter(registration__workshop=old)
    assert list(pruned.values_list("shared_body", "merge_values", "pruned_at")) == [(None, {}, now)] * 2
    assert all((email.filled_text, email.filled_html) == ("", "") for email in pruned)
    assert list(SharedBody.objects.all()) == [kept_body]
    kept = OutgoingEmail.objects.filter(registration__workshop=recent)
    assert all("Closed." in email.filled_text and email.merge_values for email in kept)


def test_deleting_an_account_empties_its_bulk_emails_merge_values():
    workshop = WorkshopFactory(reminder_offsets=[2])
    participant = ParticipantFactory(full_name="Kim Minjun")
    RegistrationFactory(workshop=workshop, participant=participant)
    # The other registrant's name is fixed: a generated one ("Kimberly Smith") held "Kim" and failed a CI run.
    RegistrationFactory(workshop=workshop, participant=ParticipantFactory(full_name="Ana Silva"))
    assert sweep_reminders(now=reminder_due_at(workshop, 2)) == 2
    mine = OutgoingEmail.objects.get(to_email=participant.user.email)
    # Sent rows stay, anonymised; queued ones are deleted.
    OutgoingEmail.objects.update(status=Status.SENT, sent_at=timezone.now())

    delete_account(user_id=participant.user.pk)

    mine.refresh_from_db()
    assert (mine.shared_body, mine.merge_values, mine.filled_text, mine.filled_html) == (None, {}, "", "")
    stored = " ".join(stored_text(email) for email in OutgoingEmail.objects.all())
    assert "Kim Minjun" not in stored and "Ana Silva" in stored
    assert SharedBody.objects.count() == 1
