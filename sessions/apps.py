from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions", so this app is "programme".
    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from workshops.versions import connect_receivers

        from . import (
            privacy,  # noqa: F401
            versions,
        )

        # Every save and delete of a row a workshop page shows raises that workshop's version (versions.py).
        connect_receivers(versions.RECEIVERS)
        # Imported once the apps are loaded: outbox.delivery reaches models, which AppConfig modules may not import
        # while Django is still reading INSTALLED_APPS.
        from outbox.delivery import make_programmes_with

        from .calendar import programme_email_attachment

        # The programme is attached to emails when they are sent, from the programme as it is then: the outbox
        # keeps a reference to the workshop instead of a copy of the file in every row.
        make_programmes_with(programme_email_attachment)
