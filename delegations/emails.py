"""The emails of delegations, written to the outbox in the transaction that decided them.

Each names its event in a dedup key, so pressing a button twice or a sweep running twice mails nothing new.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.selectors import accounts_by_address
from core.languages import recipient_language
from outbox.models import OutgoingEmail
from outbox.services import queue_email, render_email


def delegation_url(workshop):
    return f"{settings.SITE_URL}{reverse('delegations:workshop', kwargs={'slug': workshop.slug})}"


def queue_delegation_emails(*, recipients, template, workshop, chosen_language_by=None, **context):
    """Queue templates/emails/<template>.* about `workshop` to each (address, dedup key) of `recipients`.

    Times are on the workshop's clock; each email is in its recipient's language (core.languages.recipient_language:
    their account's, else the one `chosen_language_by` (a nominee's nomination) chose, else the workshop's),
    rendered once per language. Returns the outbox rows.
    """
    context = {
        "workshop": workshop,
        "delegation_url": delegation_url(workshop),
        "delegations_url": f"{settings.SITE_URL}{reverse('delegations:home')}",
        "site_url": settings.SITE_URL,
        **context,
    }
    accounts = accounts_by_address(address for address, _key in recipients)
    groups = {}
    for address, dedup_key in recipients:
        language = recipient_language(
            user=accounts.get(address.lower()), invitation=chosen_language_by, workshop=workshop
        )
        groups.setdefault(language, []).append((address, dedup_key))
    emails = []
    for language, group in groups.items():
        with timezone.override(workshop.tzinfo), translation.override(language):
            subject, body_text, body_html = render_email(template=template, context=context, language=language)
            emails += [
                queue_email(
                    to_email=address,
                    subject=subject,
                    body_text=body_text,
                    body_html=body_html,
                    kind=OutgoingEmail.Kind.DELEGATION,
                    dedup_key=dedup_key,
                )
                for address, dedup_key in group
            ]
    return emails


def written_keys(keys):
    """Those of `keys` the outbox holds already."""
    return set(OutgoingEmail.objects.filter(dedup_key__in=list(keys)).values_list("dedup_key", flat=True))
