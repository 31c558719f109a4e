"""Hardening 12: the production web server (gunicorn, as the Procfile runs it) does not name itself."""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_answers_without_naming_itself():
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "greencustoms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)  # noqa: S310
            except urllib.error.HTTPError as error:
                response = error
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert response.status == 404
        assert "gunicorn" not in response.headers.get("Server", "").lower()
    finally:
        server.terminate()
        server.wait(10)
