"""The one base of every refusal a domain rule gives."""


class DomainError(Exception):
    """A rule refused the operation and nothing was written; `message` is written for the person who asked.

    Doors (views, admin actions, commands) show `message` as it is; each app derives its own kind so a
    door catches only the refusals of the operation it called.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message
