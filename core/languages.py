"""Which language the portal writes to a person in: one rule for every email it sends."""

from django.conf import settings


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def recipient_language(*, user=None, invitation=None, workshop=None, default=None):
    """The person's own language, else their invitation's, else the workshop's default, else `default`, else
    LANGUAGE_CODE. `user` may be anonymous or None, `invitation` and `workshop` None.

    A code that settings.LANGUAGES no longer offers (a language withdrawn) is passed over, like an empty one.
    """
    offered = language_codes()
    candidates = (
        getattr(user, "language", ""),
        getattr(invitation, "language", ""),
        getattr(workshop, "default_language", ""),
        default,
    )
    return next((code for code in candidates if code in offered), settings.LANGUAGE_CODE)
