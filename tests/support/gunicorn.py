"""gunicorn serving the portal in a process of its own, as the Procfile runs it, for the tests that need a real one."""

import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
STARTUP_SECONDS = 30
WORKER_DIED = "] Worker (pid:"  # "[ERROR] Worker (pid:123) exited with code 1."; the [INFO] lines say "(pid: 123)"


@dataclass
class Answer:
    status: int
    headers: object


@dataclass
class Server:
    url: str
    first_answer: Answer


@contextmanager
def running_gunicorn(*, env=None, first_path="/"):
    """gunicorn on a free port of this worker's range; yields a Server once `first_path` got an answer below 500."""
    port = free_port()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            # gunicorn.conf.py (read from cwd) opens no control socket, so parallel servers do not share one.
            [str(GUNICORN), "greencustoms.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            yield Server(url, wait_until_serving(process, f"{url}{first_path}", output))
        finally:
            process.terminate()
            process.wait(10)


def wait_until_serving(process, url, output, timeout=STARTUP_SECONDS):
    """The first answer to `url` once gunicorn listens. Fails the test at once when gunicorn exits, when its worker
    dies (a worker that exits while loading the portal is started again and again, the master living on), or when
    it answers with a server error, with what it printed; retries only while nothing listens yet."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited (status {process.returncode}) before answering {url}:\n{printed(output)}")
        if WORKER_DIED in printed(output):
            pytest.fail(f"gunicorn's worker exited before answering {url}:\n{printed(output)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own server)
                return Answer(response.status, response.headers)
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                pytest.fail(f"gunicorn answered {url} with {error.code} {error.reason}:\n{printed(output)}")
            return Answer(error.code, error.headers)
        except OSError as error:  # refused or timed out: not listening yet
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer {url} within {timeout} s ({error}):\n{printed(output)}")
            time.sleep(0.2)


def printed(output, limit=4000):
    """The end of what the server wrote to stdout and stderr so far."""
    output.seek(0)
    text = output.read().decode(errors="replace")
    return text[-limit:] or "(nothing)"
