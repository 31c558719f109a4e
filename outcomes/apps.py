from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        from workshops.versions import connect_receivers

        from . import versions

        connect_receivers(versions.RECEIVERS)
