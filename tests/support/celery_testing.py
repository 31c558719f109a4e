"""Helpers for tests that run Celery for real: a Redis broker, a worker thread, a worker process."""

import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

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


CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """A Celery worker started by running_worker_process; `output` is what it printed so far."""

    def __init__(self, process, output):
        self.process = process
        self.log = output

    @property
    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:] or "(nothing)"

    def kill(self):
        """SIGKILL: the worker dies at once, in whatever it was doing, as when its machine or container goes."""
        self.process.kill()
        self.process.wait(10)


@contextmanager
def running_worker_process(*, env):
    """A real Celery worker in a process of its own, as `celery -A greencustoms worker` runs it in production, with
    the solo pool: the tasks run in that very process, so killing it kills the task under way. `env` names its database
    (the test database), broker and mail server. It stops at the end of the block, if a test has not killed it."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [str(CELERY), "--app", "greencustoms", "worker", "--pool=solo", "--loglevel=info"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield WorkerProcess(process, output)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)


def wait_for(condition, timeout=20.0, interval=0.05):
    """Poll until `condition()` is true (a worker runs in the background); fails the test on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {condition.__doc__ or condition}")
