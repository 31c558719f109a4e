from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from workshops.versions import connect_receivers

        from . import versions

        # Every save and delete of a row a workshop page shows raises that workshop's version (versions.py).
        connect_receivers(versions.RECEIVERS)
