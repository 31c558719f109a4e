from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo import data
from demo.seeding import seed_demo

NOTHING_CHANGED = "Demo data already present: nothing changed."


class Command(BaseCommand):
    help = (
        "Loads the demo data set: the 2015 Seoul Green Customs workshop with its partners, programme and "
        "participants, an upcoming workshop open for registration, and demo accounts. Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            ledger = seed_demo()
        except ValidationError as error:
            raise CommandError(f"The demo data is invalid, nothing was written: {error}") from error
        if ledger.changed_anything:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            for label in sorted(ledger.created.keys() | ledger.updated.keys()):
                self.stdout.write(f"  {label}: {ledger.created[label]} created, {ledger.updated[label]} updated")
        else:
            self.stdout.write(NOTHING_CHANGED)
        self.stdout.write("")
        self.stdout.write("Demo credentials (for a demo database only, never production):")
        for role, account in (
            ("Administrator (Django admin)", data.ADMIN_ACCOUNT),
            ("Secretariat (creates workshops, manages every one)", data.SECRETARIAT_ACCOUNT),
            ("Organiser of both demo workshops (cannot create one)", data.ORGANISER_ACCOUNT),
            ("Participant (can register for the upcoming workshop)", data.PARTICIPANT_ACCOUNT),
            ("Focal point of the Thai Customs Department (nominates at /delegations/)", data.FOCAL_POINT_ACCOUNT),
        ):
            self.stdout.write(f"  {role}: {account['email']} / {account['password']}")
