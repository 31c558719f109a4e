"""make stack: deploy/'s topology on this machine, on its own ports (9300-9399), database and Redis databases.

nginx (9300) -> web nodes a and b (gunicorn, 9301 and 9302) -> PgBouncer (9310) -> the machine's PostgreSQL;
the machine's Redis (broker 6, cache 7); a `mail` worker, a `default` worker, one beat; moto's S3 server (9320)
for the private files; an SMTP sink (9325). PostgreSQL and Redis must be running.
"""

import os
import shutil
import subprocess
import time
from urllib.parse import urlsplit

from stack.topology import (
    BIN,
    BUCKET,
    DATABASE,
    HOST,
    NODE_PORTS,
    POSTGRES_URL,
    PROXY_PORT,
    REDIS_URL,
    RUN,
    S3_PORT,
    SINK_LOG,
    SMTP_PORT,
    log,
    manage,
    nginx_config,
    pgbouncer_config,
    pid_file,
    portal_environment,
    python,
    recorded_pid,
    running,
    start,
    start_node,
    start_worker,
    wait_for,
)

DEBIAN_PACKAGES = {"nginx": "/usr/sbin/nginx", "pgbouncer": "/usr/sbin/pgbouncer"}


def install_debian_packages():
    missing = [package for package, path in DEBIAN_PACKAGES.items() if not os.path.exists(path)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(
            f"missing Debian packages {', '.join(missing)}: run `sudo apt-get install -y {' '.join(missing)}`"
        )
    log(f"installing {', '.join(missing)} with apt-get")
    if subprocess.run(["apt-get", "install", "-y", *missing], check=False).returncode:
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", *missing], check=True)


def check_services():
    import psycopg2
    import redis

    parts = urlsplit(POSTGRES_URL)
    try:
        psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres").close()
    except psycopg2.OperationalError as error:
        raise SystemExit(f"PostgreSQL is not reachable at {POSTGRES_URL} (STACK_POSTGRES_URL): {error}") from error
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis is not reachable at {REDIS_URL} (STACK_REDIS_URL): {error}") from error


def recreate_database():
    import psycopg2
    import redis

    parts = urlsplit(POSTGRES_URL)
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    admin.close()
    for db in (6, 7):
        redis.Redis.from_url(f"{REDIS_URL}/{db}").flushdb()


def create_bucket():
    import boto3

    environment = portal_environment()
    client = boto3.client(
        "s3",
        endpoint_url=environment["PRIVATE_STORAGE_ENDPOINT_URL"],
        region_name=environment["PRIVATE_STORAGE_REGION"],
        aws_access_key_id=environment["PRIVATE_STORAGE_ACCESS_KEY"],
        aws_secret_access_key=environment["PRIVATE_STORAGE_SECRET_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)


def record_daemon_pid(name, own_pid_file):
    """A daemon writes its PID file a moment after its start command returns; the stack keeps a copy."""
    deadline = time.monotonic() + 10
    while not own_pid_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} did not start: see its log in {RUN}/")
        time.sleep(0.1)
    time.sleep(0.1)  # written, perhaps not yet flushed
    pid_file(name).write_text(own_pid_file.read_text())


def main():
    RUN.mkdir(parents=True, exist_ok=True)
    if any(recorded_pid(name) and running(recorded_pid(name)) for name in ("nginx", "web-a", "web-b", "pgbouncer")):
        raise SystemExit("the stack is already running: `make stack-stop` first")
    install_debian_packages()
    check_services()
    for leftover in RUN.glob("*.log"):
        leftover.unlink()
    log(f"database {DATABASE} and Redis databases 6 and 7, afresh; migrate; collectstatic")
    recreate_database()
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")

    log("PgBouncer")
    config = pgbouncer_config()
    user = ["-u", "postgres"] if os.geteuid() == 0 else []
    subprocess.run(["/usr/sbin/pgbouncer", "-d", *user, str(config)], check=True)
    record_daemon_pid("pgbouncer", config.parent / "pgbouncer.pid")

    log("moto's S3 server and the SMTP sink")
    start("s3", [BIN / "moto_server", "-H", HOST, "-p", S3_PORT])
    wait_for(f"http://{HOST}:{S3_PORT}/moto-api/", seconds=30)
    create_bucket()
    SINK_LOG.write_bytes(b"")
    start("sink", [python(), "-m", "stack.sink", SMTP_PORT, SINK_LOG])

    log("web nodes, workers and beat")
    for name in NODE_PORTS:
        start_node(name)
    for queue in ("mail", "default"):
        start_worker(queue)
    start(
        "beat",
        [BIN / "celery", "--app", "greencustoms", "beat", "--loglevel", "WARNING", "--schedule", RUN / "celerybeat"],
        env=portal_environment(),
    )

    log("nginx")
    shutil.rmtree(RUN / "nginx-body", ignore_errors=True)
    subprocess.run(["/usr/sbin/nginx", "-c", str(nginx_config()), "-p", str(RUN)], check=True)
    record_daemon_pid("nginx", RUN / "nginx.pid")
    wait_for(f"http://{HOST}:{PROXY_PORT}/healthz")
    log(f"the stack answers at http://{HOST}:{PROXY_PORT}/ (make stack-test measures it, make stack-stop stops it)")
