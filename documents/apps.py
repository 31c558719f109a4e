from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from . import privacy  # noqa: F401
