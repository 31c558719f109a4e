"""How long to wait before retrying an email, and which failures are worth retrying."""

import random
import re
import smtplib

from django.conf import settings

# Attempts in all, the first one included; a temporary failure on the last one marks the row failed.
MAX_ATTEMPTS = 8
# Backoff: BASE * 2**(attempt-1) seconds, capped, plus up to JITTER of it at random so that a
# crowd of emails failing together does not retry together.
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 900
BACKOFF_JITTER = 0.25
MAX_BACKOFF_SECONDS = BACKOFF_CAP_SECONDS * (1 + BACKOFF_JITTER)
# A row still queued or sending this long after its last change is handed to the workers again.
# It exceeds the longest backoff, so the sweeper never steals a row that is only waiting for its retry.
STALE_AFTER_SECONDS = 1800


def retry_delay(attempt, rng=random):
    """Seconds to wait after failed attempt number `attempt` (1-based)."""
    delay = min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS)
    return delay + rng.uniform(0, delay * BACKOFF_JITTER)


def visibility_timeout():
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


class PermanentFailure(Exception):
    """Trying again cannot help: the server refused the message or the address for good."""


def smtp_codes(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _message in error.recipients.values()]
    if isinstance(error, smtplib.SMTPResponseException):
        return [error.smtp_code]
    return []


def is_permanent(error):
    """SMTP 5xx replies and addresses that cannot be written are permanent; everything else
    (connection refused or dropped, timeouts, 4xx replies) is worth another attempt."""
    if isinstance(error, (PermanentFailure, ValueError, UnicodeError)):
        return True
    codes = smtp_codes(error)
    return bool(codes) and all(500 <= code < 600 for code in codes)


# Patterns of secrets (such as invitation links) that an email must carry but the outbox should not
# keep: once the message is accepted by the SMTP server they are blanked in the stored row. Apps add
# theirs in AppConfig.ready through forget_after_sending().
SECRET_PATTERNS = []
FORGOTTEN = "[removed after sending]"


def forget_after_sending(pattern):
    SECRET_PATTERNS.append(re.compile(pattern))


def without_secrets(text):
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(FORGOTTEN, text)
    return text
