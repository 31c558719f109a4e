"""The stack on this machine: its ports, its environment, and each process started from deploy/'s files and
stopped by the PID it recorded under var/stack/."""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
RUN = ROOT / "var" / "stack"
BIN = ROOT / ".venv" / "bin"

HOST = "127.0.0.1"
PROXY_PORT = 9300
NODE_PORTS = {"a": 9301, "b": 9302}
PGBOUNCER_PORT = 9310
S3_PORT = 9320
SMTP_PORT = 9325
POOL_SIZE = 20
DATABASE = "gc_stack_portal"
POSTGRES_URL = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379")
BROKER_DB, CACHE_DB = 6, 7
BUCKET = "gc-stack-private"
# Threads per node: each holds one PgBouncer client connection, which waits there for one of the pool's.
NODE_WORKERS, NODE_THREADS = 2, 4
SINK_LOG = RUN / "sink.log"


def log(message):
    print(f"[stack {time.strftime('%H:%M:%S')}] {message}", flush=True)


def secrets_of_the_stack():
    """Made once per var/stack/ and kept, so every process (and a later `make stack-test`) shares them."""
    path = RUN / "secrets.json"
    if not path.exists():
        RUN.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps({"secret_key": secrets.token_urlsafe(40), "passport_key": Fernet.generate_key().decode()})
        )
    return json.loads(path.read_text())


