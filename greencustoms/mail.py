"""The development mail backend: one line per email on the console, the whole message in a file.

Django's console backend prints every message whole (a visa letter's PDF in base64 is hundreds of lines), which
buries what a person trying the portal needs: who was mailed, about what, and where to read it (the links in it
are the ones to follow). Built on Django's documented hook for a custom backend, `BaseEmailBackend`.
"""

import sys
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class OneLineConsoleBackend(BaseEmailBackend):
    """Writes each message to settings.EMAIL_FILE_PATH as an .eml file and prints one line naming it."""

    def __init__(self, *, fail_silently=False, stream=None, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.stream = stream or sys.stdout
        self.folder = Path(settings.EMAIL_FILE_PATH)
        self.lock = threading.RLock()

    def send_messages(self, email_messages):
        with self.lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                path = self.folder / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
                path.write_bytes(message.message().as_bytes(linesep="\n"))
                subject = " ".join(str(message.subject).split())
                self.stream.write(f"Email to {', '.join(message.recipients())}: “{subject}” → {shown(path)}\n")
            self.stream.flush()
        return len(email_messages)


def shown(path):
    """The file's path from the current folder when it lies below it (var/mail/…), else in full."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
