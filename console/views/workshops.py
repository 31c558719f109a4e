"""Workshop pages of the organiser console: the list, create/edit, status changes and the dashboard."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from console.access import console_user_view, not_the_secretariat, secretariat_view, workshop_view
from console.charts import bar_chart, line_chart
from console.forms import CancelWorkshopForm, DuplicateWorkshopForm, WorkshopForm
from console.selectors import dashboard_numbers, delegation_numbers, missing_translations, with_numbers
from console.views.copies import console_page
from core.languages import column, offered_by
from participants import workshop_changes
from workshops import services
from workshops.models import Workshop
from workshops.permissions import is_secretariat
from workshops.selectors import checkin_workshops, managed_workshops, organisations_to_review


@console_user_view
@require_safe
def workshop_list(request):
    secretariat = is_secretariat(request.user)
    return render(
        request,
        "console/workshop_list.html",
        {
            "workshops": with_numbers(managed_workshops(request.user)).order_by("-start_date"),
            "checkin_workshops": checkin_workshops(request.user).order_by("-start_date"),
            "can_create": secretariat,
            "who_creates": "" if secretariat else not_the_secretariat(request),
            "organisations_to_review": organisations_to_review().count() if secretariat else 0,
        },
    )


def add_service_errors(form, error):
    """Show a service's refusal (a DomainError) on the form: each message beside its field when the form has
    that field, else on top."""
    if not error.message_dict:
        form.add_error(None, error.message)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def save_with_service(request, form, save, *, refused):
    """Run a service on a valid form; its refusals (`refused`, a DomainError subclass) land on the form's fields."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except refused as error:
        add_service_errors(form, error)
        return None


@secretariat_view
def workshop_create(request):
    form = WorkshopForm(request.POST or None)
    workshop = request.method == "POST" and save_with_service(
        request,
        form,
        lambda fields: services.create_workshop(actor=request.user, fields=fields),
        refused=services.WorkshopError,
    )
    if workshop:
        messages.success(request, _("The workshop was created as a draft. Add its programme, then publish it."))
        return redirect("console:dashboard", slug=workshop.slug)
    return render(request, "console/workshop_form.html", {"form": form})


@workshop_view()
def workshop_edit(request, workshop):
    form = WorkshopForm(request.POST or None, instance=Workshop.objects.get(pk=workshop.pk))
    saved = request.method == "POST" and save_with_service(
        request,
        form,
        lambda fields: workshop_changes.update_workshop(workshop_id=workshop.pk, fields=fields, actor=request.user),
        refused=services.WorkshopError,
    )
    if saved:
        messages.success(request, _("The workshop was saved."))
        return redirect("console:dashboard", slug=saved.slug)
    return render(request, "console/workshop_form.html", {"form": form, "workshop": workshop, "section": "settings"})


def change_status(request, workshop, operation, done_message):
    try:
        operation(workshop_id=workshop.pk, actor=request.user)
    except services.WorkshopStateError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return redirect("console:dashboard", slug=workshop.slug)


@workshop_view()
@require_POST
def workshop_publish(request, workshop):
    return change_status(
        request, workshop, services.publish_workshop, _("The workshop is published and visible on the site.")
    )


@workshop_view()
@require_POST
def workshop_unpublish(request, workshop):
    return change_status(
        request, workshop, services.unpublish_workshop, _("The workshop is back to draft and hidden from the site.")
    )


@workshop_view()
def workshop_cancel(request, workshop):
    form = CancelWorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _workshop, emails = workshop_changes.cancel_workshop(
                workshop_id=workshop.pk, message=form.cleaned_data["message"], actor=request.user
            )
        except services.WorkshopStateError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The workshop is cancelled; %(count)s registrant will be emailed.",
                    "The workshop is cancelled; %(count)s registrants will be emailed.",
                    emails,
                )
                % {"count": emails},
            )
        return redirect("console:dashboard", slug=workshop.slug)
    return render(request, "console/workshop_cancel.html", {"form": form, "workshop": workshop, "section": "settings"})


def same_weekday_next_year(day):
    """52 weeks later: a Tuesday-to-Friday workshop stays Tuesday to Friday (and 29 February has no problem)."""
    return day + datetime.timedelta(weeks=52)


def slug_for_year(slug, *, old_year, new_year):
    """seoul-2015 becomes seoul-2016 rather than seoul-2015-2016."""
    stem = slug.removesuffix(f"-{old_year}")
    return f"{stem[:110]}-{new_year}"


@workshop_view()
def workshop_duplicate(request, workshop):
    start_date = same_weekday_next_year(workshop.start_date)
    languages = offered_by(workshop)
    form = DuplicateWorkshopForm(
        request.POST or None,
        languages=languages,
        initial={
            **{column("title", language): getattr(workshop, column("title", language)) for language in languages},
            "slug": slug_for_year(workshop.slug, old_year=workshop.start_date.year, new_year=start_date.year),
            "start_date": start_date,
        },
    )
    copy = request.method == "POST" and save_with_service(
        request,
        form,
        lambda _fields: workshop_changes.duplicate_workshop(
            workshop_id=workshop.pk, actor=request.user, **form.service_fields()
        ),
        refused=services.WorkshopError,
    )
    if copy:
        messages.success(request, _("A draft copy was made. Check its details and programme before publishing it."))
        return redirect("console:dashboard", slug=copy.slug)
    return render(
        request, "console/workshop_duplicate.html", {"form": form, "workshop": workshop, "section": "settings"}
    )


@workshop_view()
@require_safe
def dashboard(request, workshop):
    # No version names the delegations' quotas: they are counted for each request, beside the cached overview.
    return console_page(
        request,
        workshop,
        "dashboard",
        "console/dashboard.html",
        "console/_dashboard_overview.html",
        lambda: overview_context(workshop),
        more=lambda: delegations_context(workshop),
    )


def delegations_context(workshop):
    delegations = delegation_numbers(workshop)
    return {
        "delegations": delegations,
        "nominees_chart": bar_chart(delegations["nominees_by_gender"]) if delegations["quotas"] else None,
    }


def overview_context(workshop):
    numbers = dashboard_numbers(workshop)
    return {
        "workshop": workshop,
        "numbers": numbers,
        "charts": {
            name: bar_chart(numbers[name])
            for name in ("by_status", "by_country", "by_organisation_kind", "by_gender", "attendance_by_day")
        },
        "over_time": line_chart(numbers["over_time"]),
        "missing_translations": missing_translations(workshop),
    }
