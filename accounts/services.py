"""Changes to a person's account that are the portal's own (allauth keeps the rest)."""

from django.db import transaction

from core.languages import language_codes

from .models import User


def set_user_language(*, user_id, language):
    """Keep `language` as the person's language: of the portal when they log in, and of every email to them.

    A code the portal does not offer is ignored, as Django's language switch ignores it.
    """
    if language not in language_codes():
        return False
    with transaction.atomic():
        return bool(User.objects.filter(pk=user_id).update(language=language))
