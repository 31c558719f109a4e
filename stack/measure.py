"""make stack-test: the table of issue 24 (items 5 and 6) measured on the running stack, with PASS or MISS.

It seeds its own workshops and people in the stack's database (directly, not through the portal), then drives
the portal only through its doors: HTTP to nginx (or to one node, where the line says so), and the stack's own
processes, stopped and started by their PIDs. Figures from a busy machine are provisional: run it again alone.
"""

import asyncio
import datetime
import secrets
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from stack.topology import (
    DATABASE,
    HOST,
    NODE_PORTS,
    NODE_THREADS,
    NODE_WORKERS,
    POOL_SIZE,
    POSTGRES_URL,
    PROXY_PORT,
    RUN,
    SINK_LOG,
    log,
    portal_environment,
    recorded_pid,
    running,
    start_node,
    start_worker,
    stop,
)

SEATS = 40
AT_ONCE = 1000
REMINDERS = 10_000
CLIENTS = 200
WRONG_PASSWORDS = 40
PASSWORD = "stack test horse battery"
# The outbox claims this many rows at a time (outbox.delivery): a worker killed mid-batch sends those again.
BATCH = 50
TARGET_RATE, TARGET_P99 = 50, 2.0
ACCESS_LOG = RUN / "nginx-access.log"
APPLICATION_NAME = "stack-test"


def setup_django():
    import os

    environment = portal_environment(direct=True)
    # Its own connections are told apart from the portal's when PostgreSQL's connections are counted.
    environment["DATABASE_URL"] += f"?application_name={APPLICATION_NAME}"
    os.environ.update(environment)
    import django

    django.setup()


# --- HTTP, many requests at once ------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int  # 0: no answer (the connection failed or was cut)
    seconds: float
    headers: dict = field(default_factory=dict)
    body: bytes = b""


async def request(method, path, *, port=PROXY_PORT, cookies=None, form=None, body=b"", content_type="", source=None):
    """One HTTP/1.1 request on a connection of its own (Connection: close), read to the end."""
    if form is not None:
        body, content_type = urlencode(form).encode(), "application/x-www-form-urlencoded"
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close", f"Content-Length: {len(body)}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection(HOST, port, local_addr=(source, 0) if source else None)
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        data = await reader.read()
        writer.close()
    except (OSError, asyncio.IncompleteReadError):
        return Answer(0, time.perf_counter() - started)
    head, _, content = data.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(head_lines[0].split(" ")[1])
    except (IndexError, ValueError):
        return Answer(0, time.perf_counter() - started)
    headers = {}
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in ",".join(headers.get("transfer-encoding", [])):
        content = unchunked(content)
    return Answer(status, time.perf_counter() - started, headers, content)


def unchunked(content):
    pieces, rest = [], content
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if not size:
            break
        pieces.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(pieces)


def run(coroutine):
    return asyncio.run(coroutine)


def csrf_cookies(session=None):
    """A CSRF secret as the cookie and the same secret as the form's token: what Django compares."""
    token = secrets.token_hex(16)
    cookies = {"csrftoken": token}
    if session:
        cookies["sessionid"] = session
    return cookies, token


def succeeded(answer):
    """A form's success is a redirect (POST, then GET); anything 2xx or 3xx was answered by the portal."""
    return 200 <= answer.status < 400


def p99(values):
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else (values[0] if values else 0.0)


# --- seeding --------------------------------------------------------------------------------------------------


@dataclass
class World:
    administrations: list
    people: list  # (participant, session key)
    organiser_session: str = ""
    workshops: list = field(default_factory=list)


def sessions_for(users):
    from django.conf import settings
    from django.test import Client

    keys = []
    for user in users:
        client = Client()
        client.force_login(user)
        keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return keys


def seed_world():
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from bench import seeding

    password = make_password(None)
    administrations = seeding.customs_administrations()
    participants = seeding.people("stack-", AT_ONCE, administrations, password)
    organiser = User.objects.create(email="organiser@stack.example", name="Organiser", password=password)
    sessions = sessions_for([participant.user for participant in participants] + [organiser])
    world = World(administrations, list(zip(participants, sessions[:-1], strict=True)), organiser_session=sessions[-1])
    world.organiser = organiser
    return world


