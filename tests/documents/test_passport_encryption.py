"""Passport numbers are encrypted at rest (core.fields.EncryptedCharField), under keys that rotate, and appear in
no other column: not the letter's snapshot, not the log, not an email."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from documents.models import VisaLetterRequest
from outbox.models import OutgoingEmail
from tests.documents.test_visa_letters import PASSPORT_NUMBER, ask
from tests.participants.test_account_deletion import database_holding
from tests.support.factories import OrganiserMembershipFactory, RegistrationFactory, seoul_workshop

pytestmark = pytest.mark.django_db

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def registration():
    return RegistrationFactory(workshop=seoul_workshop(), participant__user__password=None)


def stored(visa_request):
    """The column as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM documents_visaletterrequest WHERE id = %s", [visa_request.pk])
        return cursor.fetchone()[0]


def issue(client, registration):
    visa_request = VisaLetterRequest.objects.get()
    client.force_login(OrganiserMembershipFactory(workshop=registration.workshop).user)
    client.post(
        reverse("console:visa_letters_issue", kwargs={"slug": registration.workshop.slug}),
        {"requests": [visa_request.pk]},
    )
    return visa_request


def test_the_number_is_stored_encrypted_and_nowhere_in_clear(client, registration):
    assert ask(client, registration).status_code == 302
    visa_request = issue(client, registration)

    assert stored(visa_request) != PASSPORT_NUMBER
    assert VisaLetterRequest.objects.get().passport_number == PASSPORT_NUMBER
    # Not in the column, the letter's snapshot, the log entries, nor the email carrying the letter.
    assert database_holding(PASSPORT_NUMBER) == []
    email = OutgoingEmail.objects.get(dedup_key=f"visa-letter:{visa_request.pk}")
    assert PASSPORT_NUMBER not in email.filled_text + email.filled_html + email.subject


def test_a_new_key_in_front_and_the_command_let_the_old_key_go(client, registration, settings):
    settings.PASSPORT_ENCRYPTION_KEYS = [OLD_KEY]
    ask(client, registration)
    visa_request = VisaLetterRequest.objects.get()
    assert Fernet(OLD_KEY).decrypt(stored(visa_request).encode()).decode() == PASSPORT_NUMBER

    settings.PASSPORT_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert VisaLetterRequest.objects.get().passport_number == PASSPORT_NUMBER  # any key decrypts
    output = io.StringIO()
    call_command("reencrypt_passport_numbers", stdout=output)
    assert "re-encrypted under the newest key: 1" in output.getvalue()

    settings.PASSPORT_ENCRYPTION_KEYS = [NEW_KEY]
    assert Fernet(NEW_KEY).decrypt(stored(visa_request).encode()).decode() == PASSPORT_NUMBER
    assert VisaLetterRequest.objects.get().passport_number == PASSPORT_NUMBER


def test_the_command_says_when_a_key_was_dropped_too_early(client, registration, settings):
    settings.PASSPORT_ENCRYPTION_KEYS = [OLD_KEY]
    ask(client, registration)
    settings.PASSPORT_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(CommandError, match="cannot be decrypted with any key of PASSPORT_ENCRYPTION_KEYS"):
        call_command("reencrypt_passport_numbers")


def test_a_number_cannot_be_looked_up_and_is_not_silently_missed(registration, client):
    ask(client, registration)
    with pytest.raises(ValueError, match="compared only with the empty string"):
        VisaLetterRequest.objects.filter(passport_number=PASSPORT_NUMBER).exists()
    assert VisaLetterRequest.objects.exclude(passport_number="").count() == 1
