"""`make bench`: the portal's speed, measured through its public doors and stated against a plain Django page.

Seeds its own databases (the Seoul demo, large workshops open for registration: bench/seeding.py), serves the
portal (production settings, Redis cache) and the reference site (../shared/bench/reference) under gunicorn with
2 sync workers each, and measures with wrk (one thread, 16 connections, "Connection: close") in interleaved
rounds: reference, portal pages, reference, portal pages, …, reference. Each page's rate is divided by the
reference /programme/ rate measured around it (the mean of the slices before and after its round); the table
gives the median ratio over the rounds and its range. Then, each on its own: the printable list and the CSV
export (a fresh one-worker gunicorn per measurement: first byte, total, the worker's peak memory), the
invitation import (the console's service), the reminder sweep (the beat's service) and the outbox delivering
what the sweep wrote (one Celery worker process, a local SMTP sink that counts duplicates), and the badges of 500
people drawn by one worker in the background (bench/pdfjobs.py).

    make bench                               # about 10 minutes; needs PostgreSQL, Redis and wrk
    BENCH_QUICK=1 make bench                 # small sizes, 1 round of 1 s slices: checks the harness itself

Environment (defaults in brackets): DURATION [5s] of each wrk slice, ROUNDS [3], BENCH_DB_PREFIX [bench]
(databases <prefix>_portal and <prefix>_reference are dropped and created each run), BENCH_DB_URL
[postgres://postgres@127.0.0.1:5432], BENCH_REDIS_URL [redis://127.0.0.1:6379], BENCH_CACHE_DB [14] and
BENCH_BROKER_DB [15] (both flushed at the start), BENCH_PORT_BASE [8010] (the next four ports are used),
BENCH_DELIVERY_SECONDS [75] (how long the outbox worker is watched). Any response that is not 2xx, a request
lost under wrk or a slice in which nothing completed fails the run (exit status 1), after the table.
"""

