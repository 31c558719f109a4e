"""A real SMTP server on localhost (aiosmtpd) that records what it receives and can refuse on demand."""

import asyncio
import email
import socket
import threading
from contextlib import closing, contextmanager

from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage

from tests.support.workers import PORT_RANGE

# This worktree's port range for test servers; the first free port is taken. Two suites running side by side
# on one machine (two worktrees) each set TEST_PORT_BASE to keep out of each other's way, and each xdist worker
# takes its own 20 ports from there (tests/support/workers.py).


def free_port():
    for port in PORT_RANGE:
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORT_RANGE}")


@contextmanager
def refusing_port():
    """A local port that refuses every connection while the block runs.

    The socket is bound (by the system, outside the range above) and never listens: connecting gets
    "connection refused", and no server can take the port between choosing it and using it, as it
    could take a port that was merely free when probed.
    """
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


# The longest a held reply waits for its release: a test that failed before releasing it still ends.
HOLD_LIMIT_SECONDS = 120


class RecordingHandler:
    """Accepts every message unless `refusals` holds replies (such as "421 ...") to give first, or
    `refused_recipients` a reply to give an address (each time, or `times` times). `sessions` holds one
    entry per SMTP connection that reached RCPT. With `hold_at` set, the reply to that message (counted from 1 among
    those accepted) waits until `released` is set: the message is recorded, then `held` is set."""

    def __init__(self):
        self.messages = []
        self.refusals = []
        self.refused_recipients = {}
        self.sessions = []
        self.data_commands = 0
        self.hold_at = None
        self.held = threading.Event()
        self.released = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not any(seen is session for seen in self.sessions):
            self.sessions.append(session)
        if address in self.refused_recipients:
            reply, times = self.refused_recipients[address]
            if times is None or times > 0:
                self.refused_recipients[address] = (reply, None if times is None else times - 1)
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.refusals:
            return self.refusals.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content))
        if len(self.messages) == self.hold_at:
            self.held.set()
            # Waited for in a thread of the loop's, so that the server goes on serving other connections meanwhile.
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait, HOLD_LIMIT_SECONDS)
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.handler.messages

    def refuse_next(self, *replies):
        self.handler.refusals.extend(replies)

    def refuse_recipient(self, address, reply, *, times=None):
        self.handler.refused_recipients[address] = (reply, times)

    def hold_reply_to(self, number):
        """Accept the `number`th message (from 1) but keep its reply until release_reply(): the worst moment for the
        client, whose message the server has taken while it has not heard so. Returns the event set once held."""
        self.handler.hold_at = number
        return self.handler.held

    def release_reply(self):
        self.handler.released.set()

    @property
    def connections(self):
        return len(self.handler.sessions)

    def settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }


def attached_files(message):
    """The files attached to a message as its recipient gets them, [(filename, content, mimetype)], text decoded: read
    from the bytes a Django email is written out as for SMTP, or from a message the server received."""
    if isinstance(message, EmailMessage):
        message = email.message_from_bytes(message.message().as_bytes(linesep="\r\n"))
    return [
        (part.get_filename(), decoded(part), part.get_content_type())
        for part in message.walk()
        if part.get_content_disposition() == "attachment"
    ]


def decoded(part):
    content = part.get_payload(decode=True)
    return content.decode(part.get_content_charset() or "utf-8") if part.get_content_maintype() == "text" else content


def text_body(message):
    """The text/plain part of a received message, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return decoded(part)
    raise AssertionError("No text/plain part")


@contextmanager
def silent_port():
    """A local port that accepts connections and never answers while the block runs: a stalled server."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes the handshakes; nobody ever reads or writes
        yield listener.getsockname()[1]
