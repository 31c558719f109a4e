from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        from workshops.versions import connect_receivers

        from . import (
            privacy,  # noqa: F401
            versions,
        )

        # Every save and delete of a row a workshop page shows raises that workshop's version (versions.py).
        connect_receivers(versions.RECEIVERS)
        # The admin pages of users, workshops and organisations reach participants (a deleted user's registrations,
        # a workshop's seats, an organisation's people): they live in this app, above those, and register here.
        # Imported once the apps are loaded: outbox.delivery reaches models, which AppConfig modules may not
        # import while Django is still reading INSTALLED_APPS.
        from outbox.delivery import forget_after_sending

        from . import admin_pages  # noqa: F401
        from .invitations import reissue_failed_link

        # Invitation tokens are stored only as digests; the outbox must not keep the links it mailed, nor those
        # it failed to mail (they would work until the invitation expires): a retry writes the link in again.
        forget_after_sending(r"(?<=/invitations/)[A-Za-z0-9_-]{20,}(?=/)", reissue=reissue_failed_link)
