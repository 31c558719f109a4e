"""Production settings: safe by default, and a plain sentence when something required is missing."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.support.workers import TEST_CACHE_URL

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    # Start from this environment minus what the portal reads, so each test states exactly what it sets.
    inherited = (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CACHE_URL",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "PASSPORT_ENCRYPTION_KEYS",
    )
    environment = {key: value for key, value in os.environ.items() if key not in inherited}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="workshops.example.org",
        CACHE_URL=TEST_CACHE_URL,
        PASSPORT_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_would_fail_the_deployment_check():
    # The check above is meaningful: the try-out settings are not deployable.
    result = manage("check", "--deploy", "--fail-level", "WARNING", PORTAL_ENV="development")
    assert result.returncode != 0


def test_missing_secret_in_production_is_a_sentence_not_a_traceback():
    result = manage("check", PORTAL_ENV="production", ALLOWED_HOSTS="workshops.example.org")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when PORTAL_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_to_start_without_a_shared_cache_for_the_rate_limits():
    result = manage(
        "check", PORTAL_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="workshops.example.org"
    )
    assert result.returncode == 1
    assert "CACHE_URL must be set when PORTAL_ENV=production" in result.stderr


def test_unknown_environment_name_is_refused():
    result = manage("check", PORTAL_ENV="staging")
    assert result.returncode == 1
    assert "PORTAL_ENV must be" in result.stderr


@pytest.mark.django_db
def test_static_files_are_served_by_the_wsgi_application_itself_in_development(client):
    # The test client calls the WSGI application as gunicorn would, without runserver's static handler.
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert b"--gc-green" in b"".join(response.streaming_content)


def test_make_run_tells_the_portal_the_address_it_serves_on():
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:8012"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    # The emails seeding sends follow HOST too, not only those the server sends.
    assert "SITE_URL=http://0.0.0.0:8012 .venv/bin/python manage.py seed_demo" in dry_run.stdout
    assert "SITE_URL=http://0.0.0.0:8012 .venv/bin/python manage.py runserver 0.0.0.0:8012" in dry_run.stdout
    chosen = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:8012"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "SITE_URL": "https://workshops.example.org"},
    )
    assert "SITE_URL=https://workshops.example.org .venv/bin/python manage.py seed_demo" in chosen.stdout


def production(**env):
    required = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "workshops.example.org",
        "CACHE_URL": TEST_CACHE_URL,
    }
    return manage("check", PORTAL_ENV="production", **{**required, **env})


def test_production_refuses_to_start_without_the_passport_encryption_keys():
    result = production()
    assert result.returncode == 1
    assert "PASSPORT_ENCRYPTION_KEYS must be set when PORTAL_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


# A fixed key: generated ones would name the cases differently in each xdist worker.
VALID_KEY = "q0vTKBYv_eZ3y2dRh8bq4uV8c1yKZr3uU9qF2m3r3Kc="


@pytest.mark.parametrize("keys", ["not-a-key", f"{VALID_KEY},short", ""], ids=["not-a-key", "one-bad", "empty"])
def test_a_passport_encryption_key_that_is_no_fernet_key_is_a_sentence_not_a_traceback(keys):
    result = production(PASSPORT_ENCRYPTION_KEYS=keys)
    assert result.returncode == 1
    assert "PASSPORT_ENCRYPTION_KEYS" in result.stderr and "Traceback" not in result.stderr


def test_rotated_keys_newest_first_are_accepted():
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    result = production(PASSPORT_ENCRYPTION_KEYS=keys)
    assert result.returncode == 0, result.stderr
