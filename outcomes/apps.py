from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        from workshops.versions import connect_receivers

        from . import (
            privacy,  # noqa: F401 (registers the surveys' personal data: core.personal_data)
            versions,
        )

        connect_receivers(versions.RECEIVERS)
        # A question answered in a survey keeps its type: the engine asks each app that keeps answers.
        from questions.services import find_answers_with

        from .selectors import answered_questions

        find_answers_with(answered_questions)
