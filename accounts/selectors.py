"""Reads about accounts that other apps need."""

from django.db.models.functions import Lower

from .models import User


def accounts_by_address(addresses):
    """{lower-cased address: account} of the accounts holding these addresses, with their language (one query)."""
    lowered = {address.lower() for address in addresses}
    if not lowered:
        return {}
    accounts = User.objects.annotate(address=Lower("email")).filter(address__in=lowered).only("email", "language")
    return {account.address: account for account in accounts}