import asyncio
import functools
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "bench" / "reference"
BIN = ROOT / ".venv" / "bin"
LUA = Path(__file__).resolve().parent / "not_2xx.lua"

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
DURATION = os.environ.get("DURATION", "1s" if QUICK else "5s")
ROUNDS = int(os.environ.get("ROUNDS", "1" if QUICK else "3"))
PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench")
DB_URL = os.environ.get("BENCH_DB_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
CACHE_DB = int(os.environ.get("BENCH_CACHE_DB", "14"))
BROKER_DB = int(os.environ.get("BENCH_BROKER_DB", "15"))
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8010"))
REF_PORT, PORTAL_PORT, SINGLE_PORT, SMTP_PORT = PORT_BASE + 1, PORT_BASE + 2, PORT_BASE + 3, PORT_BASE + 4
# Registrations of the large workshops: console pages are measured at both big sizes, the exports also at the
# small one, which is the baseline of the exports' memory.
LARGE, MEDIUM, SMALL = (300, 150, 20) if QUICK else (10_000, 2_000, 100)
INVITATIONS = 200 if QUICK else 5_000
SINGLE_REQUESTS = 3
DELIVERY_STALL = 30  # seconds without a new email at the sink before the outbox measurement gives up
# The outbox is measured over what one worker delivers in this many seconds after the sweep (10,000 at 200/s).
DELIVERY_LIMIT = int(os.environ.get("BENCH_DELIVERY_SECONDS", "20" if QUICK else "75"))
MB = 1_000_000

PORTAL_DB = f"{PREFIX}_portal"
REFERENCE_DB = f"{PREFIX}_reference"


def portal_environment():
    """The portal's production settings, for this process (query counts, services) and the servers it starts."""
    return {
        "DJANGO_SETTINGS_MODULE": "greencustoms.settings",
        "PORTAL_ENV": "production",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "PASSPORT_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"{DB_URL}/{PORTAL_DB}",
        "CACHE_URL": f"{REDIS_URL}/{CACHE_DB}",
        "CELERY_BROKER_URL": f"{REDIS_URL}/{BROKER_DB}",
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "SITE_URL": f"http://127.0.0.1:{PORTAL_PORT}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


os.environ.update(portal_environment())
sys.path.insert(0, str(ROOT))
from bench import materials  # noqa: E402  (after the path: it sets the documents' folder before Django starts)


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- databases and caches -------------------------------------------------------------------------------------


def postgres(database):
    import psycopg2

    parts = urlsplit(DB_URL)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname=database
    )
    connection.autocommit = True
    return connection


def recreate_databases():
    admin = postgres("postgres")
    with admin.cursor() as cursor:
        for name in (PORTAL_DB, REFERENCE_DB):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def flush_redis():
    import redis

    for db in {CACHE_DB, BROKER_DB}:
        redis.Redis.from_url(f"{REDIS_URL}/{db}").flushdb()


def seed_portal():
    import django
    from django.core.management import call_command

    django.setup()
    from bench import seeding
    from workshops.models import Workshop

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        if static_files_stale():
            call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    seoul = Workshop.objects.get(start_date="2015-11-10")
    demo_done = time.perf_counter()
    world = seeding.seed(sizes=(LARGE, MEDIUM, SMALL), seoul=seoul)
    log(
        f"portal database: migrate {migrated - started:.1f} s, demo {demo_done - migrated:.1f} s, "
        f"{LARGE + MEDIUM + SMALL:,} registrations and ANALYZE {time.perf_counter() - demo_done:.1f} s"
    )
    return seoul, world


def static_files_stale():
    """Whether a source file is newer than the collected manifest: collecting compresses every file again, a
    minute and more on a busy 2-core machine, for files that have not changed since the last run."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(
        storage.path(path) and Path(storage.path(path)).stat().st_mtime > collected
        for finder in get_finders()
        for path, storage in finder.list(["CVS", ".*", "*~"])
    )


def seed_reference():
    environment = {**os.environ, **REF_ENV}
    for command in (["migrate", "-v0"], ["ref_seed"]):
        subprocess.run(
            [BIN / "python", "manage.py", *command],
            cwd=REFERENCE,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    analyze(REFERENCE_DB)


def analyze(database):
    """Fresh planner statistics, as on a database that has been running for a while."""
    connection = postgres(database)
    connection.cursor().execute("ANALYZE")
    connection.close()


# --- servers --------------------------------------------------------------------------------------------------


class Server:
    """A gunicorn master with its own pid file and control socket (gunicorn's default socket is shared by user)."""

    def __init__(self, name, application, port, *, cwd, workers=2, extra_env=None):
        self.name, self.port = name, port
        self.folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        command = [
            BIN / "gunicorn",
            application,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--pid",
            self.folder / "gunicorn.pid",
            "--control-socket",
            self.folder / "gunicorn.ctl",
        ]
        self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(extra_env or {})})
        self.wait_until_up()

    def wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name}: gunicorn exited with {self.process.returncode}")
            try:
                get(self.port, "/favicon.ico")
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name}: gunicorn did not answer on port {self.port}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Reply:
    status: int
    first_byte: float
    total: float
    size: int


