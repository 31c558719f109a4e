"""A person's own pages under /me/ (their profile, registrations, data and account) and registering for a workshop."""

import contextlib
import datetime

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.personal_data import entries
from documents.selectors import documents_of
from materials.selectors import workshops_where_speaking
from outcomes.selectors import surveys_awaiting
from outcomes.surveys import survey_link
from participants import answers, privacy, services
from participants.forms import DeleteAccountForm, ProfileForm, RegistrationForm, registration_answer_form
from participants.models import Participant, Registration
from participants.selectors import active_registration, session_of_code, waitlist_position
from workshops.selectors import visible_workshops

Status = Registration.Status
CANCELLABLE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)


def can_still_cancel(registration, now):
    """Until the end of the workshop's last day in its own time zone, whatever the server's calendar says."""
    return registration.status in CANCELLABLE and now < registration.workshop.ends_at


def own_participant(user):
    return Participant.objects.select_related("organisation").filter(user=user).first()


def safe_next(request):
    """A path on this site to go back to, or "" (redirect() would take anything else for a view's name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed and target.startswith("/") else ""


def link_to_my_registrations(text):
    return format_html('{} <a href="{}">{}</a>', text, reverse("participants:my_registrations"), _("See it here."))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    participant = own_participant(request.user)
    next_url = safe_next(request)
    form = ProfileForm(
        request.POST or None,
        instance=participant,
        initial=None if participant else {"full_name": request.user.name},
    )
    if request.method == "POST" and form.is_valid():
        form.save_profile(request.user)
        messages.success(request, _("Your profile is saved."))
        return redirect(next_url or "participants:profile")
    return render(
        request,
        "participants/profile.html",
        {"form": form, "participant": participant, "next_url": next_url},
    )


def registration_outcome_message(registration):
    if registration.status == Status.CONFIRMED:
        return _("Your seat is confirmed. A confirmation email with the programme is on its way.")
    if registration.status == Status.PENDING:
        return _("Your registration is received. The organisers will review it and email you their decision.")
    return _(
        "All seats are taken, so you are on the waiting list (number %(position)s). "
        "We will email you as soon as a seat becomes free."
    ) % {"position": waitlist_position(registration)}


@login_required
@require_http_methods(["GET", "POST"])
def register(request, slug):
    workshop = get_object_or_404(visible_workshops(request.user), slug=slug)
    participant = own_participant(request.user)
    if participant is None or not participant.is_complete:
        messages.info(request, _("Please complete your profile first: the organisers need it for your registration."))
        return redirect(f"{reverse('participants:profile')}?{urlencode({'next': request.path})}")
    existing = active_registration(workshop=workshop, participant=participant)
    if existing:
        messages.info(
            request,
            link_to_my_registrations(
                _("You are already registered for this workshop (status: %(status)s).")
                % {"status": existing.get_status_display()}
            ),
        )
        return redirect(workshop)
    if not workshop.registration_is_open():
        messages.error(request, _("Registration for this workshop is not open."))
        return redirect(workshop)
    form = RegistrationForm(request.POST or None, instance=participant)
    answer_form = registration_answer_form(
        request.POST or None, request.FILES or None, workshop_id=workshop.pk, participant=participant
    )
    # Both forms are validated, so every mistake shows at once.
    if request.method == "POST" and all([form.is_valid(), answer_form.is_valid()]):
        form.save_profile(request.user)
        try:
            registration = services.register(
                workshop_id=workshop.pk,
                participant_id=participant.pk,
                note=form.cleaned_data["note"],
                answers=answer_form,
            )
        except services.RegistrationError as refusal:
            text = refusal.message
            messages.error(request, link_to_my_registrations(text) if refusal.registration else text)
            return redirect(workshop)
        level = messages.SUCCESS if registration.status == Status.CONFIRMED else messages.INFO
        messages.add_message(request, level, registration_outcome_message(registration))
        return redirect(workshop)
    return render(
        request, "participants/register.html", {"workshop": workshop, "form": form, "answer_form": answer_form}
    )


@login_required
def my_registrations(request):
    registrations = list(
        Registration.objects.filter(participant__user=request.user)
        .select_related("workshop", "participant__organisation")
        .order_by("-workshop__start_date", "-created_at")
    )
    now = timezone.now()
    documents = documents_of(registrations, now)
    # Required questions added since the person registered: asked here, never held against the registration.
    missing = answers.missing_by_registration(registrations)
    surveys = [
        (survey, survey_link(survey.pk, registration.pk))
        for survey, registration in surveys_awaiting(registrations, now)
    ]
    return render(
        request,
        "participants/my_registrations.html",
        {
            "rows": [
                (
                    registration,
                    can_still_cancel(registration, now),
                    *documents[registration.pk],
                    missing.get(registration.pk, []),
                )
                for registration in registrations
            ],
            "speaking_at": workshops_where_speaking(request.user),
            "surveys": surveys,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_answers(request, pk):
    """The person's answers to their registration's questions, to complete or change while it stands."""
    registration = get_object_or_404(
        Registration.objects.select_related("workshop", "participant__organisation"),
        pk=pk,
        participant__user=request.user,
    )
    if registration.status == Status.CANCELLED or not registration.workshop.ends_at > timezone.now():
        messages.error(request, _("The answers of this registration can no longer change."))
        return redirect("participants:my_registrations")
    posted = request.method == "POST"  # with every question optional, a POST may send nothing but its token
    form = registration_answer_form(
        request.POST if posted else None,
        request.FILES if posted else None,
        workshop_id=registration.workshop_id,
        participant=registration.participant,
        invitation_id=answers.invitations_of([registration.pk]).get(registration.pk),
        registration=registration,
    )
    if posted and form.is_valid():
        try:
            services.answer_questions(registration_id=registration.pk, user=request.user, answers=form)
        except services.RegistrationError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your answers are saved."))
        return redirect("participants:my_registrations")
    return render(
        request, "participants/registration_answers.html", {"registration": registration, "answer_form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_registration(request, pk):
    """GET asks for confirmation; only the POST that follows cancels."""
    registration = get_object_or_404(
        Registration.objects.select_related("workshop"), pk=pk, participant__user=request.user
    )
    if not can_still_cancel(registration, timezone.now()):
        messages.error(request, _("This registration can no longer be cancelled."))
        return redirect("participants:my_registrations")
    if request.method == "POST":
        try:
            services.cancel_registration(registration_id=registration.pk, actor=request.user)
        except services.RegistrationError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Your registration for %(workshop)s is cancelled.") % {"workshop": registration.workshop.title},
            )
        return redirect("participants:my_registrations")
    return render(request, "participants/cancel_registration.html", {"registration": registration})


@login_required
@require_safe
def my_data(request):
    """Everything the portal holds about the person, readable; the JSON download holds the same."""
    data = privacy.personal_data(request.user)
    sections = []
    for entry in entries():
        rows = data[entry.section]
        # The account and the profile are one object each (none for someone without a profile); the rest lists.
        rows = rows if isinstance(rows, list) else [rows] if rows else []
        sections.append((entry.title, [readable_row(entry, row) for row in rows]))
    context = {"sections": sections, "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS}
    return render(request, "participants/my_data.html", context)


def detail_labels():
    """The names of what the registry's entries add to a row (core.personal_data), and of relations whose own
    verbose name is not translated."""
    return {
        "at": _("When"),
        "workshop": _("Workshop"),
        "queued_at": _("Queued"),
        "registered_at": _("Registered"),
        "decided_at": _("Decided"),
        "checked_in_at": _("Checked in"),
        "nominated_at": _("Nominated"),
        "sent_at": _("Sent"),
    }


def readable_row(entry, row):
    """One exported row as the page shows it: (label, value, parts) triples. A field is named by its model's verbose
    name, a moment shown as a date and time in the reader's zone, a group of values (a letter's snapshot) as its own
    (name, value) parts."""
    model, labels = entry.model_class(), detail_labels()
    pairs = []
    for name, value in row.items():
        # The registry's own names first: a relation such as Registration.workshop has no translated verbose name.
        label = labels.get(name)
        if label is None:
            try:
                label = model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name.replace("_", " ")
        parts = None
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                moment = datetime.datetime.fromisoformat(value)
                value = moment if timezone.is_aware(moment) else value
        elif isinstance(value, dict):
            parts = [(key.replace("_", " "), item) for key, item in value.items()]
        pairs.append((label, value, parts))
    return pairs


@login_required
@require_safe
def my_data_json(request):
    response = JsonResponse(privacy.personal_data(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-green-customs-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    # The password it asks for is guessed no faster here than on the password change page: the same limit, the same
    # refusal (templates/429.html). Only a posted password is a try: opening the page is not.
    if request.method == "POST" and (
        refusal := ratelimit.consume_or_429(request, action="delete_account", user=request.user)
    ):
        return refusal
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        privacy.delete_account(user_id=request.user.pk)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("home")
    return render(request, "participants/delete_account.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def self_check_in(request, code):
    """The page a session's sign opens on a participant's phone: the session, and a button that checks them in
    (a POST: it records). What the service refuses is said on the page; nothing is recorded then."""
    session = session_of_code(code)
    outcome, refusal = None, None
    if request.method == "POST":
        try:
            services.self_check_in(code=code, user=request.user)
        except services.AlreadyCheckedIn as repeat:
            outcome = repeat.message
        except services.RegistrationError as error:
            refusal = error.message
        else:
            outcome = _("You are checked in. Thank you!")
    with timezone.override(session.workshop.tzinfo if session else timezone.get_current_timezone()):
        return render(
            request,
            "participants/self_check_in.html",
            {"session": session, "outcome": outcome, "refusal": refusal},
            status=200 if session else 404,
        )
