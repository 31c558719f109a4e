from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Workshop documents")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from workshops.versions import connect_receivers

        from . import (
            privacy,  # noqa: F401
            versions,
        )

        # Every save and delete of a document raises its workshop's content version (versions.py).
        connect_receivers(versions.RECEIVERS)