def get(port, path, cookie=None):
    """One request on a fresh connection, as a browser without keep-alive: status, seconds to the status line
    and to the last byte, body size."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Connection": "close", "Accept-Language": "en"}
    if cookie:
        headers["Cookie"] = cookie
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        first_byte = time.perf_counter() - started
        size = len(response.read())
        return Reply(response.status, first_byte, time.perf_counter() - started, size)
    finally:
        connection.close()


# --- pages ----------------------------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    path: str
    role: str = "anonymous"
    target: float = None  # the ratio to the reference it must reach
    flat_with: str = None  # the label of the page whose query count this one must equal
    max_size: int = None
    ratios: list = field(default_factory=list)
    rates: list = field(default_factory=list)
    p50: list = field(default_factory=list)
    p99: list = field(default_factory=list)
    singles: list = field(default_factory=list)
    queries: int = None
    size: int = None
    failures: list = field(default_factory=list)


def pages_to_measure(seoul, world):
    large, medium = world.workshops[LARGE].slug, world.workshops[MEDIUM].slug
    n, m = f"{LARGE:,}", f"{MEDIUM:,}"
    return [
        Page("/", "/", target=1.0),
        Page("/workshops/", "/workshops/", target=1.0),
        Page("Seoul, anonymous", f"/workshops/{seoul.slug}/", target=2.0),
        Page("Seoul, logged in", f"/workshops/{seoul.slug}/", "visitor", target=0.8),
        Page("Seoul, registrant", f"/workshops/{seoul.slug}/", "registrant", target=0.8),
        Page("60 sessions, anonymous", f"/workshops/{large}/", target=2.0),
        Page("60 sessions, logged in", f"/workshops/{large}/", "visitor", target=0.8),
        Page("60 sessions, registrant", f"/workshops/{large}/", "registrant", target=0.8),
        Page("Seoul .ics", f"/workshops/{seoul.slug}/programme.ics", target=2.0),
        Page("60 sessions .ics", f"/workshops/{large}/programme.ics", target=2.0),
        Page(f"console dashboard, {m}", f"/manage/{medium}/", "organiser"),
        Page(f"console dashboard, {n}", f"/manage/{large}/", "organiser", 0.3, f"console dashboard, {m}"),
        Page(f"registrations table, {m}", f"/manage/{medium}/registrations/", "organiser"),
        Page(
            f"registrations table, {n}",
            f"/manage/{large}/registrations/",
            "organiser",
            0.3,
            f"registrations table, {m}",
        ),
        Page(f"check-in, {m}", f"/manage/{medium}/check-in/", "organiser"),
        Page(f"check-in, {n}", f"/manage/{large}/check-in/", "organiser", 0.3, f"check-in, {m}", max_size=100_000),
    ]


def session_cookies(world):
    """A session for each role, made by Django's own login in the benchmark database (and cache, if sessions
    live there): the cookie a browser would hold after logging in."""
    from django.conf import settings
    from django.test import Client

    cookies = {"anonymous": None}
    for role in ("visitor", "registrant", "organiser"):
        client = Client()
        client.force_login(getattr(world, role))
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


@functools.cache
def shared_client():
    """One test client for the run: a new one loads the middleware again at its first request, and WhiteNoise's
    then reads the 16,000 static files (the fonts' packages) in about 2 s, as a server's worker does once."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


def without_cookies():
    """The run's test client holding no cookie, as wrk: none of a previous response (CSRF, language) goes back."""
    client = shared_client()
    client.cookies.clear()
    return client


def count_queries(path, cookie):
    """Queries of one request with a warm cache, in this process under the same settings as the servers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_COOKIE": cookie} if cookie else {}
    without_cookies().get(path, **headers)
    with CaptureQueriesContext(connection) as captured:
        response = without_cookies().get(path, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    if cookie and not response.wsgi_request.user.is_authenticated:
        raise SystemExit(f"{path}: the session cookie did not log in")
    return response.status_code, len(captured), len(body)


def seconds(text):
    for unit, factor in (("us", 1e-6), ("ms", 1e-3), ("s", 1.0), ("m", 60.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)


@dataclass
class WrkResult:
    rate: float
    p50: float
    p99: float
    not_2xx: int
    socket_errors: str


def wrk(port, path, cookie=None):
    command = ["wrk", "-t1", "-c16", f"-d{DURATION}", "--timeout", "60s", "--latency", "-s", str(LUA)]
    command += ["-H", "Connection: close", "-H", "Accept-Language: en"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    values = {}
    for line in output.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "Requests/sec:":
            values["rate"] = float(words[1])
        elif words[0] in ("50%", "99%") and len(words) == 2:
            values[words[0]] = seconds(words[1])
        elif line.startswith("not-2xx responses:"):
            values["not_2xx"] = int(words[-1])
        elif words[0] == "Socket":  # "Socket errors: connect 0, read 3, write 0, timeout 0": only when not all 0
            values["socket"] = line.strip()
    return WrkResult(values["rate"], values["50%"], values["99%"], values["not_2xx"], values.get("socket", ""))


def drain(port):
    """Wait for the requests wrk left in flight when its slice ended (up to 16; seconds each on a slow page):
    they would otherwise slow the single requests and the next slice. A quick answer to a cheap request that
    queued behind them means they are done."""
    deadline = time.monotonic() + 600
    while get(port, "/favicon.ico").total > 0.5 and time.monotonic() < deadline:
        pass


def measure_pages(pages, cookies):
    """Interleaved rounds: reference, the portal's pages, reference, …; each round is bracketed by two
    reference slices and its ratios use their mean, so a machine that slows down mid-run shifts both."""
    references = [wrk(REF_PORT, "/programme/").rate]
    drain(REF_PORT)
    hello = []
    for round_number in range(1, ROUNDS + 1):
        results = []
        for page in pages:
            cookie = cookies[page.role]
            result = wrk(PORTAL_PORT, page.path, cookie)
            if result.not_2xx:
                page.failures.append(f"{result.not_2xx} responses not 2xx under wrk")
            if result.socket_errors:
                page.failures.append(f"requests lost under wrk ({result.socket_errors})")
            if not result.rate:
                page.failures.append("no response completed within a slice")
            results.append(result)
            drain(PORTAL_PORT)
            for _ in range(SINGLE_REQUESTS):
                reply = get(PORTAL_PORT, page.path, cookie)
                if not 200 <= reply.status < 300:
                    page.failures.append(f"single request answered {reply.status}")
                page.singles.append(reply.total)
        references.append(wrk(REF_PORT, "/programme/").rate)
        drain(REF_PORT)
        hello.append(wrk(REF_PORT, "/hello/").rate)
        drain(REF_PORT)
        reference = statistics.mean(references[-2:])
        for page, result in zip(pages, results, strict=True):
            page.rates.append(result.rate)
            page.ratios.append(result.rate / reference)
            page.p50.append(result.p50)
            page.p99.append(result.p99)
        log(f"round {round_number}/{ROUNDS}: reference /programme/ {references[-2]:.0f} → {references[-1]:.0f} req/s")
    return references, hello


# --- exports --------------------------------------------------------------------------------------------------


@dataclass
class Export:
    label: str
    path: str
    warm_up: str
    rows: int
    first_byte: float = None
    total: float = None
    peak: int = None  # the worker's VmHWM after the request, bytes
    size: int = None
    queries: int = None
    failures: list = field(default_factory=list)
    # At the large size: at most (seconds in all, seconds to the first byte or None, MB more than the small size).
    limits: tuple = (0.6, 0.05, 10)


def high_water_mark(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")


def measure_export(export, cookie):
    """A fresh one-worker gunicorn: one warm-up request on the small workshop's same page (code and templates
    loaded), then the measured request, whose peak memory is the worker's high-water mark; two more for time."""
    server = Server("single", "greencustoms.wsgi:application", SINGLE_PORT, cwd=ROOT, workers=1)
    try:
        warm = get(SINGLE_PORT, export.warm_up, cookie)
        if warm.status != 200:
            export.failures.append(f"warm-up answered {warm.status}")
        (worker,) = server.workers()
        replies = [get(SINGLE_PORT, export.path, cookie)]
        export.peak = high_water_mark(worker)
        replies += [get(SINGLE_PORT, export.path, cookie) for _ in range(2)]
    finally:
        server.stop()
    export.failures += [f"answered {reply.status}" for reply in replies if reply.status != 200]
    export.first_byte = statistics.median(reply.first_byte for reply in replies)
    export.total = statistics.median(reply.total for reply in replies)
    export.size = replies[0].size
    export.queries = count_queries(export.path, cookie)[1]


