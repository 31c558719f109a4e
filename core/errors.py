"""The one base of every refusal a domain rule gives."""


class DomainError(Exception):
    """A rule refused the operation and nothing was written; `message` is written for the person who asked.

    Doors (views, admin actions, commands) show `message` as it is; each app derives its own kind so a
    door catches only the refusals of the operation it called.

    A refusal of what was typed into a form's fields names them: `fields` maps a field's name to its message or
    list of messages ("__all__", Django's NON_FIELD_ERRORS, for the whole form), which a door shows beside each
    field (`message_dict`, every field's list of messages); `message` then says them all in one line.
    """

    def __init__(self, message=None, *, fields=None):
        self.message_dict = {
            name: list(texts) if isinstance(texts, list | tuple) else [texts] for name, texts in (fields or {}).items()
        }
        if message is None:
            message = " ".join(str(text) for texts in self.message_dict.values() for text in texts)
        super().__init__(message)
        self.message = message
