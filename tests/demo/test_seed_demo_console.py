"""What `make run` prints: seeding under the development settings is a screenful that ends with the demo accounts,
each email one line naming the file that holds it, its links following SITE_URL (which `make run` sets from HOST)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from demo import data as demo_data
from greencustoms.mail import OneLineConsoleBackend

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = (
    demo_data.ADMIN_ACCOUNT,
    demo_data.SECRETARIAT_ACCOUNT,
    demo_data.ORGANISER_ACCOUNT,
    demo_data.PARTICIPANT_ACCOUNT,
    demo_data.FOCAL_POINT_ACCOUNT,
)


def development(*args, tmp_path):
    """manage.py as `make run` runs it: development settings, no broker (tasks in the process), no EMAIL_URL."""
    left_out = ("PORTAL_ENV", "DEBUG", "EMAIL_URL", "CELERY_BROKER_URL", "CACHE_URL", "LOG_LEVEL", "SITE_URL")
    environment = {key: value for key, value in os.environ.items() if key not in left_out}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", SITE_URL="http://192.0.2.10:8080")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )


def test_seed_demo_prints_a_screenful_ending_with_the_accounts_and_one_line_per_email(tmp_path):
    assert development("migrate", "--noinput", "--verbosity", "0", tmp_path=tmp_path).returncode == 0
    result = development("seed_demo", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) <= 40, result.stdout
    assert "Content-Transfer-Encoding" not in result.stdout and "base64" not in result.stdout

    # The accounts come last, framed by a rule above and below.
    assert lines[-1] == "=" * 78
    last_block = lines[lines.index("=" * 78) :]
    for account in ACCOUNTS:
        assert any(line.strip() == f"{account['email']} / {account['password']}" for line in last_block)
    assert "Sign in at http://192.0.2.10:8080/accounts/login/" in last_block

    # Seeding mails the demo participant their visa letter, and the participants in Amman their confirmations: one
    # line each, and the whole message in the file it names.
    email_lines = [line for line in lines if line.startswith("Email to ")]
    paths = [ROOT / re.search(r"→ (\S+\.eml)$", line).group(1) for line in email_lines]
    messages = [path.read_text() for path in paths]
    for path in paths:
        path.unlink()
    recipients = sorted(line.removeprefix("Email to ").split(":")[0] for line in email_lines)
    assert recipients == sorted(
        [
            "participant@example.org",
            *(
                f"{mailbox}@{country.lower()}.customs.example"
                for _name, mailbox, country, *_rest in demo_data.MENA_PARTICIPANTS
            ),
        ]
    )
    (visa_line,) = [line for line in email_lines if line.startswith("Email to participant@example.org: ")]
    assert visa_line.startswith("Email to participant@example.org: “Your visa support letter: ")
    assert all(
        "http://192.0.2.10:8080/workshops/" in message and "127.0.0.1:8000" not in message for message in messages
    )


@pytest.mark.django_db
def test_the_development_backend_writes_each_message_whole_and_prints_one_line(settings, tmp_path):
    settings.EMAIL_FILE_PATH = tmp_path
    console = []

    class Stream:
        def write(self, text):
            console.append(text)

        def flush(self):
            pass

    message = mail.EmailMultiAlternatives(
        subject="Nomination of KIM Seo-yeon approved", body="Read it here", to=["focal@customs.example"]
    )
    message.attach("letter.pdf", b"%PDF-1.7 " * 500, "application/pdf")
    assert OneLineConsoleBackend(stream=Stream()).send_messages([message]) == 1

    (line,) = "".join(console).splitlines()
    (path,) = tmp_path.iterdir()
    assert line == f"Email to focal@customs.example: “Nomination of KIM Seo-yeon approved” → {path}"
    assert "Read it here" in path.read_text() and "letter.pdf" in path.read_text()