def open_workshop(world, name, *, seats=SEATS, start_in_days=60):
    from django.utils import timezone

    from workshops.models import OrganiserMembership, Workshop

    now = timezone.now()
    start = timezone.localdate(now) + datetime.timedelta(days=start_in_days)
    workshop = Workshop.objects.create(
        title=f"Stack test workshop {name}",
        slug=f"stack-{name}",
        city="Bangkok",
        country="TH",
        venue="Stack Conference Centre",
        time_zone="Asia/Bangkok",
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        capacity=seats,
        registration_opens_at=now - datetime.timedelta(days=1),
        status=Workshop.Status.PUBLISHED,
    )
    OrganiserMembership.objects.create(workshop=workshop, user=world.organiser)
    return workshop


def counts(workshop):
    from participants.models import Registration

    rows = Registration.objects.filter(workshop=workshop)
    return {status: rows.filter(status=status).count() for status in ("confirmed", "waitlisted", "pending")}


# --- registrations at once ------------------------------------------------------------------------------------


@dataclass
class Load:
    answers: list
    wall: float
    killed_at: float = 0.0

    @property
    def ok(self):
        return [answer for answer in self.answers if succeeded(answer)]

    @property
    def failed(self):
        return [answer for answer in self.answers if not succeeded(answer)]

    @property
    def rate(self):
        return len(self.ok) / self.wall if self.wall else 0.0

    @property
    def p99(self):
        return p99([answer.seconds for answer in self.ok])


def registration_form(participant, token):
    return {
        "csrfmiddlewaretoken": token,
        "full_name": participant.full_name,
        "organisation": participant.organisation_id,
        "position": participant.position,
        "country": participant.country,
        "note": "",
    }


async def register_at_once(pairs, *, port=PROXY_PORT, kill_after=None):
    """Every (workshop, (participant, session)) posts its registration at the same moment; `kill_after`: once
    that many have been answered, web node b is killed (SIGKILL, the requests it holds are lost)."""
    done = 0
    killed = asyncio.Event()
    killed_at = 0.0

    async def one(workshop, participant, session):
        nonlocal done, killed_at
        cookies, token = csrf_cookies(session)
        answer = await request(
            "POST",
            f"/workshops/{workshop.slug}/register/",
            port=port,
            cookies=cookies,
            form=registration_form(participant, token),
        )
        done += 1
        if kill_after and done >= kill_after and not killed.is_set():
            killed.set()
            killed_at = time.time()
            stop("web-b", kill=True, wait=5)
        return answer

    started = time.perf_counter()
    answers = await asyncio.gather(*(one(workshop, *person) for workshop, person in pairs))
    return Load(list(answers), time.perf_counter() - started, killed_at)


# --- PostgreSQL's connections ---------------------------------------------------------------------------------


class ConnectionWatch:
    """Counts the portal's PostgreSQL connections (through PgBouncer) every 20 ms, on a connection of its own."""

    def __init__(self):
        self.highest = 0
        self.stopping = threading.Event()

    def __enter__(self):
        import psycopg2

        parts = urlsplit(POSTGRES_URL)
        self.connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            dbname=DATABASE,
            application_name=APPLICATION_NAME,
        )
        self.connection.autocommit = True
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()
        return self

    def watch(self):
        with self.connection.cursor() as cursor:
            while not self.stopping.is_set():
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name <> %s"
                    " AND backend_type = 'client backend'",
                    [DATABASE, APPLICATION_NAME],
                )
                self.highest = max(self.highest, cursor.fetchone()[0])
                time.sleep(0.02)

    def __exit__(self, *_exc):
        self.stopping.set()
        self.thread.join()
        self.connection.close()


# --- the lines of the table -----------------------------------------------------------------------------------


@dataclass
class Line:
    what: str
    result: str
    passed: bool


