from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # allauth's own app is labelled "Accounts" too (its email addresses); ours holds the portal's users.
    verbose_name = _("Users")

    def ready(self):
        # Registers this app's personal data (core.personal_data): what the export lists and deletion erases.
        # Imported once the apps are loaded: outbox.delivery reaches models, which AppConfig modules may not
        # import while Django is still reading INSTALLED_APPS.
        from outbox.delivery import forget_after_sending

        from . import privacy  # noqa: F401

        # allauth's email links are keys to an account (verify the address, set a new password) for days;
        # like invitation links they must not outlive the sending in the outbox, which admins can read.
        forget_after_sending(r"(?<=/confirm-email/)[-:\w]+(?=/)")
        forget_after_sending(r"(?<=/password/reset/key/)[0-9A-Za-z]+-[^/\s]+(?=/)")
