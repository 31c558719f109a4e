"""The attendance rows of `make bench`: the attendance page and the check-in desk with four days of records, the
attendance XLSX, and badge scans from four desks at once.

bench/run.py calls `seed` once its own data is written, adds `pages` and `exports` to what it measures, calls
`measure_scans` while the portal serves, and prints `rows`. Records are written with bulk_create, as
bench/seeding.py writes registrations.
"""

import datetime
import http.client
import random
import secrets
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.utils import timezone

from documents.selectors import badge_code
from participants.models import Attendance, Registration
from workshops.models import OrganiserMembership, Workshop

DESKS = 4
SCANS_PER_DESK = 250
# Who misses a day: one in seven skips the third day (the field visit), one in twenty never comes.
MISSED_FIELD_VISIT_EVERY, NEVER_CAME_EVERY = 7, 20
SCAN_P99_TARGET = 0.150
XLSX_SECONDS, XLSX_GROWTH_MB = 3.0, 30


def record_days(workshop):
    """Four days of desk records for the workshop's confirmed people, in one bulk insert per 5,000 rows."""
    registrations = list(Registration.objects.filter(workshop=workshop).order_by("pk").values_list("pk", flat=True))
    morning = datetime.time(8, 30)
    records = []
    for n, registration in enumerate(registrations):
        if n % NEVER_CAME_EVERY == 0:
            continue
        for number, day in enumerate(workshop.days):
            if number == 2 and n % MISSED_FIELD_VISIT_EVERY == 0:
                continue
            moment = datetime.datetime.combine(day, morning, workshop.tzinfo) + datetime.timedelta(seconds=n % 3600)
            records.append(Attendance(registration_id=registration, day=day, recorded_at=moment))
    Attendance.objects.bulk_create(records, batch_size=5000)


def seed(world, sizes):
    """Records for the workshops of `sizes`, and a copy of the largest one's people in a workshop running today,
    where the desks scan (the others start in weeks, and a desk records today only): returned, and kept apart from
    `world.workshops`, whose keys are the sizes."""
    for size in sizes:
        record_days(world.workshops[size])
    largest = world.workshops[max(sizes)]
    today = timezone.localdate(timezone.now(), largest.tzinfo)
    running = Workshop.objects.create(
        **{
            name: getattr(largest, name)
            for name in ("title", "summary", "objectives", "city", "country", "venue", "time_zone", "capacity")
        },
        slug="bench-check-in-today",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=2),
        status=Workshop.Status.PUBLISHED,
    )
    Registration.objects.bulk_create(
        (
            Registration(workshop=running, participant_id=participant, status=Registration.Status.CONFIRMED)
            for participant in largest.registrations.values_list("participant_id", flat=True)
        ),
        batch_size=5000,
    )
    OrganiserMembership.objects.create(workshop=running, user=world.organiser)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return running


def pages(world, page, large, medium):
    """The attendance page at both big sizes (`page` is run.py's Page); the desk's rows are run.py's own."""
    n, m = f"{large:,}", f"{medium:,}"
    big, middle = world.workshops[large].slug, world.workshops[medium].slug
    return [
        page(f"attendance page, {m} × 4 days", f"/manage/{middle}/attendance/", "organiser"),
        page(
            f"attendance page, {n} × 4 days",
            f"/manage/{big}/attendance/",
            "organiser",
            0.3,
            f"attendance page, {m} × 4 days",
        ),
    ]


def exports(world, export, large, small):
    """The attendance XLSX at the small and the large size (`export` is run.py's Export)."""
    path = "/manage/{}/attendance/export.xlsx"
    warm_up = path.format(world.workshops[small].slug)
    return [
        export(f"attendance XLSX, {small:,}", warm_up, warm_up, small),
        export(
            f"attendance XLSX, {large:,}",
            path.format(world.workshops[large].slug),
            warm_up,
            large,
            limits=(XLSX_SECONDS, None, XLSX_GROWTH_MB),
        ),
    ]


@dataclass
class Scans:
    seconds: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def p99(self):
        return statistics.quantiles(self.seconds, n=100)[98] if len(self.seconds) > 1 else float("nan")


def measure_scans(workshop, session_cookie, port):
    """DESKS desks scan badges at once, each SCANS_PER_DESK different people of the workshop running today, as
    fast as the portal answers; a scan must answer its redirect to the desk."""
    people = list(workshop.registrations.values_list("pk", flat=True))
    random.Random(2015).shuffle(people)
    # BENCH_QUICK's workshops hold fewer people than the desks would scan.
    expected = min(len(people), DESKS * SCANS_PER_DESK)
    path = f"/manage/{workshop.slug}/check-in/scan/"
    token = secrets.token_hex(16)  # the unmasked form of a CSRF secret, set as the cookie and sent with the form
    headers = {
        "Cookie": f"{session_cookie}; csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Language": "en",
        "Connection": "close",
    }
    scans = Scans()
    lock = threading.Lock()

    def desk(number):
        for registration in people[number * SCANS_PER_DESK : (number + 1) * SCANS_PER_DESK]:
            body = urlencode({"csrfmiddlewaretoken": token, "q": badge_code(registration)})
            started = time.perf_counter()
            try:
                link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                link.request("POST", path, body=body, headers=headers)
                status = link.getresponse().status
                link.close()
            except OSError as error:
                status = str(error)
            elapsed = time.perf_counter() - started
            with lock:
                scans.seconds.append(elapsed)
                if status != 302:
                    scans.errors.append(status)

    desks = [threading.Thread(target=desk, args=(number,)) for number in range(DESKS)]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join()
    recorded = Attendance.objects.filter(registration__workshop=workshop).count()
    if recorded != expected:
        scans.errors.append(f"{recorded} records for {expected} scans")
    return scans


def rows(scans, verdict, milliseconds):
    """The table's row for the scans (run.py's `verdict` and `milliseconds` format it)."""
    measured = f"{len(scans.seconds):,} scans from {DESKS} desks at once, {len(scans.errors)} errors" + (
        f" ({', '.join(map(str, scans.errors[:3]))})" if scans.errors else ""
    )
    return [
        [
            f"badge scan (POST), {DESKS} desks",
            measured,
            milliseconds(statistics.median(scans.seconds)),
            milliseconds(scans.p99),
            "",
            "",
            "",
            f"p99 < {SCAN_P99_TARGET * 1000:.0f} ms, 0 errors",
            verdict(scans.p99 < SCAN_P99_TARGET and not scans.errors),
        ]
    ]
