"""Outbox messages as MIME, made with Django's email API for a delivery run of thousands of them.

A reminder's programme (.ics) is the same in every message of a run about its workshop in its language: it is made
into its MIME part once (shared_part) and that part is attached to each message as it is (EmailMessage.attach takes
a MIME part). Everything else is Django's own: the message, its headers and how it is written out.
"""

import secrets

from django.core.mail import EmailMessage, EmailMultiAlternatives


def shared_part(filename, content, mimetype):
    """The MIME part Django makes of the attachment (filename, content, mimetype), made once for the many messages of
    a delivery run that carry it alike: EmailMessage.attach(part) puts it in each as it is. Writing a message out
    never changes its parts, so one part serves them all."""
    (part,) = EmailMessage(attachments=[(filename, content, mimetype)]).message().get_payload()
    return part


class OutboxMessage(EmailMultiAlternatives):
    """An email whose MIME boundaries are chosen when it is made: 128 random bits no text can hold but by a chance
    of 2**-128. Left to the standard library, each boundary is checked against the whole flattened message with a
    regular expression compiled afresh, which cost more than any other step of building a message with a programme.
    """

    def message(self):
        message = super().message()
        for part in message.walk():
            if part.is_multipart():
                part.set_boundary(f"==============={secrets.token_hex(16)}==")
        return message