def line_registrations(world, lines, capacity):
    workshop = open_workshop(world, "at-once")
    with ConnectionWatch() as watch:
        load = run(register_at_once([(workshop, person) for person in world.people]))
    seats = counts(workshop)
    passed = seats["confirmed"] == SEATS and seats["waitlisted"] == AT_ONCE - SEATS and not load.failed
    lines.append(
        Line(
            f"{AT_ONCE:,} registration POSTs at once, both nodes, {SEATS} seats",
            f"{seats['confirmed']} confirmed, {seats['waitlisted']} waitlisted, {len(load.failed)} not answered "
            f"2xx/3xx; {load.rate:.0f} registrations/s, p99 {load.p99:.2f} s",
            passed,
        )
    )
    capacity.append(("one workshop, two nodes", load))
    return watch.highest


@dataclass
class Logged:
    """A request as nginx logged it: when it received it, the last node it sent it to, the status."""

    received: float
    node: str
    status: int


def access_log_lines():
    """Each request nginx logged for the stack."""
    rows = []
    for text in ACCESS_LOG.read_text().splitlines():
        answered, took, upstreams, status = text.split("|")
        rows.append(Logged(float(answered) - float(took), upstreams.split(",")[-1].strip(), int(status)))
    return rows


def line_node_stopped(world, lines, capacity):
    workshop = open_workshop(world, "node-stopped")
    logged_before = len(access_log_lines()) if ACCESS_LOG.exists() else 0
    load = run(register_at_once([(workshop, person) for person in world.people], kill_after=AT_ONCE // 4))
    time.sleep(1)  # nginx writes its log line when it has answered
    logged = access_log_lines()[logged_before:]
    node_b = f"{HOST}:{NODE_PORTS['b']}"
    failed = [row for row in logged if not 200 <= row.status < 400]
    # Failed on b: nginx had sent them to b (b last among the upstreams it tried) and b never answered.
    on_b = [row for row in failed if row.node == node_b]
    # Received after the kill and left with b: the proxy should have sent those to a. (When a request failed is no
    # measure of when it was sent: the 1,000 reach the nodes at once and wait in b's queue until b is killed.)
    after_kill_at_b = [row for row in logged if row.node == node_b and row.received > load.killed_at]
    seats = counts(workshop)
    passed = (
        len(failed) == len(load.failed) == len(on_b)
        and not after_kill_at_b
        and seats["confirmed"] == SEATS
        and len(load.ok) <= sum(seats.values()) <= len(load.ok) + len(load.failed)
    )
    lines.append(
        Line(
            f"web node b killed after {AT_ONCE // 4} of {AT_ONCE:,} answers",
            f"{len(load.failed)} failed ({len(failed)} in nginx's log, {len(on_b)} of them on b); "
            f"{len(after_kill_at_b)} sent to b after; {len(load.ok)} answered by a or before; "
            f"{sum(seats.values())} registrations, {seats['confirmed']} confirmed",
            passed,
        )
    )
    # One node only, while b is down: the capacity of one node.
    single = open_workshop(world, "one-node")
    capacity.append(("one workshop, one node", run(register_at_once([(single, person) for person in world.people]))))
    start_node("b")


def line_two_workshops(world, capacity):
    first, second = open_workshop(world, "two-a"), open_workshop(world, "two-b")
    half = len(world.people) // 2
    pairs = [(first, person) for person in world.people[:half]] + [(second, person) for person in world.people[half:]]
    capacity.append(("two workshops at once, two nodes", run(register_at_once(pairs))))


def sink_ids():
    return SINK_LOG.read_bytes().splitlines() if SINK_LOG.exists() else []


def line_mail_worker_killed(world, lines):
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max
    from django.utils import timezone

    from bench import seeding
    from outbox.delivery import requeue_stale_emails
    from outbox.models import OutgoingEmail
    from outbox.tasks import send_outgoing_emails
    from participants.reminders import reminder_due_at, sweep_reminders
    from workshops.models import OrganiserMembership

    now = timezone.now()
    workshop = seeding.open_workshop(
        registrations=REMINDERS, start_date=timezone.localdate(now) + datetime.timedelta(days=14), now=now
    )
    OrganiserMembership.objects.create(workshop=workshop, user=world.organiser)
    people = seeding.people("reminded-", REMINDERS, world.administrations, make_password(None))
    seeding.register(workshop, people, now)
    first_row = OutgoingEmail.objects.aggregate(last=Max("pk"))["last"] or 0
    written = sweep_reminders(now=reminder_due_at(workshop, 14) + datetime.timedelta(minutes=10))
    # The reminders' own Message-IDs: the sink also receives the registrations' emails of the lines before.
    reminders = {
        message_id.encode()
        for message_id in OutgoingEmail.objects.filter(pk__gt=first_row).values_list("message_id", flat=True)
    }

    def received():
        return [message_id for message_id in sink_ids() if message_id in reminders]

    deadline = time.monotonic() + 600
    while len(received()) < written // 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    stop("worker-mail", kill=True, wait=5)
    killed_at = timezone.now()
    arrived_at_kill = len(received())
    # What the beat's sweeper does once the rows are stale (outbox.delivery.STALE_AFTER_SECONDS), done now: the rows
    # the killed worker left queued or sending go back to the queue (a thousand a time, as the sweeper hands them).
    while stale := requeue_stale_emails(older_than=datetime.timedelta(0), now=killed_at):
        send_outgoing_emails.delay(stale)
    start_worker("mail")
    deadline = time.monotonic() + 900
    last, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        arrived = len(set(received()))
        if arrived >= written:
            break
        if arrived != last:
            last, last_change = arrived, time.monotonic()
        elif time.monotonic() - last_change > 60:
            break
        time.sleep(1)
    time.sleep(2)  # a duplicate would come after the last one
    delivered = received()
    unique = len(set(delivered))
    duplicates = len(delivered) - unique
    # The beat may have written some of them first (its own sweep, every five minutes): all are counted.
    written = len(reminders)
    lost = written - unique
    lines.append(
        Line(
            f"mail worker killed during {written:,} reminders",
            f"worker killed after {arrived_at_kill:,}; {lost} lost, {duplicates} sent twice (one batch: {BATCH})",
            len(reminders) == REMINDERS and lost == 0 and duplicates <= BATCH,
        )
    )
    return workshop


def line_export(world, lines, workshop):
    answer = run(
        request(
            "GET",
            f"/manage/{workshop.slug}/registrations/export.csv",
            cookies={"sessionid": world.organiser_session},
        )
    )
    rows = answer.body.decode("utf-8-sig", errors="replace").count("\n") - 1
    lines.append(
        Line(
            f"CSV export of {REMINDERS:,} rows through PgBouncer",
            f"HTTP {answer.status}, {rows:,} rows, {len(answer.body) / 1e6:.1f} MB in {answer.seconds:.1f} s",
            answer.status == 200 and rows == REMINDERS,
        )
    )


class FormFields(HTMLParser):
    """The fields of the page's form that holds `title_en`, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields, self.current, self.select, self.textarea = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = []
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.current.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self.select = [attrs.get("name"), None]
        elif tag == "option" and self.select is not None and ("selected" in attrs or self.select[1] is None):
            if "selected" in attrs or self.select[1] is None:
                self.select[1] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.current.append(self.select)
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.current.append([self.textarea[0], self.textarea[1].removeprefix("\n")])
            self.textarea = None
        elif tag == "form" and any(name == "title_en" for name, _value in self.current):
            self.fields = self.current


def line_edit_across_nodes(world, lines):
    import html

    workshop = open_workshop(world, "edited")
    page = f"/workshops/{workshop.slug}/"
    node_a, node_b = NODE_PORTS["a"], NODE_PORTS["b"]
    before = run(request("GET", page, port=node_b))  # node b caches the page as it is
    cookies, token = csrf_cookies(world.organiser_session)
    edit = f"/manage/{workshop.slug}/edit/"
    form = run(request("GET", edit, port=node_a, cookies=cookies))
    parser = FormFields()
    parser.feed(form.body.decode())
    new_title = "Stack test workshop, edited on node a"
    fields = [(name, new_title if name == "title_en" else value) for name, value in parser.fields]
    fields = [(name, token if name == "csrfmiddlewaretoken" else value) for name, value in fields]
    saved = run(
        request(
            "POST",
            edit,
            port=node_a,
            cookies=cookies,
            body=urlencode(fields).encode(),
            content_type="application/x-www-form-urlencoded",
        )
    )
    after = run(request("GET", page, port=node_b))
    shown = new_title in html.unescape(after.body.decode())
    lines.append(
        Line(
            "an organiser's edit on node a, read on node b",
            f"edit answered {saved.status}; node b showed the new title at once: {'yes' if shown else 'no'}",
            before.status == 200 and saved.status == 302 and shown,
        )
    )


def multipart(name, filename, content, token):
    boundary = secrets.token_hex(12)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def line_letter_across_nodes(world, lines):
    import boto3
    from django.conf import settings
    from django.utils import timezone

    from accounts.models import User
    from delegations.models import FocalPoint, NominationLetter, Quota
    from tests.support.delegations import PDF
    from workshops.models import Workshop

    now = timezone.now()
    workshop = open_workshop(world, "letters")
    Workshop.objects.filter(pk=workshop.pk).update(
        admission=Workshop.Admission.BOTH,
        nomination_opens_at=now - datetime.timedelta(days=1),
        nomination_closes_at=now + datetime.timedelta(days=10),
    )
    organisation = world.administrations[0]
    Quota.objects.create(workshop=workshop, organisation=organisation, seats=2, funded_seats=0)
    focal = User.objects.create(email="focal@stack.example", name="Focal point")
    FocalPoint.objects.create(organisation=organisation, email=focal.email)
    cookies, token = csrf_cookies(sessions_for([focal])[0])
    body, content_type = multipart("letter", "letter.pdf", PDF, token)
    path = f"/delegations/{workshop.slug}/{organisation.pk}/letter/"
    uploaded = run(request("POST", path, port=NODE_PORTS["a"], cookies=cookies, body=body, content_type=content_type))
    letter = NominationLetter.objects.filter(workshop=workshop).first()
    downloaded = (
        run(request("GET", f"/delegations/letters/{letter.pk}/", port=NODE_PORTS["b"], cookies=cookies))
        if letter
        else None
    )
    options = settings.STORAGES["private"]["OPTIONS"]
    bucket = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    ).list_objects_v2(Bucket=options["bucket_name"])
    in_bucket = letter is not None and any(item["Key"] == letter.file.name for item in bucket.get("Contents", []))
    same = downloaded is not None and downloaded.status == 200 and downloaded.body == PDF
    lines.append(
        Line(
            "a nomination letter uploaded on node a, downloaded on node b",
            f"upload answered {uploaded.status}; in the S3 bucket: {'yes' if in_bucket else 'no'}; "
            f"node b sent {'the same bytes' if same else 'something else'}",
            uploaded.status == 302 and in_bucket and same,
        )
    )


def line_connections(world, lines, highest_under_registrations):
    workshop = open_workshop(world, "read")
    page = f"/workshops/{workshop.slug}/"

    async def clients():
        async def client(session):
            return [await request("GET", page, cookies={"sessionid": session}) for _ in range(3)]

        return await asyncio.gather(*(client(session) for _participant, session in world.people[:CLIENTS]))

    with ConnectionWatch() as watch:
        answers = [answer for answers in run(clients()) for answer in answers]
    highest = max(watch.highest, highest_under_registrations)
    failed = sum(not succeeded(answer) for answer in answers)
    lines.append(
        Line(
            f"PostgreSQL connections with {CLIENTS} clients (and under the {AT_ONCE:,} POSTs)",
            f"at most {highest} (pool: {POOL_SIZE}); {len(answers) - failed} of {len(answers)} pages answered",
            0 < highest <= POOL_SIZE and not failed,
        )
    )


def line_wrong_passwords(lines):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.create_user(email="login@stack.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    guesser, other = "127.0.0.2", "127.0.0.3"

    async def attempt(login, password, source):
        cookies, token = csrf_cookies()
        form = {"csrfmiddlewaretoken": token, "login": login, "password": password}
        return await request("POST", "/accounts/login/", cookies=cookies, form=form, source=source)

    async def guesses():
        return [await attempt(f"guess{n}@stack.example", "wrong", guesser) for n in range(WRONG_PASSWORDS)]

    answers = run(guesses())
    refused = sum(b"Too many failed login attempts" in answer.body for answer in answers)
    guesser_right = run(attempt(user.email, PASSWORD, guesser))
    other_right = run(attempt("login@stack.example", PASSWORD, other))
    logged_in = other_right.status == 302 and any("sessionid=" in value for value in other_right.headers["set-cookie"])
    lines.append(
        Line(
            f"{WRONG_PASSWORDS} wrong passwords from one client address through nginx",
            f"{refused} of {WRONG_PASSWORDS} refused as too many; that address with the right password: "
            f"{'refused' if guesser_right.status != 302 else 'let in'}; another address: "
            f"{'logged in' if logged_in else 'refused'}",
            # Ten failures a minute (settings.ACCOUNT_RATE_LIMITS): forty that take longer let some through again.
            refused > 0 and guesser_right.status != 302 and logged_in,
        )
    )


# --- the report -----------------------------------------------------------------------------------------------


def print_table(lines, capacity):
    width = max(len(line.what) for line in lines)
    print()
    print(f"{'what':<{width}}  verdict  result")
    for line in lines:
        print(f"{line.what:<{width}}  {'PASS' if line.passed else 'MISS':<7}  {line.result}")
    print()
    print(f"Capacity (target: >= {TARGET_RATE} registrations/s for one workshop, p99 < {TARGET_P99:.0f} s at once)")
    for name, load in capacity:
        median = statistics.median(answer.seconds for answer in load.ok) if load.ok else 0
        print(
            f"  {name:<36} {len(load.ok):>5} answered in {load.wall:5.1f} s: {load.rate:6.1f} registrations/s, "
            f"median {median:.2f} s, p99 {load.p99:.2f} s"
        )
    first = capacity[0][1]
    verdict = "PASS" if first.rate >= TARGET_RATE and first.p99 < TARGET_P99 else "MISS"
    print(f"  target for one workshop on two nodes: {verdict}")
    print(f"  (nodes: {NODE_WORKERS} gunicorn processes x {NODE_THREADS} threads each; PgBouncer pool {POOL_SIZE})")


def check_stack_running():
    for name in ("nginx", "web-a", "web-b", "pgbouncer", "worker-mail", "worker-default", "beat", "s3", "sink"):
        pid = recorded_pid(name)
        if pid is None or not running(pid):
            raise SystemExit(f"the stack is not running ({name} is not): `make stack` first")


def main():
    check_stack_running()
    setup_django()
    from django.core.cache import cache

    lines, capacity = [], []
    log(f"seeding {AT_ONCE:,} people with sessions")
    world = seed_world()
    log("registrations at once")
    highest = line_registrations(world, lines, capacity)
    log(lines[-1])
    cache.clear()  # allauth's and the portal's counts of the load's addresses
    log("a web node killed under load, then one node alone")
    line_node_stopped(world, lines, capacity)
    log(lines[-1])
    log("two workshops at once")
    line_two_workshops(world, capacity)
    log(f"{REMINDERS:,} reminders, the mail worker killed midway")
    reminded = line_mail_worker_killed(world, lines)
    log(lines[-1])
    log("the export, the edit and the letter across nodes, 200 clients, wrong passwords")
    line_export(world, lines, reminded)
    line_edit_across_nodes(world, lines)
    line_letter_across_nodes(world, lines)
    line_connections(world, lines, highest)
    line_wrong_passwords(lines)
    print_table(lines, capacity)
