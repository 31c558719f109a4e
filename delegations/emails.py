"""The emails of delegations, written to the outbox in the transaction that decided them.

Each names its event in a dedup key, so pressing a button twice or a sweep running twice mails nothing new.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import accounts_by_address
from core.languages import recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email


def delegation_url(workshop):
    return f"{settings.SITE_URL}{reverse('delegations:workshop', kwargs={'slug': workshop.slug})}"


def delegation_context(workshop, **context):
    return {
        "workshop": workshop,
        "delegation_url": delegation_url(workshop),
        "delegations_url": f"{settings.SITE_URL}{reverse('delegations:home')}",
        "site_url": settings.SITE_URL,
        **context,
    }


def languages_of(addresses, workshop, chosen_language_by=None):
    """{address: language} by core.languages.recipient_language (their account's, else the chosen, else the
    workshop's); one query."""
    accounts = accounts_by_address(addresses)
    return {
        address: recipient_language(
            user=accounts.get(address.lower()), invitation=chosen_language_by, workshop=workshop
        )
        for address in addresses
    }


def queue_delegation_emails(*, recipients, template, workshop, chosen_language_by=None, **context):
    """Queue templates/emails/<template>.* about `workshop` to each (address, dedup key) of `recipients` not mailed
    that event yet.

    Times are on the workshop's clock; each email is in its recipient's language (core.languages.recipient_language:
    their account's, else the one `chosen_language_by` (a nominee's nomination) chose, else the workshop's),
    rendered once per language. Returns the outbox rows written.
    """
    languages = languages_of([address for address, _key in recipients], workshop, chosen_language_by)
    with timezone.override(workshop.tzinfo):
        return queue_bulk_email(
            template=template,
            context=delegation_context(workshop, **context),
            kind=OutgoingEmail.Kind.DELEGATION,
            recipients=(
                BulkRecipient(to_email=address, dedup_key=dedup_key, language=languages[address])
                for address, dedup_key in recipients
            ),
        )


def queue_quota_emails(*, workshop, recipients, closing):
    """The quota email to each (quota, address, dedup key) of `recipients` not mailed that occasion yet, rendered
    once per language with each organisation's figures merged in (outbox.services.queue_bulk_email). Returns the
    outbox rows written."""
    quota_marks = {
        "organisation": {"short_name": merge_mark("organisation")},
        "seats": merge_mark("seats"),
        "funded_seats": merge_mark("funded"),
        "use": {"used": merge_mark("used"), "left": merge_mark("left")},
    }
    languages = languages_of({address for _quota, address, _key in recipients}, workshop)
    with timezone.override(workshop.tzinfo):
        return queue_bulk_email(
            template="delegation_quota",
            context=delegation_context(workshop, quota=quota_marks, closing=closing),
            kind=OutgoingEmail.Kind.DELEGATION,
            recipients=(
                BulkRecipient(
                    to_email=address,
                    dedup_key=dedup_key,
                    language=languages[address],
                    values={
                        "organisation": quota.organisation.short_name,
                        "seats": str(quota.seats),
                        "funded": str(quota.funded_seats),
                        "used": str(quota.use.used),
                        "left": str(quota.use.left),
                    },
                )
                for quota, address, dedup_key in recipients
            ),
        )
