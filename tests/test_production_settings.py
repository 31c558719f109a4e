import os
import subprocess
import sys

from django.conf import settings


def load_settings(**environment):
    clean = {key: value for key, value in os.environ.items() if key not in {"CACHE_URL", "PORTAL_ENV"}}
    return subprocess.run(
        [sys.executable, "-c", "import greencustoms.settings"],
        cwd=settings.BASE_DIR,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_shared_cache_for_the_rate_limits():
    production = {"PORTAL_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.org"}
    refused = load_settings(**production)
    assert refused.returncode == 1
    assert "CACHE_URL must be set when PORTAL_ENV=production" in refused.stderr
    assert load_settings(**production, CACHE_URL="rediscache://127.0.0.1:6379/1").returncode == 0