def portal_environment(*, direct=False):
    """The production settings of every portal process of the stack; `direct`: PostgreSQL itself, not PgBouncer
    (migrations and the seeding of stack-test)."""
    kept = secrets_of_the_stack()
    database = f"{POSTGRES_URL}/{DATABASE}" if direct else f"postgres://postgres@{HOST}:{PGBOUNCER_PORT}/{DATABASE}"
    return {
        "DJANGO_SETTINGS_MODULE": "greencustoms.settings",
        "PORTAL_ENV": "production",
        "SECRET_KEY": kept["secret_key"],
        "PASSPORT_ENCRYPTION_KEYS": kept["passport_key"],
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": f"http://{HOST}:{PROXY_PORT}",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database,
        "DISABLE_SERVER_SIDE_CURSORS": "true",
        "CONN_MAX_AGE": "60",
        "CACHE_URL": f"rediscache://{REDIS_URL.removeprefix('redis://')}/{CACHE_DB}",
        "CELERY_BROKER_URL": f"{REDIS_URL}/{BROKER_DB}",
        "EMAIL_URL": f"smtp://{HOST}:{SMTP_PORT}",
        "TRUSTED_PROXIES": HOST,
        "PRIVATE_STORAGE_BUCKET": BUCKET,
        "PRIVATE_STORAGE_ENDPOINT_URL": f"http://{HOST}:{S3_PORT}",
        "PRIVATE_STORAGE_REGION": "us-east-1",
        "PRIVATE_STORAGE_ACCESS_KEY": "stack",
        "PRIVATE_STORAGE_SECRET_KEY": "stack-secret",
        "PRIVATE_MEDIA_ROOT": str(RUN / "private-unused"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


# --- processes ------------------------------------------------------------------------------------------------


def pid_file(name):
    return RUN / f"{name}.pid"


def start(name, command, *, env=None):
    """Start a process in its own session (so stopping it stops its children), its output in var/stack/NAME.log."""
    with open(RUN / f"{name}.log", "ab") as output:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file(name).write_text(str(process.pid))
    return process.pid


def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recorded_pid(name):
    try:
        return int(pid_file(name).read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def stop(name, *, kill=False, wait=30):
    """Stop the process NAME recorded (its whole session), by its PID only; SIGKILL after `wait` seconds."""
    pid = recorded_pid(name)
    if pid is None or not running(pid):
        pid_file(name).unlink(missing_ok=True)
        return False
    signal_number = signal.SIGKILL if kill else signal.SIGTERM
    try:
        os.killpg(pid, signal_number)  # started in a session of its own: the group is the process and its children
    except (ProcessLookupError, PermissionError):
        os.kill(pid, signal_number)  # a daemon that made its own session (pgbouncer, nginx): the process
    deadline = time.monotonic() + wait
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if running(pid):
        os.kill(pid, signal.SIGKILL)
    pid_file(name).unlink(missing_ok=True)
    return True


def wait_for(url, *, seconds=60, status=200):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local URL
                if response.status == status:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer {status} within {seconds} s (logs in {RUN}/)")
        time.sleep(0.5)


def start_node(name):
    port = NODE_PORTS[name]
    command = [BIN / "gunicorn", "greencustoms.wsgi:application", "--bind", f"{HOST}:{port}"]
    command += ["--workers", NODE_WORKERS, "--threads", NODE_THREADS, "--worker-class", "gthread"]
    command += ["--timeout", "120", "--graceful-timeout", "10", "--backlog", "2048", "--error-logfile", "-"]
    # Each node its own control socket: two gunicorns of one user would otherwise share the default path.
    command += ["--control-socket", RUN / f"web-{name}.ctl"]
    start(f"web-{name}", command, env=portal_environment())
    wait_for(f"http://{HOST}:{port}/healthz")


def start_worker(queue):
    command = [BIN / "celery", "--app", "greencustoms", "worker", "--queues", queue, "--hostname", f"{queue}@stack"]
    command += ["--concurrency", "1", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    start(f"worker-{queue}", command, env=portal_environment())


def rendered(path, replacements):
    """A file of deploy/ with its production values replaced by the stack's."""
    text = path.read_text()
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(f"{path} no longer holds {old!r}: update stack/topology.py")
        text = text.replace(old, new)
    return text


def nginx_config():
    site = rendered(
        DEPLOY / "nginx" / "green-customs.conf",
        {
            "127.0.0.1:8001": f"{HOST}:{NODE_PORTS['a']}",
            "127.0.0.1:8002": f"{HOST}:{NODE_PORTS['b']}",
            "listen 80;": f"listen {HOST}:{PROXY_PORT} backlog=4096;",
            "/srv/green-customs/staticfiles/": f"{ROOT}/staticfiles/",
        },
    )
    (RUN / "nginx-site.conf").write_text(site)
    main = f"""# Written by stack/topology.py: a main configuration around deploy/nginx/green-customs.conf.
worker_processes 2;
pid {RUN}/nginx.pid;
error_log {RUN}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    # When each request was answered and how long it took (so when nginx received it), by which node (nginx lists
    # each it tried), with what: stack-test reads it.
    log_format stack '$msec|$request_time|$upstream_addr|$status';
    access_log {RUN}/nginx-access.log stack;
    client_body_temp_path {RUN}/nginx-body;
    proxy_temp_path {RUN}/nginx-proxy;
    fastcgi_temp_path {RUN}/nginx-fastcgi;
    uwsgi_temp_path {RUN}/nginx-uwsgi;
    scgi_temp_path {RUN}/nginx-scgi;
    include {RUN}/nginx-site.conf;
}}
"""
    (RUN / "nginx.conf").write_text(main)
    return RUN / "nginx.conf"


def pgbouncer_config():
    directory = RUN / "pgbouncer"
    directory.mkdir(exist_ok=True)
    (directory / "userlist.txt").write_text('"postgres" ""\n')
    config = rendered(
        DEPLOY / "pgbouncer" / "pgbouncer.ini",
        {
            "green_customs = host=127.0.0.1 port=5432 dbname=green_customs": (
                f"{DATABASE} = host=127.0.0.1 port=5432 dbname={DATABASE} user=postgres"
            ),
            "listen_port = 6432": f"listen_port = {PGBOUNCER_PORT}",
            # The machine's PostgreSQL trusts local connections: so does the stack's PgBouncer.
            "auth_type = scram-sha-256": "auth_type = trust",
            "/etc/pgbouncer/userlist.txt": str(directory / "userlist.txt"),
            "default_pool_size = 20": f"default_pool_size = {POOL_SIZE}",
            "max_db_connections = 20": f"max_db_connections = {POOL_SIZE}",
            "/var/log/postgresql/pgbouncer.log": str(directory / "pgbouncer.log"),
            "/var/run/postgresql/pgbouncer.pid": str(directory / "pgbouncer.pid"),
            "unix_socket_dir = /var/run/postgresql": f"unix_socket_dir = {directory}",
        },
    )
    (directory / "pgbouncer.ini").write_text(config)
    # PgBouncer refuses to run as root: it runs as postgres, which must reach its folder.
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
        for path in (RUN.parent, RUN):
            path.chmod(path.stat().st_mode | 0o011)
    return directory / "pgbouncer.ini"


def manage(*arguments, direct=True):
    subprocess.run(
        [BIN / "python", "manage.py", *arguments], cwd=ROOT, env={**os.environ, **portal_environment(direct=direct)},
        check=True,
    )  # fmt: skip


def python():
    return sys.executable
