"""The personal data of the surveys (core.personal_data): whom a survey was sent to and whether they answered. An
anonymous survey's answers name no one, so they are nobody's data; a named survey's are the person's, linked
through their recipient row only, which deleting the account deletes (the answers then stay, anonymous)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalData, register

from .models import SurveyRecipient, SurveyResponse

register(
    PersonalData(
        section="surveys_sent",
        title=_("Surveys sent to you"),
        model="outcomes.SurveyRecipient",
        rows=lambda person: SurveyRecipient.objects.filter(registration__participant__user_id=person.user_id),
        fields=("sent_at", "reminded_at", "answered"),
        erased=None,
        related=("survey__workshop",),
        details=lambda recipient: {
            "workshop": recipient.survey.workshop.title,
            "survey": str(recipient.survey.get_purpose_display()),
        },
    )
)

register(
    PersonalData(
        section="named_survey_answers",
        title=_("Your answers to named surveys"),
        model="outcomes.SurveyResponse",
        rows=lambda person: SurveyResponse.objects.filter(recipient__registration__participant__user_id=person.user_id),
        # The export shows them (details); deleting the account keeps them for the workshop's results, unlinked:
        # the recipient row, the one link to the person, is deleted with it.
        fields=(),
        erased={},
        related=("survey__workshop",),
        details=lambda response: {
            "workshop": response.survey.workshop.title,
            "answered_on": response.answered_on.isoformat(),
            "answers": response.answers,
        },
    )
)
