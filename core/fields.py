"""A text column encrypted at rest (Fernet, from the `cryptography` package), through Django's documented hooks for
custom fields: `get_prep_value` encrypts what is written, `from_db_value` decrypts what is read.

The keys are settings.PASSPORT_ENCRYPTION_KEYS, newest first (MultiFernet: the newest encrypts, any decrypts), so
keys rotate without downtime: put a new key in front, re-encrypt (`manage.py reencrypt_passport_numbers`), drop
the old one. Fernet is randomised: the same number encrypts differently each time, so the database cannot look a
row up by its value; the field refuses such lookups (only `isnull` and the empty string work).
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import lookups


@functools.cache
def fernet_of(keys):
    return MultiFernet([Fernet(key) for key in keys])


def fernet():
    return fernet_of(tuple(settings.PASSPORT_ENCRYPTION_KEYS))


def encrypt(text):
    return fernet().encrypt(text.encode()).decode()


def decrypt(token):
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with any key of PASSPORT_ENCRYPTION_KEYS: was a key removed before "
            "`manage.py reencrypt_passport_numbers` ran?"
        ) from None


class EncryptedCharField(models.CharField):
    """A CharField to forms and validation (max_length counts the clear text), stored encrypted in a text column.
    The empty string stays empty: it means "none given" or "erased", and the retention task writes it."""

    def get_internal_type(self):
        return "TextField"  # a token is far longer than the clear text's max_length

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            return None  # Django then says the lookup is not supported
        return super().get_lookup(lookup_name)


@EncryptedCharField.register_lookup
class EmptyOnlyExact(lookups.Exact):
    """`field=""` (or None) finds the rows holding none; any other value cannot be found, so it is refused rather than
    silently matching nothing."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise ValueError(
                "An encrypted field can be compared only with the empty string: its values are not searchable."
            )
        return super().get_prep_lookup()
