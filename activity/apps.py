from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("Activity log")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from . import privacy  # noqa: F401
