from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "travel"
    verbose_name = _("Travel")

    def ready(self):
        # Registers this app's personal data (core.personal_data): the export, deletion and the files' retention.
        from . import privacy  # noqa: F401
