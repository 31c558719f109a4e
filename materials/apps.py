from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Workshop documents")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from questions.engine import check_files_with
        from workshops.versions import connect_receivers

        from . import (
            privacy,  # noqa: F401
            uploads,
            versions,
        )

        # A question's file answer is judged by the checks of the workshop's documents.
        check_files_with(uploads.checked_pdf_or_image)

        # Every save and delete of a document raises its workshop's content version (versions.py).
        connect_receivers(versions.RECEIVERS)