def exports_to_measure(world):
    large, small = world.workshops[LARGE].slug, world.workshops[SMALL].slug
    exports = []
    for name, suffix in (("printable list", "participants/print/"), ("CSV export", "registrations/export.csv")):
        for rows, slug in ((SMALL, small), (LARGE, large)):
            exports.append(Export(f"{name}, {rows:,}", f"/manage/{slug}/{suffix}", f"/manage/{small}/{suffix}", rows))
    return exports


# --- invitations, reminders, outbox ---------------------------------------------------------------------------


def invitation_file(count):
    rows = "\n".join(
        f"invitee{n}@invitations.bench.example,Invitee {n},Customs Administration {n % 60},TH" for n in range(count)
    )
    return f"email,name,organisation,country\n{rows}\n".encode()


def measure_import(world):
    """The console's import of a 5,000-row invitation file (participants.invitations.import_invitations)."""
    from participants.invitations import import_invitations

    data = invitation_file(INVITATIONS)
    checkpoint()
    started = time.perf_counter()
    parsed = import_invitations(workshop_id=world.workshops[MEDIUM].pk, data=data, actor=world.organiser)
    elapsed = time.perf_counter() - started
    if not parsed.ok:
        raise SystemExit(f"the invitation file was refused: {parsed.errors[:3]}")
    return elapsed


