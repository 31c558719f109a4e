"""Travel in the console: the funded delegates and the budget, the terms, rates and room blocks, one delegate's
trip (itinerary, ticket, room, DSA, claim), their files, and the lists: arrivals, rooming, payments (CSV, XLSX)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from console.access import workshop_view
from console.exports import csv_pieces, xlsx_file
from travel import services
from travel.exports import PAYMENT_ITEMS, arrivals, item_labels, payment_rows, payment_table, rooming
from travel.forms import (
    BlockForm,
    ClaimDecisionForm,
    DsaForm,
    ItineraryForm,
    RateForm,
    RoomForm,
    TermsForm,
    TicketForm,
)
from travel.models import BoardingPass
from travel.pdfs import travel_letter_pdf
from travel.selectors import (
    blocks_with_use,
    budget_use,
    claims_waiting,
    funded_nominations,
    rate_table,
    shown_computation,
    travel_terms,
    trip_of,
)


@workshop_view()
@require_safe
def travel(request, workshop):
    return render(
        request,
        "console/travel/list.html",
        {
            "workshop": workshop,
            "section": "travel",
            "nominations": funded_nominations(workshop),
            "budget": budget_use(workshop),
            "claims_waiting": claims_waiting(workshop),
        },
    )


SETTINGS_SERVICES = {"terms": services.set_terms, "rate": services.add_rate, "block": services.add_hotel_block}


@workshop_view()
@require_http_methods(["GET", "POST"])
def travel_settings(request, workshop):
    terms = travel_terms(workshop)
    initial = {"currency": terms.currency if terms else "USD"}
    if terms:
        initial.update(
            budget=terms.budget, dsa_percentage=terms.dsa_percentage, terminal_expenses=terms.terminal_expenses
        )
    posted = request.POST.get("form") if request.method == "POST" else None
    forms = {
        "terms": TermsForm(request.POST if posted == "terms" else None, initial=initial, prefix="terms"),
        "rate": RateForm(
            request.POST if posted == "rate" else None, initial={"currency": initial["currency"]}, prefix="rate"
        ),
        "block": BlockForm(request.POST if posted == "block" else None, prefix="block"),
    }
    if posted in forms and forms[posted].is_valid():
        form = forms[posted]
        try:
            SETTINGS_SERVICES[posted](workshop_id=workshop.pk, actor=request.user, **form.cleaned_data)
        except services.TravelError as error:
            form.refused(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:travel_settings", slug=workshop.slug)
    return render(
        request,
        "console/travel/settings.html",
        {
            "workshop": workshop,
            "section": "travel",
            "forms": forms,
            "terms": terms,
            "rates": rate_table(workshop),
            "blocks": blocks_with_use(workshop),
        },
        status=400 if posted else 200,
    )


def funded_nomination(workshop, nomination_id):
    nomination = funded_nominations(workshop).filter(pk=nomination_id).first()
    if nomination is None:
        raise Http404
    return nomination


def trip_forms(request, workshop, nomination, posted):
    trip = trip_of(nomination)
    terms = travel_terms(workshop)
    data = request.POST if posted else None

    def bound(name):
        return data if posted == name else None

    return {
        "itinerary": ItineraryForm(bound("itinerary"), initial=ItineraryForm.initial_of(trip), prefix="itinerary"),
        "ticket": TicketForm(
            bound("ticket"),
            request.FILES if posted == "ticket" else None,
            initial={
                "ticket_by": trip.ticket_by if trip else "",
                "cost": trip.ticket_cost if trip else None,
                "currency": terms.currency if terms else "USD",
            },
            prefix="ticket",
        ),
        "room": RoomForm(
            bound("room"),
            workshop=workshop,
            prefix="room",
            initial={"block": trip.room.block_id if trip and hasattr(trip, "room") else None},
        ),
        "dsa": DsaForm(
            bound("dsa"),
            workshop=workshop,
            prefix="dsa",
            initial={
                "percentage": trip.dsa_percentage if trip else None,
                "excused_days": trip.excused_days if trip else [],
            },
        ),
        "decide": ClaimDecisionForm(bound("decide"), prefix="decide"),
    }


def run_trip_form(request, workshop, nomination, name, form):
    common = {"workshop_id": workshop.pk, "nomination_id": nomination.pk, "actor": request.user}
    data = form.cleaned_data
    if name == "itinerary":
        services.save_itinerary(**common, **data)
    elif name == "ticket":
        services.record_ticket(
            **common, ticket_by=data["ticket_by"], cost=data["cost"], currency=data["currency"], upload=data["file"]
        )
    elif name == "room":
        services.assign_room(**common, block_id=data["block"].pk)
    elif name == "dsa":
        services.set_dsa(**common, percentage=data["percentage"], excused_days=data["excused_days"])
    elif name == "grant":
        services.grant_dsa(**common)
    else:
        services.decide_claim(**common, **data)


@workshop_view()
@require_http_methods(["GET", "POST"])
def travel_trip(request, workshop, nomination_id):
    nomination = funded_nomination(workshop, nomination_id)
    posted = request.POST.get("form") if request.method == "POST" else None
    forms = trip_forms(request, workshop, nomination, posted)
    if posted == "grant" or (posted in forms and forms[posted].is_valid()):
        try:
            run_trip_form(request, workshop, nomination, posted, forms.get(posted))
        except services.TravelError as error:
            if posted in forms:
                forms[posted].refused(error)
            else:
                messages.error(request, error.message)
                return redirect("console:travel_trip", slug=workshop.slug, nomination_id=nomination.pk)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:travel_trip", slug=workshop.slug, nomination_id=nomination.pk)
    nomination = funded_nomination(workshop, nomination_id)
    trip = trip_of(nomination)
    computation, problem = shown_computation(trip, workshop)
    claim = getattr(trip, "claim", None) if trip else None
    return render(
        request,
        "console/travel/trip.html",
        {
            "workshop": workshop,
            "section": "travel",
            "nomination": nomination,
            "trip": trip,
            "claim": claim,
            "boarding_passes": claim.boarding_passes.all() if claim else [],
            "forms": forms,
            "posted": posted,
            "computation": computation,
            "problem": problem,
            "terms": travel_terms(workshop),
            "budget": budget_use(workshop),
        },
        status=400 if posted else 200,
    )


def private_file(field, filename, content_type):
    response = FileResponse(field.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


@workshop_view()
@require_safe
def travel_ticket(request, workshop, nomination_id):
    trip = trip_of(funded_nomination(workshop, nomination_id))
    if trip is None or not trip.ticket_file:
        raise Http404
    return private_file(trip.ticket_file, trip.ticket_file_name, CONTENT_TYPES["pdf"])


@workshop_view()
@require_safe
def travel_boarding_pass(request, workshop, nomination_id, boarding_pass_id):
    funded_nomination(workshop, nomination_id)
    boarding_pass = get_object_or_404(
        BoardingPass, pk=boarding_pass_id, claim__trip__nomination_id=nomination_id, claim__trip__workshop=workshop
    )
    return private_file(boarding_pass.file, boarding_pass.original_name, CONTENT_TYPES[boarding_pass.extension])


@workshop_view()
@require_safe
def travel_letter(request, workshop, nomination_id):
    nomination = funded_nomination(workshop, nomination_id)
    trip = trip_of(nomination)
    if trip is None:
        raise Http404
    trip.workshop = workshop
    response = HttpResponse(travel_letter_pdf(trip), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="travel-authorisation-{nomination.pk}.pdf"'
    return response


@workshop_view()
@require_safe
def travel_arrivals(request, workshop):
    return render(
        request,
        "console/travel/arrivals.html",
        {"workshop": workshop, "section": "travel", "days": arrivals(workshop)},
    )


@workshop_view()
@require_safe
def travel_rooming(request, workshop):
    return render(
        request,
        "console/travel/rooming.html",
        {"workshop": workshop, "section": "travel", "blocks": rooming(workshop)},
    )


def payments_name(workshop, extension):
    return f"{workshop.slug}-travel-payments.{extension}"


@workshop_view()
@require_safe
def travel_payments_csv(request, workshop):
    response = StreamingHttpResponse(csv_pieces(iter(payment_table(workshop))), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{payments_name(workshop, "csv")}"'
    return response


@workshop_view()
@require_safe
def travel_payments_xlsx(request, workshop):
    return FileResponse(
        xlsx_file((_("Payments"), payment_table(workshop))),
        as_attachment=True,
        filename=payments_name(workshop, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@workshop_view()
@require_safe
def travel_payments(request, workshop):
    rows, totals, total, currency = payment_rows(workshop)
    return render(
        request,
        "console/travel/payments.html",
        {
            "workshop": workshop,
            "section": "travel",
            "rows": rows,
            "item_labels": item_labels(),
            "totals": list(zip(item_labels(), (totals[item] for item in PAYMENT_ITEMS), strict=True)),
            "total": total,
            "currency": currency,
        },
    )
