import secrets

from django.core.management.base import BaseCommand

from workshops.versions import raise_every_version

# Far beyond the number of changes a workshop sees between a backup and its restore, or while a staging copy
# shares the cache with the portal it was copied from; random, so that two copies made from the same backup do
# not land on the same numbers either.
JUMP = 2**32


class Command(BaseCommand):
    help = (
        "Raises both page versions (content, registrations) of every workshop, so that no page kept in the cache "
        "is served again: run it after restoring the database from a backup, or on a staging copy that shares "
        "Redis with the portal it was copied from. The cache may hold entries under the numbers the restored "
        "versions would reach next, built from data the restore took back, so the versions jump by 2^32 and a "
        "random amount instead of 1."
    )

    def handle(self, *args, **options):
        jump = JUMP + secrets.randbelow(JUMP)
        count = raise_every_version(by=jump)
        self.stdout.write(f"Raised the page versions of {count} workshop{'' if count == 1 else 's'} (by {jump}).")
