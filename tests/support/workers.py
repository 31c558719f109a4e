"""What each pytest-xdist worker keeps to itself: a Redis database and a range of ports (its PostgreSQL test database
pytest-django names itself: test_<name>_gw0, test_<name>_gw1, …).

pyproject.toml loads this module as a plugin (`-p tests.support.workers`), so it runs before pytest-django reads
Django's settings: the settings read CELERY_BROKER_URL when they are imported, and subprocesses the tests start
(manage.py, gunicorn) inherit the environment. Worker gw<n> moves each Redis URL below to database <base> + n, and
its servers to ports TEST_PORT_BASE + 20·n onwards. A serial run (no worker) keeps the base values.
"""

import os
from urllib.parse import urlsplit, urlunsplit

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_INDEX = int(WORKER.removeprefix("gw")) if WORKER.startswith("gw") else 0
PORTS_PER_WORKER = 20
PORT_BASE = int(os.environ.get("TEST_PORT_BASE", "8150")) + PORTS_PER_WORKER * WORKER_INDEX
PORT_RANGE = range(PORT_BASE, PORT_BASE + PORTS_PER_WORKER)
# Redis' default `databases 16`: 0 to 15.
REDIS_DATABASES = 16
REDIS_URL_VARIABLES = ("TEST_CELERY_BROKER_URL", "CELERY_BROKER_URL")


def worker_redis_url(url, index=WORKER_INDEX):
    """`url` with its Redis database number moved up by the worker's index (redis://host:6379/6 -> /7 on gw1)."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base + index
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"xdist worker {WORKER or 'gw0'} would use Redis database {database} of {url}: Redis has only "
            f"{REDIS_DATABASES} (0-{REDIS_DATABASES - 1}); use a lower database in the URL or fewer workers"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


# Once per process (a module is imported once); the controller of an xdist run, which runs no test, keeps them.
for _name in REDIS_URL_VARIABLES:
    if os.environ.get(_name, "").startswith(("redis://", "rediss://")):
        os.environ[_name] = worker_redis_url(os.environ[_name])

# Redis for the tests that use one for real: the broker tests (flushed), the shared page cache (under a prefix).
# Without TEST_CELERY_BROKER_URL they skip, or try database 5 where nothing else is configured.
REDIS_CONFIGURED = bool(os.environ.get("TEST_CELERY_BROKER_URL"))
TEST_REDIS_URL = os.environ.get("TEST_CELERY_BROKER_URL") or worker_redis_url("redis://127.0.0.1:6379/5")
# The same database as a CACHE_URL, for the settings tests (whose manage.py checks only parse it).
TEST_CACHE_URL = TEST_REDIS_URL.replace("redis://", "rediscache://", 1)


def artifacts_subfolder(folder):
    """A worker's own folder under `folder` (…/html/gw1), so that no two workers write one file at once;
    `folder` itself in a serial run."""
    return folder / WORKER if WORKER else folder
