"""Delegations in the console: the organisers' decisions on nominations and funding, the quotas (table and
CSV), the email to the focal points; and the secretariat's page of organisations and their focal points."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from console.access import secretariat_view, workshop_view
from console.forms import FocalPointForm, NominationDecisionForm, QuotaForm, QuotaUploadForm
from core.languages import shown_text
from delegations import services
from delegations.models import FocalPoint, Nomination
from delegations.quota_csv import COLUMNS
from delegations.selectors import current_letters, funding_granted, nominations, workshop_quotas
from workshops.models import Organisation


def quota_context(workshop):
    quotas = workshop_quotas(workshop)
    total = sum(quota.seats for quota in quotas)
    return {"quotas": quotas, "quota_total": total, "over_capacity": max(total - workshop.capacity, 0)}


@workshop_view()
@require_safe
def delegation_list(request, workshop):
    context = quota_context(workshop)
    by_organisation = {quota.organisation_id: (quota, []) for quota in context["quotas"]}
    for nomination in nominations(workshop):
        by_organisation.setdefault(nomination.organisation_id, (None, []))[1].append(nomination)
    granted = funding_granted(workshop)
    letters = current_letters(workshop)
    context.update(
        workshop=workshop,
        section="delegations",
        groups=[
            (quota, group, letters.get(group[0].organisation_id)) for quota, group in by_organisation.values() if group
        ],
        funding_granted=granted,
        funding_left=max(workshop.funding_budget - granted, 0),
    )
    return render(request, "console/delegations/list.html", context)


@workshop_view()
@require_POST
def delegations_decide(request, workshop):
    form = NominationDecisionForm(
        request.POST, nomination_ids=Nomination.objects.filter(workshop=workshop).values_list("pk", flat=True)
    )
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Tick at least one nominee.")]:
            messages.error(request, error)
        return redirect("console:delegations", slug=workshop.slug)
    try:
        decided = services.decide_nominations(
            workshop_id=workshop.pk,
            nomination_ids=form.cleaned_data["nominations"],
            decision=form.cleaned_data["decision"],
            message=form.cleaned_data["message"].strip(),
            actor=request.user,
        )
    except services.DelegationError as error:
        messages.error(request, error.message)
    else:
        count = len(decided)
        if form.cleaned_data["decision"] == Nomination.Status.APPROVED:
            text = ngettext(
                "%(count)s nomination approved; the nominee is invited to register.",
                "%(count)s nominations approved; each nominee is invited to register.",
                count,
            )
        else:
            text = ngettext("%(count)s nomination rejected.", "%(count)s nominations rejected.", count)
        messages.success(request, text % {"count": count})
    return redirect("console:delegations", slug=workshop.slug)


@workshop_view()
@require_POST
def nomination_funding(request, workshop, nomination_id):
    grant = request.POST.get("funding") == "granted"
    try:
        nomination = services.decide_funding(
            workshop_id=workshop.pk, nomination_id=nomination_id, grant=grant, actor=request.user
        )
    except Nomination.DoesNotExist as missing:
        raise Http404 from missing
    except services.DelegationError as error:
        messages.error(request, error.message)
    else:
        text = _("Funding granted to %(name)s.") if grant else _("Funding not granted to %(name)s.")
        messages.success(request, text % {"name": nomination.passport_name})
    return redirect("console:delegations", slug=workshop.slug)


@workshop_view()
@require_POST
def focal_points_notify(request, workshop):
    count = services.notify_focal_points(workshop_id=workshop.pk, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s focal point was sent their quota.", "%(count)s focal points were sent their quota.", count)
        % {"count": count}
        if count
        else _("Every focal point has already been sent their quota; nobody new to write to."),
    )
    return redirect("console:delegations", slug=workshop.slug)


@workshop_view()
def quotas(request, workshop):
    """The editable table: each row (and the "add" row) posts one organisation's numbers."""
    form = QuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.set_quota(
            workshop_id=workshop.pk,
            organisation_id=data["organisation"].pk,
            seats=data["seats"],
            funded_seats=data["funded_seats"],
            actor=request.user,
        )
        messages.success(request, _("The quota of %(organisation)s is saved.") % {"organisation": data["organisation"]})
        return redirect("console:quotas", slug=workshop.slug)
    context = quota_context(workshop)
    with_quota = {quota.organisation_id for quota in context["quotas"]}
    form.fields["organisation"].queryset = Organisation.objects.exclude(pk__in=with_quota).order_by(shown_text("name"))
    context.update(workshop=workshop, section="delegations", form=form, upload_form=QuotaUploadForm(), columns=COLUMNS)
    return render(request, "console/delegations/quotas.html", context)


@workshop_view()
@require_POST
def quota_upload(request, workshop):
    """Set every quota of a CSV file, or none: the problems are listed by line."""
    form = QuotaUploadForm(request.POST, request.FILES)
    parsed = None
    if form.is_valid():
        parsed = services.import_quotas(
            workshop_id=workshop.pk, data=form.cleaned_data["file"].read(), actor=request.user
        )
        if parsed.ok:
            count = len(parsed.rows)
            messages.success(
                request,
                ngettext("%(count)s quota imported.", "%(count)s quotas imported.", count) % {"count": count},
            )
            return redirect("console:quotas", slug=workshop.slug)
    context = quota_context(workshop)
    context.update(
        workshop=workshop, section="delegations", form=QuotaForm(), upload_form=form, preview=parsed, columns=COLUMNS
    )
    return render(request, "console/delegations/quotas.html", context)


@secretariat_view
def focal_points(request):
    form = FocalPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_focal_point(
                organisation_id=form.cleaned_data["organisation"].pk,
                email=form.cleaned_data["email"],
                actor=request.user,
            )
        except services.DelegationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(email)s is now a focal point of %(organisation)s; they were told by email.")
                % {"email": form.cleaned_data["email"], "organisation": form.cleaned_data["organisation"].short_name},
            )
            return redirect("console:focal_points")
    organisations = Organisation.objects.filter(focal_points__isnull=False).distinct().prefetch_related("focal_points")
    return render(request, "console/focal_points.html", {"form": form, "organisations": organisations})


@secretariat_view
@require_POST
def focal_point_remove(request, focal_point_id):
    focal_point = get_object_or_404(FocalPoint.objects.select_related("organisation"), pk=focal_point_id)
    services.remove_focal_point(focal_point_id=focal_point.pk, actor=request.user)
    messages.success(
        request,
        _("%(email)s no longer speaks for %(organisation)s.")
        % {"email": focal_point.email, "organisation": focal_point.organisation.short_name},
    )
    return redirect("console:focal_points")
