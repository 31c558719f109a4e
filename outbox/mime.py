"""Outbox messages as MIME, made and written out for a delivery run of thousands of them.

A reminder is mostly the same in every message of a run: its programme (.ics), its subject and sender, the
headers of its parts. The email package works all of that out again for each message, line by line and header by
header in Python, which cost more than the SMTP exchange; here it is worked out once and copied. What goes on the
wire is the same, byte for byte, as what Django and the email package write.
"""

import functools
import secrets
from email.generator import BytesGenerator
from email.mime.multipart import MIMEMultipart
from email.policy import Compat32, compat32
from io import BytesIO

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart, forbid_multi_line_headers


def shared_part(filename, content, mimetype):
    """The MIME part Django makes of the attachment (filename, content, mimetype), for the many messages of a delivery
    run that carry it alike: SharedPartsWriter writes it out once per line separator and copies that into each."""
    (part,) = EmailMessage(attachments=[(filename, content, mimetype)]).message().get_payload()
    part.written_out = {}
    return part


class SharedPartsWriter(BytesGenerator):
    """Writes a message out as BytesGenerator does, but copies each shared part (shared_part) as it was written the
    first time. Writing a part out goes line by line in Python, and a programme is most of the lines of a reminder."""

    def flatten(self, msg, unixfrom=False, linesep=None):
        written_out = getattr(msg, "written_out", None)
        if written_out is None:
            super().flatten(msg, unixfrom=unixfrom, linesep=linesep)
            return
        if linesep not in written_out:
            buffer = BytesIO()
            # Written with this writer's policy, which is always OutboxMIME's: only the line separator (CRLF for
            # SMTP, LF for the console) can differ from one message to another.
            BytesGenerator(buffer, mangle_from_=False, policy=self.policy).flatten(msg, linesep=linesep)
            written_out[linesep] = buffer.getvalue().decode("ascii", "surrogateescape")
        self.write(written_out[linesep])


@functools.lru_cache(maxsize=256)
def folded_header(linesep, max_line_length, cte_type, name, value):
    return compat32.clone(linesep=linesep, max_line_length=max_line_length, cte_type=cte_type).fold_binary(name, value)


class FoldingOnce(Compat32):
    """Django's policy (compat32), remembering how it folded the latest header values: most are alike in every message
    of a run (MIME-Version, the parts' Content-Type, Subject, From), and folding one runs the Header machinery."""

    def fold_binary(self, name, value):
        if not isinstance(value, str):  # a Header object, which cannot be a key; Django sets none
            return super().fold_binary(name, value)
        return folded_header(self.linesep, self.max_line_length, self.cte_type, name, value)


FOLDING_ONCE = FoldingOnce()


@functools.lru_cache(maxsize=256)
def checked_header(name, value, encoding):
    """Django's check and encoding of a header; a non-ASCII subject costs about as much as the rest of the message."""
    return forbid_multi_line_headers(name, value, encoding)


class OutboxMIME(SafeMIMEMultipart):
    """The MIME message Django makes of an OutboxMessage with parts, with its headers encoded once per value and
    written out by SharedPartsWriter."""

    def __setitem__(self, name, val):
        name, val = checked_header(name, str(val), self.encoding)
        MIMEMultipart.__setitem__(self, name, val)

    def as_bytes(self, unixfrom=False, linesep="\n"):
        buffer = BytesIO()
        SharedPartsWriter(buffer, mangle_from_=False, policy=FOLDING_ONCE).flatten(
            self, unixfrom=unixfrom, linesep=linesep
        )
        return buffer.getvalue()


class OutboxMessage(EmailMultiAlternatives):
    """An email whose MIME boundaries are chosen when it is made: 128 random bits no text can hold but by a chance
    of 2**-128. Left to the standard library, each boundary is checked against the whole flattened message with a
    regular expression compiled afresh, which cost more than any other step of building a message with a programme.
    """

    def _create_message(self, msg):
        message = super()._create_message(msg)
        if isinstance(message, SafeMIMEMultipart):
            # The message as Django made it; only how its headers are set and how it is written out change, before
            # Django sets the subject and the sender.
            message.__class__ = OutboxMIME
        return message

    def message(self):
        message = super().message()
        for part in message.walk():
            if part.is_multipart():
                part.set_boundary(f"==============={secrets.token_hex(16)}==")
        return message
