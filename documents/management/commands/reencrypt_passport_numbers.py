from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from documents.services import reencrypt_passport_numbers


class Command(BaseCommand):
    help = (
        "Encrypts every stored passport number again under the newest key of PASSPORT_ENCRYPTION_KEYS (the first). "
        "Run it after putting a new key in front; then the older keys can be removed."
    )

    def handle(self, *args, **options):
        try:
            count = reencrypt_passport_numbers()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Passport numbers re-encrypted under the newest key: {count}.")
