"""The focal point's pages under /delegations/: their delegations, one page per workshop to nominate, withdraw and
upload the letter.

A user who speaks for no organisation gets 403, saying why and what to do (console.access.focal_point_view);
another organisation's nominee or letter answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from console.access import focal_point_view
from delegations import services
from delegations.forms import LetterForm, NominationForm
from delegations.models import Nomination, NominationLetter
from delegations.selectors import (
    delegation_workshops,
    focal_organisations,
    letters,
    nominations,
    quota_for,
    replacements_left,
)
from travel.selectors import settled_nomination_ids
from workshops.models import Workshop
from workshops.permissions import workshop_role


def delegation_of(request, slug, organisation_id):
    """The workshop and the user's organisation with a quota there; 404 for anything else."""
    workshop = get_object_or_404(Workshop.objects.exclude(status=Workshop.Status.DRAFT), slug=slug)
    organisation = get_object_or_404(focal_organisations(request.user), pk=organisation_id)
    quota = quota_for(workshop=workshop, organisation_id=organisation.pk)
    if quota is None:
        raise Http404
    return workshop, organisation, quota


def user_delegations(user, workshops):
    """(workshop, organisation, quota with its use) for each of the user's organisations with a quota there."""
    organisations = list(focal_organisations(user))
    found = []
    for workshop in workshops:
        for organisation in organisations:
            quota = quota_for(workshop=workshop, organisation_id=organisation.pk)
            if quota:
                found.append((workshop, organisation, quota))
    return organisations, found


@focal_point_view
@require_safe
def home(request):
    organisations, delegations = user_delegations(request.user, delegation_workshops(request.user))
    return render(request, "delegations/home.html", {"delegations": delegations, "organisations": organisations})


@focal_point_view
@require_safe
def workshop(request, slug):
    """The link in the focal points' emails: straight to the delegation when the user speaks for one organisation."""
    workshops = delegation_workshops(request.user).filter(slug=slug)
    organisations, delegations = user_delegations(request.user, workshops)
    if not delegations:
        raise Http404
    if len(delegations) == 1:
        workshop, organisation, _quota = delegations[0]
        return redirect("delegations:delegation", slug=workshop.slug, organisation_id=organisation.pk)
    return render(request, "delegations/home.html", {"delegations": delegations, "organisations": organisations})


@focal_point_view
def delegation(request, slug, organisation_id):
    workshop, organisation, quota = delegation_of(request, slug, organisation_id)
    form = NominationForm(request.POST or None, focal_point=request.user, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nominate(
                workshop_id=workshop.pk, organisation_id=organisation.pk, actor=request.user, **form.cleaned_data
            )
        except services.DelegationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is nominated.") % {"name": nomination.passport_name})
            return redirect("delegations:delegation", slug=workshop.slug, organisation_id=organisation.pk)
    now = timezone.now()
    context = {
        "workshop": workshop,
        "organisation": organisation,
        "quota": quota,
        "nominations": nominations(workshop, [organisation.pk]),
        "letters": letters(workshop=workshop, organisation_id=organisation.pk),
        "form": form,
        "letter_form": LetterForm(),
        "window_refusal": services.nomination_window_refusal(workshop, now),
        "replacements_left": replacements_left(workshop=workshop, organisation_id=organisation.pk, now=now),
        "can_change": now < workshop.starts_at,
        "travel_settled": settled_nomination_ids(workshop, organisation.pk),
    }
    with timezone.override(workshop.tzinfo):
        return render(request, "delegations/delegation.html", context)


@focal_point_view
@require_POST
def withdraw(request, slug, organisation_id, nomination_id):
    workshop, organisation, _quota = delegation_of(request, slug, organisation_id)
    try:
        nomination = services.withdraw_nomination(
            workshop_id=workshop.pk,
            nomination_id=nomination_id,
            organisation_ids=[organisation.pk],
            actor=request.user,
        )
    except Nomination.DoesNotExist as missing:
        raise Http404 from missing
    except services.DelegationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The nomination of %(name)s is withdrawn; you may nominate someone else.")
            % {"name": nomination.passport_name},
        )
    return redirect("delegations:delegation", slug=workshop.slug, organisation_id=organisation.pk)


@focal_point_view
@require_POST
def upload_letter(request, slug, organisation_id):
    workshop, organisation, _quota = delegation_of(request, slug, organisation_id)
    form = LetterForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the PDF file of the nomination letter."))
    else:
        try:
            services.upload_letter(
                workshop_id=workshop.pk,
                organisation_id=organisation.pk,
                upload=form.cleaned_data["letter"],
                actor=request.user,
            )
        except services.DelegationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The nomination letter is uploaded."))
    return redirect("delegations:delegation", slug=workshop.slug, organisation_id=organisation.pk)


@login_required
@require_safe
def letter(request, letter_id):
    """A letter, for its organisation's focal points and the workshop's organisers; 404 for anyone else."""
    letter = get_object_or_404(NominationLetter.objects.select_related("workshop"), pk=letter_id)
    organiser = workshop_role(request.user, letter.workshop) == "organiser"
    if not organiser and not focal_organisations(request.user).filter(pk=letter.organisation_id).exists():
        raise Http404
    response = FileResponse(letter.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nomination-letter-{letter.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
