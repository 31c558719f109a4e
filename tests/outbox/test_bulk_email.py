"""outbox.services.queue_bulk_email, which writes every bulk send's outbox rows (cancellations, delegations' emails,
invitations, reminders) with bulk_create: each row keeps what it was given, awkward values and all, a dedup key is
written once, and each language (and group) is rendered once."""

import pytest
from django.conf import settings
from django.utils import timezone

from outbox.models import OutgoingEmail, SharedBody, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email
from tests.participants.test_email_languages import template_renders
from tests.support.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

# Values a careless quoting would break: placeholders, quotes, backslashes, non-ASCII, an empty string.
AWKWARD = ["100% sure %s %(name)s", 'O\'Brien "Bob" \\ ', "Đặng Thị Hương 김민준", ""]


def cancellation(workshop, **context):
    return {
        "participant": {"full_name": merge_mark("name")},
        "workshop": workshop,
        "site_url": settings.SITE_URL,
        **context,
    }


def test_each_row_keeps_its_awkward_values_as_given():
    workshop = WorkshopFactory(title="Ozone 100% %s “Workshop”")
    registrations = [RegistrationFactory(workshop=workshop) for _ in AWKWARD]
    recipients = [
        BulkRecipient(
            to_email=f"o'brien+{n}%@example.org",
            dedup_key=f"awkward:{n}:{text}",
            language="fr" if n % 2 else "en",
            # JSON merge values: quotes, backslashes, a % and characters beyond ASCII in keys and values.
            values={"name": text, "extra \"key\" 'é' %s": f"{text} \\n {{}} [1, 2]"},
            fields={"registration_id": registration.pk},
        )
        for n, (text, registration) in enumerate(zip(AWKWARD, registrations, strict=True))
    ]
    with timezone.override(workshop.tzinfo):
        emails = queue_bulk_email(
            template="workshop_cancelled",
            context=cancellation(workshop, message="Closed: 50% %s"),
            kind=OutgoingEmail.Kind.WORKSHOP_CANCELLED,
            recipients=recipients,
            shared={"programme_of": workshop},
            batch_size=3,  # two statements
        )

    assert len({email.pk for email in emails}) == len(AWKWARD)
    stored = OutgoingEmail.objects.in_bulk([recipient.dedup_key for recipient in recipients], field_name="dedup_key")
    for recipient in recipients:
        row = stored[recipient.dedup_key]
        assert (row.to_email, row.dedup_key, row.language) == (
            recipient.to_email,
            recipient.dedup_key,
            recipient.language,
        )
        assert row.merge_values == recipient.values
        assert row.registration_id == recipient.fields["registration_id"]
        assert (row.kind, row.status, row.programme_of, row.attachments) == (
            OutgoingEmail.Kind.WORKSHOP_CANCELLED,
            OutgoingEmail.Status.QUEUED,
            workshop,
            [],
        )
        assert (row.body_text, row.body_html) == ("", "")
        assert row.created_at and row.updated_at
        assert "Ozone 100% %s “Workshop”" in row.subject
        assert recipient.values["name"] in row.filled_text
        assert "Closed: 50% %s" in row.filled_text
    # One shared body per language, holding the marks; the HTML body escapes what it fills in.
    assert SharedBody.objects.count() == 2
    assert all(merge_mark("name") in body for body in SharedBody.objects.values_list("body_text", flat=True))
    assert "O&#x27;Brien &quot;Bob&quot;" in stored[recipients[1].dedup_key].filled_html


def test_a_key_written_already_or_given_twice_is_written_once():
    workshop = WorkshopFactory()

    def send(*keys):
        with timezone.override(workshop.tzinfo):
            return queue_bulk_email(
                template="workshop_cancelled",
                context=cancellation(workshop),
                kind=OutgoingEmail.Kind.WORKSHOP_CANCELLED,
                recipients=[
                    BulkRecipient(to_email=f"{key}@example.org", dedup_key=key, language="en", values={"name": key})
                    for key in keys
                ],
            )

    assert [email.dedup_key for email in send("a", "b")] == ["a", "b"]
    assert [email.dedup_key for email in send("b", "c", "c", "a")] == ["c"]
    assert OutgoingEmail.objects.get(dedup_key="c").to_email == "c@example.org"
    assert OutgoingEmail.objects.count() == 3


def test_each_language_and_group_is_rendered_once_and_delivered_on_commit(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory()
    groups = []

    def context(group):
        groups.append(group)
        return cancellation(workshop, message=f"Group {group}")

    recipients = [
        BulkRecipient(
            to_email=f"{n}@example.org", dedup_key=f"group:{n}", language=language, values={"name": "X"}, group=group
        )
        for n, (language, group) in enumerate([("en", 1), ("fr", 1), ("en", 2), ("en", 1), ("fr", 1)])
    ]
    with template_renders() as renders, django_capture_on_commit_callbacks() as callbacks:
        emails = queue_bulk_email(
            template="workshop_cancelled", context=context, kind=OutgoingEmail.Kind.OTHER, recipients=recipients
        )

    assert renders["emails/workshop_cancelled.subject"] == 3 and sorted(groups) == [1, 1, 2]
    assert [email.dedup_key for email in emails] == ["group:0", "group:3", "group:1", "group:4", "group:2"]
    assert "Group 2" in OutgoingEmail.objects.get(dedup_key="group:2").filled_text
    assert len(callbacks) == 1


def test_nothing_to_write(django_assert_num_queries, django_capture_on_commit_callbacks):
    with django_assert_num_queries(0), django_capture_on_commit_callbacks() as callbacks:
        assert queue_bulk_email(template="reminder", context={}, kind=OutgoingEmail.Kind.REMINDER, recipients=[]) == []
    assert not callbacks and not SharedBody.objects.exists()
