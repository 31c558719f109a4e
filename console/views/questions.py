"""The Questions tab: the workshop's registration questions, built, reordered, archived and previewed as a
participant sees them. The surveys' questions (the Surveys tab) are built on the same pages: each action goes back
to the page of its question's questionnaire."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from console.access import workshop_view
from console.forms import ChoiceForm, QuestionForm
from console.views.workshops import save_with_service
from core.languages import offered_by
from questions import engine, services
from questions.models import Choice, Purpose, Question, Questionnaire


def registration_questionnaire(workshop):
    """The workshop's registration questionnaire; an unsaved one before its first question (a GET writes nothing)."""
    return Questionnaire.objects.filter(workshop=workshop, purpose=Purpose.REGISTRATION).first() or Questionnaire(
        workshop=workshop, purpose=Purpose.REGISTRATION
    )


def questionnaire_url(questionnaire):
    """The page that builds `questionnaire`: the Questions tab for registration, a survey's questions page else."""
    if questionnaire.purpose == Purpose.REGISTRATION:
        return reverse("console:questions", kwargs={"slug": questionnaire.workshop.slug})
    return reverse(
        "console:survey_questions", kwargs={"slug": questionnaire.workshop.slug, "survey_id": questionnaire.survey.pk}
    )


def questions_page(request, workshop, questionnaire, form, *, choice_forms=None):
    questions = engine.questions_of(questionnaire.pk, archived=True)
    by_id = {question.pk: question for question in questions}
    answered = services.answered(by_id)
    rows = [
        {
            "question": question,
            "condition": by_id.get(question.condition_question_id),
            "condition_answer": (
                engine.condition_text(by_id[question.condition_question_id], question.condition_value)
                if question.condition_question_id in by_id
                else ""
            ),
            "answered": question.pk in answered,
            "choice_form": (choice_forms or {}).get(question.pk)
            or ChoiceForm(prefix=f"choice-{question.pk}", languages=offered_by(workshop)),
        }
        for question in questions
    ]
    return render(
        request,
        "console/questions.html",
        {
            "workshop": workshop,
            "section": "questions" if questionnaire.purpose == Purpose.REGISTRATION else "surveys",
            "questionnaire": questionnaire,
            "questions_url": questionnaire_url(questionnaire),
            "rows": [row for row in rows if not row["question"].is_archived],
            "archived": [row for row in rows if row["question"].is_archived],
            "form": form,
            "preview": engine.preview_questions(questions),
        },
    )


@workshop_view()
@require_http_methods(["GET", "HEAD", "POST"])
def questions(request, workshop):
    """GET lists the questions, a form to add one and the preview; POST adds a question."""
    return questionnaire_page(request, workshop, registration_questionnaire(workshop))


def questionnaire_page(request, workshop, questionnaire):
    """The page that lists a questionnaire's questions with a form to add one and the preview (GET), and adds one
    (POST): the Questions tab's, and each survey's."""
    form = QuestionForm(request.POST or None, questionnaire=questionnaire, languages=offered_by(workshop))
    if request.method == "POST":
        added = save_with_service(
            request,
            form,
            lambda fields: services.add_question(
                # The registration questionnaire is made with its first question.
                questionnaire_id=questionnaire.pk or services.questionnaire_for(workshop_id=workshop.pk).pk,
                kind=fields["kind"],
                key=fields["key"],
                fields=form.question_fields(),
                choices=fields["choices"],
                actor=request.user,
            ),
            refused=services.QuestionError,
        )
        if added:
            messages.success(request, _("The question “%(question)s” is added.") % {"question": added.label})
            return redirect(questionnaire_url(questionnaire))
        return questions_page(request, workshop, questionnaire, form)
    return questions_page(request, workshop, questionnaire, form)


def question_of(workshop, question_id):
    return get_object_or_404(
        Question.objects.select_related("questionnaire__workshop", "questionnaire__survey"),
        pk=question_id,
        questionnaire__workshop=workshop,
    )


@workshop_view()
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, workshop, question_id):
    question = question_of(workshop, question_id)
    form = QuestionForm(
        request.POST or None, instance=question, questionnaire=question.questionnaire, languages=offered_by(workshop)
    )
    saved = request.method == "POST" and save_with_service(
        request,
        form,
        lambda fields: services.edit_question(
            question_id=question.pk, kind=fields["kind"], fields=form.question_fields(), actor=request.user
        ),
        refused=services.QuestionError,
    )
    if saved:
        messages.success(request, _("The question “%(question)s” is saved.") % {"question": saved.label})
        return redirect(questionnaire_url(question.questionnaire))
    return render(
        request,
        "console/question_form.html",
        {
            "workshop": workshop,
            "section": "questions" if question.questionnaire.purpose == Purpose.REGISTRATION else "surveys",
            "form": form,
            "question": question,
            "questions_url": questionnaire_url(question.questionnaire),
        },
    )


@workshop_view()
@require_POST
def question_move(request, workshop, question_id):
    question = question_of(workshop, question_id)
    try:
        services.move_question(question_id=question.pk, earlier=request.POST.get("earlier") == "1", actor=request.user)
    except services.QuestionError as refusal:
        messages.error(request, refusal.message)
    return redirect(questionnaire_url(question.questionnaire))


@workshop_view()
@require_POST
def question_archive(request, workshop, question_id):
    question = question_of(workshop, question_id)
    try:
        services.archive_question(question_id=question.pk, actor=request.user)
    except services.QuestionError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The question “%(question)s” is archived: it is no longer asked, and its answers stay in the exports.")
            % {"question": question.label},
        )
    return redirect(questionnaire_url(question.questionnaire))


@workshop_view()
@require_POST
def choice_add(request, workshop, question_id):
    question = question_of(workshop, question_id)
    form = ChoiceForm(request.POST, prefix=f"choice-{question.pk}", languages=offered_by(workshop))
    added = save_with_service(
        request,
        form,
        lambda fields: services.add_choice(
            question_id=question.pk, key=fields["key"], labels=form.labels(), actor=request.user
        ),
        refused=services.QuestionError,
    )
    if added:
        messages.success(request, _("The choice “%(choice)s” is added.") % {"choice": added.label})
        return redirect(questionnaire_url(question.questionnaire))
    questionnaire = question.questionnaire
    return questions_page(
        request,
        workshop,
        questionnaire,
        QuestionForm(questionnaire=questionnaire, languages=offered_by(workshop)),
        choice_forms={question.pk: form},
    )


@workshop_view()
@require_POST
def choice_hide(request, workshop, choice_id):
    choice = get_object_or_404(
        Choice.objects.select_related("question__questionnaire__workshop", "question__questionnaire__survey"),
        pk=choice_id,
        question__questionnaire__workshop=workshop,
    )
    services.hide_choice(choice_id=choice.pk, hidden=request.POST.get("hidden") == "1", actor=request.user)
    return redirect(questionnaire_url(choice.question.questionnaire))
