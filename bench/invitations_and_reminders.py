"""Measure a 5,000-row invitation import and a reminder sweep over 10,000 registrations.

Run against a scratch PostgreSQL database and a Redis broker (the emails are published, not sent):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python manage.py migrate && \
    DATABASE_URL=... CELERY_BROKER_URL=... .venv/bin/python bench/invitations_and_reminders.py

Everything it creates is deleted at the end, and the tasks it published are purged from the broker.
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencustoms.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from greencustoms.celery_app import app  # noqa: E402
from outbox.models import OutgoingEmail  # noqa: E402
from participants.invitations import import_invitations  # noqa: E402
from participants.models import Participant, Registration  # noqa: E402
from participants.reminders import reminder_due_at, sweep_reminders  # noqa: E402
from workshops.models import Workshop  # noqa: E402

PREFIX = "bench-"
DOMAIN = "bench.example"


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def workshop(index, start):
    return Workshop.objects.create(
        title=f"Benchmark workshop {index}",
        slug=f"{PREFIX}{index}",
        city="Seoul",
        country="KR",
        time_zone="Asia/Seoul",
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        capacity=1000,
        status=Workshop.Status.PUBLISHED,
    )


def clean_up():
    OutgoingEmail.objects.filter(to_email__endswith=f"@{DOMAIN}").delete()
    Workshop.objects.filter(slug__startswith=PREFIX).delete()
    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    app.control.purge()


def main():
    if app.conf.task_always_eager:
        sys.exit("Set CELERY_BROKER_URL (a Redis database you may purge): eager mode would send every email here.")
    clean_up()
    start = timezone.localdate() + datetime.timedelta(days=14)
    try:
        target = workshop("import", start)
        rows = "\n".join(f"delegate{n}@{DOMAIN},Delegate {n},Customs Administration {n % 40},KR" for n in range(5000))
        data = f"email,name,organisation,country\n{rows}\n".encode()
        parsed = timed("import 5,000 invitations", lambda: import_invitations(workshop_id=target.pk, data=data))
        assert parsed.ok, parsed.errors[:3]
        target.delete()

        workshops = [workshop(index, start) for index in range(20)]
        users = User.objects.bulk_create(User(email=f"p{n}@{DOMAIN}") for n in range(10000))
        participants = Participant.objects.bulk_create(Participant(user=user, full_name=user.email) for user in users)
        Registration.objects.bulk_create(
            (
                Registration(workshop=workshops[n % 20], participant=participant, status=Registration.Status.CONFIRMED)
                for n, participant in enumerate(participants)
            ),
            batch_size=2000,
        )
        now = reminder_due_at(workshops[0], 14) + datetime.timedelta(minutes=10)
        written = timed("sweep, 10,000 reminders due", lambda: sweep_reminders(now=now))
        print(f"  reminders written: {written}")
        again = timed("sweep again, nothing due", lambda: sweep_reminders(now=now))
        print(f"  reminders written: {again}")
    finally:
        clean_up()


if __name__ == "__main__":
    main()
