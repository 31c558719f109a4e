"""The workshop's documents for their readers: one file, "Download all" as one ZIP per language, and the page
where a speaker uploads their own presentations. Another workshop's document, or one the reader may not see, is
a 404: its existence is not given away."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.languages import language_codes, offered_by
from workshops.selectors import visible_workshop

from . import services
from .exports import file_response, zip_response
from .forms import PresentationForm
from .selectors import audience_of, latest_file, shown_materials, speakers_close_at, speaking_slots


def workshop_or_404(request, slug, language=None):
    workshop = visible_workshop(request.user, slug)
    if workshop is None or (language is not None and language not in language_codes()):
        raise Http404
    return workshop


@require_safe
def download(request, slug, material_id, language):
    workshop = workshop_or_404(request, slug, language)
    version = latest_file(
        workshop=workshop, material_id=material_id, language=language, audience=audience_of(request.user, workshop)
    )
    if version is None:
        raise Http404
    return file_response(version)


@require_safe
def download_all(request, slug, language):
    """Every document the reader may see, in `language` where it has a file in it, else in another."""
    workshop = workshop_or_404(request, slug, language)
    shown = shown_materials(workshop, audience_of(request.user, workshop))
    if not shown:
        raise Http404
    return zip_response([item.file_in(language) for item in shown], f"{workshop.slug}-documents-{language}.zip")


@login_required
@require_http_methods(["GET", "POST"])
def presentations(request, slug):
    workshop = workshop_or_404(request, slug)
    slots = list(speaking_slots(request.user, workshop))
    if not slots:
        raise Http404
    form = PresentationForm(request.POST or None, request.FILES or None, workshop=workshop)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Choose the file of your presentation and its language."))
        else:
            try:
                services.upload_presentation(
                    speaker_id=form.cleaned_data["speaker"],
                    user=request.user,
                    language=form.cleaned_data["language"],
                    upload=form.cleaned_data["file"],
                )
            except services.MaterialError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your presentation is uploaded. Thank you."))
                return redirect("materials:presentations", slug=workshop.slug)
    closes_at = speakers_close_at(workshop)
    return render(
        request,
        "materials/presentations.html",
        {
            "workshop": workshop,
            "slots": slots,
            "closes_at": closes_at,
            "open": timezone.now() < closes_at,
            "languages": offered_by(workshop),
        },
    )
