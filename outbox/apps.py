from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Email outbox")

    def ready(self):
        # Importing the module registers its system check; it reaches the Celery settings, read once Django is set up.
        from . import checks  # noqa: F401
