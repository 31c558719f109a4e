from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    # What everyone sees outside the console and admin: the workshops, registering, a person's own pages.
    name = "website"
    verbose_name = _("Website")
