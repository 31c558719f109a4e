from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from workshops.versions import connect_receivers

        from . import (
            privacy,  # noqa: F401
            versions,
        )

        # Every save and delete of a row a workshop page shows raises that workshop's version (versions.py).
        connect_receivers(versions.RECEIVERS)
        # The registration questions "only for funded participants" ask those whose nomination was granted funding.
        from participants.answers import find_funding_with

        from .selectors import funded_invitations

        find_funding_with(funded_invitations)