def outbox_size():
    """Bytes of the outbox's tables with their indexes and TOAST: the rows and the bodies they share."""
    from django.db import connection

    from outbox.models import OutgoingEmail, SharedBody

    tables = [OutgoingEmail._meta.db_table, SharedBody._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(pg_total_relation_size(t)) FROM unnest(%s::text[]) AS t", [tables])
        return int(cursor.fetchone()[0])


def checkpoint():
    """Write PostgreSQL's dirty buffers out now, so that a checkpoint the seeding's writes have made due does not
    fall inside a one-shot measurement (the import, the sweep): they measure the portal, not the disk's backlog."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def measure_sweep(world):
    """The beat's reminder sweep at the moment the largest workshop's 14-day reminder falls due."""
    import datetime

    from participants.reminders import reminder_due_at, sweep_reminders

    now = reminder_due_at(world.workshops[LARGE], 14) + datetime.timedelta(minutes=10)
    before = outbox_size()
    checkpoint()
    started = time.perf_counter()
    written = sweep_reminders(now=now)
    elapsed = time.perf_counter() - started
    return written, elapsed, outbox_size() - before


# A calendar part, found by its header line instead of parsing the message: the sink's own cost is part of every
# email's time (see Sink).
CALENDAR_PART = re.compile(rb"^content-type:[ \t]*text/calendar", re.MULTILINE | re.IGNORECASE)
# An outbox row keeps its Message-ID when it is sent again, so the same Message-ID twice at the sink is one row
# delivered twice. (Counting addresses instead would call two workshops' reminders to one person a duplicate.)
MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)


class Sink:
    """A local SMTP server that accepts everything and keeps, per message, when it arrived, its Message-ID, and
    whether a calendar file was attached.

    The instrument must cost little next to what it measures: the client waits for the server's reply to each
    message before sending the next, so the sink's time per message adds to the worker's. aiosmtpd reads DATA a line
    at a time in Python (about 3 ms for a reminder of 900 lines), and parsing each message with the email package
    cost 3 ms more: 6 ms per email, which alone capped the rate measured near 150/s. This sink speaks what smtplib
    says (EHLO, MAIL, RCPT, DATA, QUIT; 250 to anything else), reads a message in one piece up to the dot that ends
    it, and finds the calendar part by its header line: about 0.5 ms per email.
    """

    def __init__(self):
        self.arrivals = []
        self.message_ids = []
        self.with_calendar = 0
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.server = None

    def start(self):
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        serving = asyncio.start_server(self.session, "127.0.0.1", SMTP_PORT, limit=64 * MB)
        self.server = asyncio.run_coroutine_threadsafe(serving, self.loop).result()

    def stop(self):
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def session(self, reader, writer):
        try:
            await self.converse(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the worker went away mid-message: nothing was accepted
        finally:
            writer.close()

    async def converse(self, reader, writer):
        writer.write(b"220 bench sink\r\n")
        while line := await reader.readline():
            command = line[:4].upper()
            if command == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                self.accept(await reader.readuntil(b"\r\n.\r\n"))
                writer.write(b"250 Message accepted for delivery\r\n")
            elif command == b"QUIT":
                writer.write(b"221 Bye\r\n")
                break
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        await writer.drain()

    def accept(self, content):
        calendar = CALENDAR_PART.search(content) is not None
        message_id = MESSAGE_ID.search(content)
        with self.lock:
            self.arrivals.append(time.perf_counter())
            self.message_ids.append(message_id[1] if message_id else None)
            self.with_calendar += calendar

    def received(self):
        with self.lock:
            return len(self.arrivals)


@dataclass
class Delivery:
    expected: int
    received: int = 0
    rate: float = 0.0
    duplicates: int = 0
    with_calendar: int = 0
    wall: float = 0.0


def measure_sweep_and_delivery(world):
    """One Celery worker process (the solo pool) is started and answers a ping; then the sweep runs and hands
    its reminders to the broker, and the worker delivers them to the sink for at most DELIVERY_LIMIT seconds.
    The rate runs from the end of the sweep to the last email: the worker's fan-out is counted, its start-up
    is not."""
    from bench.workers import celery_worker

    sink = Sink()
    sink.start()
    try:
        with celery_worker(root=ROOT, name=PREFIX) as worker_log:
            sweep = measure_sweep(world)
            expected = sweep[0]
            handed_over = time.perf_counter()
            last_change, last_count = time.monotonic(), 0
            while sink.received() < expected and time.perf_counter() - handed_over < DELIVERY_LIMIT:
                time.sleep(0.5)
                if sink.received() != last_count:
                    last_change, last_count = time.monotonic(), sink.received()
                elif last_count and time.monotonic() - last_change > DELIVERY_STALL:
                    log("the worker stalled; the end of its log:\n" + worker_log.read_text()[-3000:])
                    break
            time.sleep(2)  # a duplicate would arrive after the last expected email
    finally:
        sink.stop()
    delivery = Delivery(expected, received=len(sink.arrivals), with_calendar=sink.with_calendar)
    if sink.arrivals:
        delivery.wall = sink.arrivals[-1] - handed_over
        delivery.rate = len(sink.arrivals) / delivery.wall
    delivery.duplicates = len(sink.message_ids) - len(set(sink.message_ids))
    return sweep, delivery


def purge_broker():
    from greencustoms.celery_app import app

    app.control.purge()


# --- the table ------------------------------------------------------------------------------------------------


def verdict(passed):
    return "PASS" if passed else "MISS"


def milliseconds(value):
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def page_rows(pages):
    by_label = {page.label: page for page in pages}
    rows = []
    for page in pages:
        ratio = statistics.median(page.ratios)
        measured = (
            f"{ratio:.2f}× ({min(page.ratios):.2f}–{max(page.ratios):.2f}), {statistics.median(page.rates):.0f} req/s"
        )
        checks, target = [], []
        if page.target is not None:
            checks.append(ratio >= page.target)
            target.append(f"≥ {page.target:.1f}×")
        if page.flat_with:
            checks.append(page.queries == by_label[page.flat_with].queries)
            target.append(f"queries as at {page.flat_with.split(', ')[-1]}")
        if page.max_size:
            checks.append(page.size < page.max_size)
            target.append(f"< {page.max_size // 1000} KB")
        result = "FAIL" if page.failures else (verdict(all(checks)) if checks else "")
        rows.append(
            [
                page.label,
                measured,
                milliseconds(statistics.median(page.p50)),
                milliseconds(statistics.median(page.p99)),
                str(page.queries),
                milliseconds(statistics.median(page.singles)),
                f"{page.size / 1000:.0f} KB",
                ", ".join(target),
                result,
            ]
        )
    return rows


def export_rows(exports):
    rows = []
    baselines = {}
    for export in exports:
        kind = export.label.split(",")[0]
        if export.rows == SMALL:
            baselines[kind] = export.peak
        growth = export.peak - baselines[kind]
        measured = f"first byte {milliseconds(export.first_byte)}, worker peak {export.peak / MB:.0f} MB"
        target, result = "", ""
        if export.rows == LARGE:
            total, first_byte, growth_mb = export.limits
            measured += f" ({growth / MB:+.1f} MB over {SMALL} rows)"
            target = ", ".join(
                [
                    f"< {total} s",
                    *([f"first byte < {first_byte * 1000:.0f} ms"] if first_byte else []),
                    f"< +{growth_mb} MB",
                ]
            )
            fast_start = first_byte is None or export.first_byte < first_byte
            result = verdict(export.total < total and fast_start and growth < growth_mb * MB)
        if export.failures:
            result = "FAIL"
        rows.append(
            [
                export.label,
                measured,
                "",
                "",
                str(export.queries),
                milliseconds(export.total),
                f"{export.size / 1000:.0f} KB",
                target,
                result,
            ]
        )
    return rows


def operation_rows(import_seconds, sweep, delivery):
    written, sweep_seconds, growth = sweep
    delivered = f"{delivery.received:,} of {delivery.expected:,} in {delivery.wall:.0f} s"
    return [
        [f"invitation import, {INVITATIONS:,}", milliseconds(import_seconds), "", "", "", "", "", "", ""],
        [f"reminder sweep, {written:,} due", milliseconds(sweep_seconds), "", "", "", "", "", "< 3 s"]
        + [verdict(sweep_seconds < 3)],
        ["outbox growth after the sweep", f"{growth / MB:+.1f} MB", "", "", "", "", "", "< 20 MB"]
        + [verdict(growth < 20 * MB)],
        [
            "outbox, one worker",
            f"{delivery.rate:.0f} emails/s ({delivered}), {delivery.duplicates} duplicates, "
            f"{delivery.with_calendar:,} with the .ics",
            "",
            "",
            "",
            "",
            "",
            "≥ 200/s, 0 duplicates",
            verdict(delivery.rate >= 200 and delivery.duplicates == 0 and delivery.with_calendar == delivery.received),
        ],
    ]


def print_table(rows, references, hello):
    header = ["page / operation", "measured (ratio: median, range)", "p50", "p99", "queries", "1 request", "size"]
    header += ["target", "result"]
    widths = [max(len(str(row[column])) for row in [header, *rows]) for column in range(len(header))]
    print()
    print(
        f"Reference /programme/ {min(references):.0f}–{max(references):.0f} req/s, /hello/ "
        f"{min(hello):.0f}–{max(hello):.0f} req/s; {ROUNDS} interleaved rounds of {DURATION} slices, "
        f"wrk -t1 -c16, Connection: close; gunicorn 2 sync workers; Redis cache."
    )
    for row in [header, ["-" * width for width in widths], *rows]:
        print("| " + " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) + " |")


# --- the run --------------------------------------------------------------------------------------------------


@contextmanager
def servers():
    started = []
    try:
        started.append(Server("reference", "refsite.wsgi:application", REF_PORT, cwd=REFERENCE, extra_env=REF_ENV))
        started.append(Server("portal", "greencustoms.wsgi:application", PORTAL_PORT, cwd=ROOT))
        yield
    finally:
        for server in started:
            server.stop()


REF_ENV = {"REF_DB_NAME": REFERENCE_DB, "DJANGO_SETTINGS_MODULE": "refsite.settings"}


def interrupted(*_arguments):
    raise SystemExit("interrupted")


def main():
    # A terminated run stops what it started: the servers and the worker are stopped in `finally` blocks.
    signal.signal(signal.SIGTERM, interrupted)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    started = time.perf_counter()
    log(f"databases {PORTAL_DB} and {REFERENCE_DB}, Redis {CACHE_DB} (cache) and {BROKER_DB} (broker)")
    recreate_databases()
    flush_redis()
    seoul, world = seed_portal()
    from bench import attendance, questions

    scan_workshop = attendance.seed(world, (LARGE, MEDIUM))
    question_workshops = questions.seed(world, (LARGE, SMALL))
    documents = materials.seed(world)
    from bench import surveys

    survey_pages = surveys.seed(world, LARGE, SMALL)
    seed_reference()
    cookies = session_cookies(world)
    pages = (
        pages_to_measure(seoul, world) + attendance.pages(world, Page, LARGE, MEDIUM) + materials.pages(documents, Page)
    )
    exports = exports_to_measure(world) + attendance.exports(world, Export, LARGE, SMALL)
    exports += questions.exports(question_workshops, Export, LARGE, SMALL)
    form_queries = questions.measure_form(world, question_workshops)

    for page in pages:
        status, page.queries, page.size = count_queries(page.path, cookies[page.role])
        if status != 200:
            page.failures.append(f"answered {status} in process")
    surveys.measure(survey_pages, cookies["organiser"], without_cookies, count_queries)
    with servers():
        references, hello = measure_pages(pages, cookies)
        scans = attendance.measure_scans(scan_workshop, cookies["organiser"], PORTAL_PORT)
    for export in exports:
        measure_export(export, cookies["organiser"])
    zips = materials.measure_zips(documents, cookies["organiser"], Export, measure_export)
    log("pages and exports measured; now the import, the sweep and the outbox")
    import_seconds = measure_import(world)
    purge_broker()  # the invitations' emails: the outbox measurement delivers the reminders only
    sweep, delivery = measure_sweep_and_delivery(world)
    from bench import pdfjobs

    badges = pdfjobs.rows(*pdfjobs.measure(root=ROOT, organiser=world.organiser), milliseconds=milliseconds)
    rows = page_rows(pages) + export_rows(exports) + materials.rows(zips, verdict, milliseconds)
    rows += operation_rows(import_seconds, sweep, delivery) + badges + attendance.rows(scans, verdict, milliseconds)
    rows += surveys.rows(survey_pages, verdict, milliseconds)
    rows += questions.rows(form_queries, verdict)
    print_table(rows, references, hello)
    materials.clean_up()
    failures = [(item.label, failure) for item in [*pages, *exports, *zips, *survey_pages] for failure in item.failures]
    failures += [("badge scans", error) for error in scans.errors]
    for label, failure in failures:
        print(f"FAILED: {label}: {failure}")
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
