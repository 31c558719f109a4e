"""The workshop's documents in the console: add one, upload a new version, edit, remove, the speakers' deadline,
and every version of every file."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import workshop_view
from console.forms import MaterialFileForm, MaterialForm, SpeakerDeadlineForm
from core.languages import offered_by
from materials import services
from materials.exports import file_response
from materials.models import Material, MaterialFile, SpeakerUploads
from materials.selectors import speakers_without_upload, workshop_materials

from .workshops import add_service_errors, save_with_service


def back_to_materials(workshop, material=None):
    url = redirect("console:materials", slug=workshop.slug)
    if material is not None:
        url["Location"] += f"#material-{material.pk}"
    return url


def refused_upload(file_form, form, error):
    """A refusal beside the field it is about: the file's (type, size, name, language) or the details'."""
    if error.message_dict:
        add_service_errors(form, error)
    else:
        file_form.add_error("file", error.message)


@workshop_view()
@require_http_methods(["GET", "POST"])
def materials(request, workshop):
    form = MaterialForm(request.POST or None, workshop=workshop, prefix="new")
    file_form = MaterialFileForm(request.POST or None, request.FILES or None, prefix="new", workshop=workshop)
    if request.method == "POST" and all([form.is_valid(), file_form.is_valid()]):
        try:
            version = services.add_material(
                workshop_id=workshop.pk,
                actor=request.user,
                fields=form.cleaned_data,
                language=file_form.cleaned_data["language"],
                upload=file_form.cleaned_data["file"],
            )
        except services.MaterialError as error:
            refused_upload(file_form, form, error)
        else:
            messages.success(request, _("“%(title)s” was added.") % {"title": version.material.title})
            return back_to_materials(workshop, version.material)
    deadline = SpeakerUploads.objects.filter(workshop=workshop).first()
    return render(
        request,
        "console/materials.html",
        {
            "workshop": workshop,
            "section": "materials",
            "materials": workshop_materials(workshop),
            "form": form,
            "file_form": file_form,
            "version_form": MaterialFileForm(workshop=workshop),
            "deadline": deadline,
            "deadline_form": SpeakerDeadlineForm(initial={"closes_at": deadline.closes_at if deadline else None}),
            "speakers_waiting": speakers_without_upload(workshop).count(),
            "languages": offered_by(workshop),
        },
    )


@workshop_view()
@require_POST
def material_upload(request, workshop, material_id):
    material = get_object_or_404(Material, workshop=workshop, pk=material_id)
    form = MaterialFileForm(request.POST, request.FILES, workshop=workshop)
    if not form.is_valid():
        messages.error(request, _("Choose the file and its language."))
        return back_to_materials(workshop, material)
    try:
        services.upload_version(
            workshop_id=workshop.pk,
            material_id=material.pk,
            actor=request.user,
            language=form.cleaned_data["language"],
            upload=form.cleaned_data["file"],
        )
    except services.MaterialError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new version of “%(title)s” was uploaded.") % {"title": material.title})
    return back_to_materials(workshop, material)


@workshop_view()
@require_http_methods(["GET", "POST"])
def material_edit(request, workshop, material_id):
    material = get_object_or_404(Material, workshop=workshop, pk=material_id)
    form = MaterialForm(request.POST or None, instance=material, workshop=workshop)
    saved = request.method == "POST" and save_with_service(
        request,
        form,
        lambda fields: services.edit_material(
            workshop_id=workshop.pk, material_id=material.pk, actor=request.user, fields=fields
        ),
        refused=services.MaterialError,
    )
    if saved:
        messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
        return back_to_materials(workshop, saved)
    return render(
        request,
        "console/material_form.html",
        {"workshop": workshop, "section": "materials", "form": form, "material": material},
    )


@workshop_view()
@require_POST
def material_remove(request, workshop, material_id):
    material = get_object_or_404(Material, workshop=workshop, pk=material_id)
    services.remove_material(workshop_id=workshop.pk, material_id=material.pk, actor=request.user)
    messages.success(request, _("“%(title)s” and all its versions were removed.") % {"title": material.title})
    return back_to_materials(workshop)


@workshop_view()
@require_POST
def speaker_deadline(request, workshop):
    form = SpeakerDeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return back_to_materials(workshop)
    services.set_speaker_deadline(workshop_id=workshop.pk, closes_at=form.cleaned_data["closes_at"], actor=request.user)
    messages.success(request, _("The speakers' upload deadline is saved."))
    return back_to_materials(workshop)


@workshop_view()
@require_safe
def material_file(request, workshop, file_id):
    """Any version of a file, for the organisers (readers get the latest only)."""
    return file_response(get_object_or_404(MaterialFile, material__workshop=workshop, pk=file_id))
