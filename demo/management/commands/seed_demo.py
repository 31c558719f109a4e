from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo import data
from demo.seeding import seed_demo

NOTHING_CHANGED = "Demo data already present: nothing changed."


class Command(BaseCommand):
    help = (
        "Loads the demo data set: the 2015 Seoul Green Customs workshop with its partners, programme and "
        "participants, an upcoming workshop open for registration (in English, French and Spanish), a regional "
        "workshop in Amman (in English and Arabic), and demo accounts. Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            ledger = seed_demo()
        except ValidationError as error:
            raise CommandError(f"The demo data is invalid, nothing was written: {error}") from error
        if ledger.changed_anything:
            # One line each: the counts are for a person checking what was loaded, not a report to read.
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            for verb, counts in (("Created", ledger.created), ("Updated", ledger.updated)):
                listed = ", ".join(f"{label} {counts[label]}" for label in sorted(counts) if counts[label])
                if listed:
                    self.stdout.write(f"  {verb}: {listed}.")
        else:
            self.stdout.write(NOTHING_CHANGED)
        # Last, and framed: what a person trying the portal needs, after everything seeding printed.
        rule = "=" * 78
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(rule))
        self.stdout.write(self.style.SUCCESS("Demo accounts (for a demo database only, never production):"))
        for role, account in (
            ("Administrator (Django admin)", data.ADMIN_ACCOUNT),
            ("Secretariat (creates workshops, manages every one)", data.SECRETARIAT_ACCOUNT),
            ("Organiser of the three demo workshops (cannot create one)", data.ORGANISER_ACCOUNT),
            ("Participant (can register for the upcoming workshop)", data.PARTICIPANT_ACCOUNT),
            ("Focal point of the Thai Customs Department (nominates at /delegations/)", data.FOCAL_POINT_ACCOUNT),
        ):
            self.stdout.write(f"  {role}:")
            self.stdout.write(self.style.SUCCESS(f"      {account['email']} / {account['password']}"))
        self.stdout.write(f"Sign in at {settings.SITE_URL.rstrip('/')}/accounts/login/")
        self.stdout.write(self.style.SUCCESS(rule))
