from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Email outbox")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
