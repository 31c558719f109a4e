from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions", so this app is "programme".
    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")
