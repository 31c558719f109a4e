from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Email outbox")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        # Importing the module registers its system check; it reaches the Celery settings, read once Django is set up.
        from . import (
            checks,  # noqa: F401
            privacy,  # noqa: F401
        )
