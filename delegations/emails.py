"""The emails of delegations, written to the outbox in the transaction that decided them.

Each names its event in a dedup key, so pressing a button twice or a sweep running twice mails nothing new.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.selectors import accounts_by_address
from core.languages import recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import MergedEmail, deliver_on_commit, queue_email, render_email
from participants.emails import by_language


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
    """Queue templates/emails/<template>.* about `workshop` to each (address, dedup key) of `recipients`.

    Times are on the workshop's clock; each email is in its recipient's language (core.languages.recipient_language:
    their account's, else the one `chosen_language_by` (a nominee's nomination) chose, else the workshop's),
    rendered once per language. Returns the outbox rows.
    """
    context = delegation_context(workshop, **context)
    languages = languages_of([address for address, _key in recipients], workshop, chosen_language_by)
    groups = by_language(recipients, lambda recipient: languages[recipient[0]])
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


def queue_quota_emails(*, workshop, recipients, closing):
    """The quota email to each (quota, address, dedup key) of `recipients`, rendered once per language with each
    organisation's figures merged in (outbox.services.MergedEmail). Returns the outbox rows."""
    quota_marks = {
        "organisation": {"short_name": merge_mark("organisation")},
        "seats": merge_mark("seats"),
        "funded_seats": merge_mark("funded"),
        "use": {"used": merge_mark("used"), "left": merge_mark("left")},
    }
    context = delegation_context(workshop, quota=quota_marks, closing=closing)
    languages = languages_of({address for _quota, address, _key in recipients}, workshop)
    groups = by_language(recipients, lambda recipient: languages[recipient[1]])
    rows = []
    for language, group in groups.items():
        with timezone.override(workshop.tzinfo), translation.override(language):
            merged = MergedEmail(template="delegation_quota", context=context, language=language)
            for quota, address, dedup_key in group:
                rows.append(
                    OutgoingEmail(
                        **merged.row_fields(
                            organisation=quota.organisation.short_name,
                            seats=str(quota.seats),
                            funded=str(quota.funded_seats),
                            used=str(quota.use.used),
                            left=str(quota.use.left),
                        ),
                        to_email=address,
                        kind=OutgoingEmail.Kind.DELEGATION,
                        dedup_key=dedup_key,
                    )
                )
    emails = OutgoingEmail.objects.bulk_create(rows, batch_size=500)
    deliver_on_commit([email.pk for email in emails])
    return emails


def written_keys(keys):
    """Those of `keys` the outbox holds already."""
    return set(OutgoingEmail.objects.filter(dedup_key__in=list(keys)).values_list("dedup_key", flat=True))
