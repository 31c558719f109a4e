"""Helpers for tests that run Celery for real: a Redis broker and a worker thread."""

import time

from greencustoms.celery_app import app
from tests.support.workers import TEST_REDIS_URL

# TEST_CELERY_BROKER_URL, moved to the xdist worker's own database (tests/support/workers.py).
TEST_BROKER_URL = TEST_REDIS_URL


def use_broker(url):
    """Point the Celery app at another broker, dropping connections made to the previous one."""
    from kombu import pools

    app.conf.broker_url = url
    pools.reset()  # kombu keeps connection pools in a process-wide registry
    # Celery caches the pool per app too; these are the attributes its own after-fork hook resets.
    app._pool = None
    app.amqp._producer_pool = None


def running_worker():
    """A real Celery worker consuming from the app's broker, in a thread of this process."""
    from celery.contrib.testing.worker import start_worker

    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


def wait_for(condition, timeout=20.0, interval=0.05):
    """Poll until `condition()` is true (a worker runs in the background); fails the test on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {condition.__doc__ or condition}")
