"""The programme builder: a workshop's sessions by day, and their speakers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from console.access import workshop_view
from console.forms import SessionForm, SpeakerForm
from sessions import services
from sessions.models import ProgrammeSession, Speaker
from sessions.selectors import programme_by_day

from .workshops import save_with_service


def programme_redirect(workshop, session=None):
    url = redirect("console:programme", slug=workshop.slug)
    if session is not None:
        url["Location"] += f"#session-{session.pk}"
    return url


@workshop_view()
@require_safe
def programme(request, workshop):
    return render(
        request,
        "console/programme.html",
        {"workshop": workshop, "section": "programme", "days": programme_by_day(workshop)},
    )


def session_form_page(request, workshop, session, save):
    form = SessionForm(request.POST or None, instance=session, workshop=workshop)
    saved = request.method == "POST" and save_with_service(
        request, form, lambda _fields: save(form.session_fields()), refused=services.ProgrammeError
    )
    if saved:
        messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
        return programme_redirect(workshop, saved)
    return render(
        request,
        "console/session_form.html",
        {"form": form, "workshop": workshop, "section": "programme", "session": session},
    )


@workshop_view()
def session_create(request, workshop):
    return session_form_page(
        request,
        workshop,
        None,
        lambda fields: services.create_session(workshop_id=workshop.pk, fields=fields, actor=request.user),
    )


@workshop_view()
def session_edit(request, workshop, session_id):
    session = get_object_or_404(ProgrammeSession, workshop=workshop, pk=session_id)
    return session_form_page(
        request,
        workshop,
        session,
        lambda fields: services.update_session(
            workshop_id=workshop.pk, session_id=session.pk, fields=fields, actor=request.user
        ),
    )


@workshop_view()
@require_POST
def session_delete(request, workshop, session_id):
    session = get_object_or_404(ProgrammeSession, workshop=workshop, pk=session_id)
    services.delete_session(workshop_id=workshop.pk, session_id=session.pk, actor=request.user)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": session.title})
    return programme_redirect(workshop)


@workshop_view()
@require_POST
def session_move(request, workshop, session_id):
    session = get_object_or_404(ProgrammeSession, workshop=workshop, pk=session_id)
    try:
        services.move_session(
            workshop_id=workshop.pk, session_id=session.pk, earlier=request.POST.get("to") == "up", actor=request.user
        )
    except services.ProgrammeError as error:
        messages.error(request, error.message)
    return programme_redirect(workshop, session)


def speaker_form_page(request, workshop, session, speaker, save):
    form = SpeakerForm(request.POST or None, instance=speaker, workshop=workshop)
    saved = request.method == "POST" and save_with_service(request, form, save, refused=services.ProgrammeError)
    if saved:
        messages.success(request, _("%(name)s was saved.") % {"name": saved.display_name})
        return programme_redirect(workshop, session)
    context = {"form": form, "workshop": workshop, "section": "programme", "session": session, "speaker": speaker}
    return render(request, "console/speaker_form.html", context)


@workshop_view()
def speaker_create(request, workshop, session_id):
    session = get_object_or_404(ProgrammeSession, workshop=workshop, pk=session_id)
    return speaker_form_page(
        request,
        workshop,
        session,
        None,
        lambda fields: services.create_speaker(
            workshop_id=workshop.pk, session_id=session.pk, fields=fields, actor=request.user
        ),
    )


def workshop_speaker(workshop, speaker_id):
    return get_object_or_404(Speaker.objects.select_related("session"), session__workshop=workshop, pk=speaker_id)


@workshop_view()
def speaker_edit(request, workshop, speaker_id):
    speaker = workshop_speaker(workshop, speaker_id)
    return speaker_form_page(
        request,
        workshop,
        speaker.session,
        speaker,
        lambda fields: services.update_speaker(
            workshop_id=workshop.pk, speaker_id=speaker.pk, fields=fields, actor=request.user
        ),
    )


@workshop_view()
@require_POST
def speaker_delete(request, workshop, speaker_id):
    speaker = workshop_speaker(workshop, speaker_id)
    services.delete_speaker(workshop_id=workshop.pk, speaker_id=speaker.pk, actor=request.user)
    messages.success(request, _("%(name)s was removed from the session.") % {"name": speaker.display_name})
    return programme_redirect(workshop, speaker.session)


@workshop_view()
@require_POST
def speaker_move(request, workshop, speaker_id):
    speaker = workshop_speaker(workshop, speaker_id)
    services.move_speaker(
        workshop_id=workshop.pk, speaker_id=speaker.pk, earlier=request.POST.get("to") == "up", actor=request.user
    )
    return programme_redirect(workshop, speaker.session)
