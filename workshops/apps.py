from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from . import versions

        # Every save and delete of a row a workshop page shows raises that workshop's version (versions.py).
        versions.connect_receivers(versions.RECEIVERS)
        # Within a request, a version is raised once per transaction however many rows it saves.
        versions.connect_requests()
