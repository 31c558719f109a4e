"""One Celery worker process for the benchmark's background measurements (the outbox, the PDF jobs)."""

import os
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def celery_worker(*, root, name):
    """A worker with the solo pool (one task at a time, as one worker process of production) on the broker of this
    process's settings, answering a ping before the block starts; yields the path of its log. Stopped after."""
    from greencustoms.celery_app import app

    worker_log = Path(tempfile.mkdtemp(prefix="bench-worker-")) / "worker.log"
    hostname = f"bench-{name}@{socket.gethostname()}"
    with open(worker_log, "w") as output:
        worker = subprocess.Popen(
            [root / ".venv" / "bin" / "celery", "--app", "greencustoms", "--quiet", "worker", "--pool=solo"]
            + ["--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"]
            + ["--hostname", hostname],
            cwd=root,
            env=os.environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 300
        while not app.control.ping(destination=[hostname], timeout=1):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start:\n" + worker_log.read_text()[-3000:])
        yield worker_log
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
