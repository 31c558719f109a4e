"""The page a survey's email link opens: the survey's questions for the one person the link names (it is signed, so
it needs no login), on a phone as on a desk. What the rules refuse (not attended, not open yet, closed, answered
already) is said on the page, and nothing is written."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from outcomes import surveys as services
from outcomes.models import Survey, SurveyRecipient
from participants.models import Registration
from questions.engine import AnswerForm, Respondent, questions_of


def respondent(registration):
    """The person as the questions' conditions see them (the kind of their organisation)."""
    organisation = registration.participant.organisation
    return Respondent(organisation_kind=organisation.kind if organisation else None)


def refusal_of(survey, registration, now):
    refusal = services.answer_refusal(survey, registration, now)
    if refusal is None and SurveyRecipient.objects.filter(survey=survey, registration=registration, answered=True):
        refusal = _("You have already answered this survey: each person answers once. Thank you!")
    return refusal


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request, token):
    found = services.read_link(token)
    survey = registration = None
    if found:
        survey = Survey.objects.select_related("workshop").filter(pk=found[0]).first()
        registration = (
            Registration.objects.select_related("participant__organisation")
            .filter(pk=found[1], workshop_id=survey.workshop_id if survey else None)
            .first()
        )
    if survey is None or registration is None:
        return render(request, "website/survey.html", {"unknown": True}, status=404)
    now = timezone.now()
    context = {"survey": survey, "workshop": survey.workshop}
    refusal = refusal_of(survey, registration, now)
    if refusal:
        return render(request, "website/survey.html", {**context, "refusal": refusal}, status=403)
    form = AnswerForm(
        request.POST or None, questions=questions_of(survey.questionnaire_id), respondent=respondent(registration)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(
                survey_id=survey.pk, registration_id=registration.pk, answers=form.answers(), now=now
            )
        except services.SurveyError as error:
            return render(request, "website/survey.html", {**context, "refusal": error.message}, status=403)
        return render(request, "website/survey.html", {**context, "thanked": True})
    return render(
        request, "website/survey.html", {**context, "answer_form": form, "participant": registration.participant}
    )
