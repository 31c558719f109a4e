"""The secretariat's page for keeping organisations clean: review the ones participants typed in, merge duplicates."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from console.access import secretariat_view
from console.forms import OrganisationMergeForm, OrganisationReviewForm
from participants.organisations import OrganisationMergeError, merge_organisations, review_organisation
from workshops.models import Organisation
from workshops.selectors import organisations_to_review, similar_organisations


@secretariat_view
@require_safe
def organisation_list(request):
    to_review = list(organisations_to_review())
    for organisation in to_review:
        organisation.close_matches = similar_organisations(organisation.name, exclude_id=organisation.pk)
        organisation.review_form = OrganisationReviewForm(instance=organisation, prefix=f"org{organisation.pk}")
    return render(
        request,
        "console/organisations.html",
        {"to_review": to_review, "merge_form": OrganisationMergeForm()},
    )


@secretariat_view
@require_POST
def organisation_review(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = OrganisationReviewForm(request.POST, instance=organisation, prefix=f"org{organisation.pk}")
    if form.is_valid():
        review_organisation(organisation_id=organisation.pk, actor=request.user, **form.cleaned_data)
        messages.success(request, _("“%(name)s” is reviewed.") % {"name": organisation})
    else:
        messages.error(request, _("Choose a kind from the list and a country (or none for an international body)."))
    return redirect("console:organisations")


@secretariat_view
@require_POST
def organisation_merge(request):
    form = OrganisationMergeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(form.non_field_errors()) or _("Choose the organisation to merge and the one to keep.")
        )
        return redirect("console:organisations")
    merged_name = str(form.cleaned_data["merge"])
    try:
        kept = merge_organisations(
            keep_id=form.cleaned_data["keep"].pk, merge_id=form.cleaned_data["merge"].pk, actor=request.user
        )
    except OrganisationMergeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("“%(merged)s” is merged into “%(kept)s”: its people, partnerships and speakers now name “%(kept)s”.")
            % {"merged": merged_name, "kept": kept},
        )
    return redirect("console:organisations")
