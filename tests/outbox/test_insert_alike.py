"""core.bulk.insert_alike, which writes a bulk send's outbox rows: the rows are what bulk_create writes."""

import pytest
from django.forms.models import model_to_dict

from core.bulk import insert_alike
from outbox.models import OutgoingEmail, SharedBody
from tests.support.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

# Values a careless quoting would break: placeholders, quotes, backslashes, non-ASCII, an empty string.
AWKWARD = ["100% sure %s %(name)s", 'O\'Brien "Bob" \\ ', "Đặng Thị Hương 김민준", ""]


def written(ids):
    rows = OutgoingEmail.objects.in_bulk(ids)
    return [rows[pk] for pk in ids]


def comparable(email):
    fields = model_to_dict(email)
    del fields["id"]
    return fields


def test_rows_are_those_bulk_create_writes():
    shared = SharedBody.objects.create(body_text="Dear {name}, 100% %s", body_html="<p>Dear {name}</p>")
    registrations = [RegistrationFactory() for _ in AWKWARD]
    alike = {"shared_body": shared, "kind": OutgoingEmail.Kind.REMINDER, "language": "fr", "last_error": "50% %s"}
    rows = [
        (f"person{n}@example.org", text, {"name": text, "list": [text, n]}, registration.pk, f"alike:{n}")
        for n, (text, registration) in enumerate(zip(AWKWARD, registrations, strict=True))
    ]
    ids = insert_alike(
        OutgoingEmail,
        alike=alike,
        varying=("to_email", "subject", "merge_values", "registration_id", "dedup_key"),
        rows=rows,
        batch_size=3,  # two statements
    )
    expected = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(**alike, to_email=email, subject=subject, merge_values=values, registration_id=pk, dedup_key=key)
        for email, subject, values, pk, key in [(*row[:4], f"bulk:{n}") for n, row in enumerate(rows)]
    )
    assert len(set(ids)) == len(rows)
    for made, reference in zip(written(ids), written([email.pk for email in expected]), strict=True):
        assert made.dedup_key.startswith("alike:")
        made.dedup_key = reference.dedup_key
        assert made.created_at and made.updated_at
        made.created_at, made.updated_at = reference.created_at, reference.updated_at
        assert comparable(made) == comparable(reference)
    assert [email.subject for email in written(ids)] == AWKWARD
    assert written(ids)[0].merge_values == {"name": AWKWARD[0], "list": [AWKWARD[0], 0]}
    assert written(ids)[0].status == OutgoingEmail.Status.QUEUED and written(ids)[0].attachments == []


def test_nothing_to_write():
    assert insert_alike(OutgoingEmail, alike={}, varying=("to_email",), rows=[]) == []
