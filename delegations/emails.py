"""The emails of delegations, written to the outbox in the transaction that decided them.

Each names its event in a dedup key, so pressing a button twice or a sweep running twice mails nothing new.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import queue_email, render_email


def delegation_url(workshop):
    return f"{settings.SITE_URL}{reverse('delegations:workshop', kwargs={'slug': workshop.slug})}"


def queue_delegation_email(*, to_email, template, workshop, dedup_key, **context):
    """Queue templates/emails/<template>.* about `workshop`, its times on the workshop's clock."""
    context = {
        "workshop": workshop,
        "delegation_url": delegation_url(workshop),
        "delegations_url": f"{settings.SITE_URL}{reverse('delegations:home')}",
        "site_url": settings.SITE_URL,
        **context,
    }
    with timezone.override(workshop.tzinfo):
        subject, body_text, body_html = render_email(template=template, context=context)
    return queue_email(
        to_email=to_email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        kind=OutgoingEmail.Kind.DELEGATION,
        dedup_key=dedup_key,
    )


def written_keys(keys):
    """Those of `keys` the outbox holds already."""
    return set(OutgoingEmail.objects.filter(dedup_key__in=list(keys)).values_list("dedup_key", flat=True))
