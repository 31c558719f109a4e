"""Registrations: the table and its decisions, check-in on the day, and the exports."""

import functools

from django.contrib import messages
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries

from activity.selectors import registration_histories
from activity.sentences import describe
from console.access import workshop_view
from console.exports import XLSX_TYPE, participant_list_sections, registrations_csv, registrations_xlsx
from console.forms import CheckInSearchForm, DecisionForm, RegistrationFilterForm
from console.pagination import paged
from console.selectors import checkin_numbers, checkin_people, countries_present, filtered_registrations
from console.views.copies import console_page
from core.numbers import whole_number
from delegations.models import Funding
from documents.selectors import registration_id_from_badge
from participants.answers import answers_of, registration_questions
from participants.models import Registration
from participants.services import AlreadyCheckedIn, RegistrationError, check_in, decide_registrations, undo_check_in
from questions.engine import AnswerColumns
from sessions.selectors import attendance_sessions

REGISTRATIONS_PER_PAGE = 50
# People on one page of the check-in desk: a phone's screenful or two, some 25 KB of HTML.
CHECKIN_PER_PAGE = 25
# Where the printed list's page leaves room for the list, which follows it from the database (only the footer's
# count comes after it, so the last occurrence is the place even if a workshop's title held these words).
LIST_PLACE = "the-list-of-participants-goes-here"
COUNT_PLACE = "the-number-of-participants-goes-here"
Status = Registration.Status


@workshop_view()
@require_safe
def registrations(request, workshop):
    return console_page(
        request,
        workshop,
        "registrations",
        "console/registrations.html",
        "console/_registrations_table.html",
        lambda: registrations_table_context(request, workshop),
    )


def registrations_table_context(request, workshop):
    filter_form = RegistrationFilterForm(request.GET or None, countries_present=countries_present(workshop))
    page, query = paged(request, filtered_registrations(workshop, **filter_form.filters()), REGISTRATIONS_PER_PAGE)
    # Translated once here, not for each button of each row.
    decisions = [(value, str(label)) for value, label in DecisionForm.base_fields["decision"].choices]
    label_rows(page, decisions)
    add_answers(page, workshop)
    return {
        "workshop": workshop,
        "filter_form": filter_form,
        "page": page,
        "query": query,
        "query_string": request.GET.urlencode(),
        "decisions": decisions,
        "funding_prefix": _("Funding:"),
    }


# The colour of a decision's button in a row.
DECISION_OUTLINES = {Status.CONFIRMED: "success", Status.REJECTED: "danger"}


def label_rows(page, decisions):
    """Each row's labels, sentences and buttons, from translations looked up once for the page: the template
    would look up a label, a country's name and a sentence for every row and every button."""
    histories = registration_histories([registration.pk for registration in page])
    statuses, sources, fundings = (
        {value: str(label) for value, label in choices}
        for choices in (Status.choices, Registration.Source.choices, Funding.choices)
    )
    select, decided, act = _("Select %(name)s"), _("by %(who)s, %(when)s"), _("%(action)s %(name)s")
    history_labels = functools.cache(
        lambda n: ngettext("History (%(n)s entry)", "History (%(n)s entries)", n) % {"n": n}
    )
    country_names = functools.cache(countries.name)
    for registration in page:
        name = registration.participant.full_name
        registration.status_label = statuses[registration.status]
        registration.source_label = sources[registration.source]
        registration.funding_label = fundings.get(registration.funding, "")
        registration.country_name = country_names(registration.participant.country.code)
        registration.select_label = select % {"name": name}
        registration.decided_line = registration.decided_by and decided % {
            "who": registration.decided_by,
            "when": short_local_time(registration.decided_at),
        }
        registration.history = [(logged, describe(logged)) for logged in histories[registration.pk]]
        registration.history_label = registration.history and history_labels(len(registration.history))
        registration.buttons = [
            (value, label, act % {"action": label, "name": name}, DECISION_OUTLINES.get(value, "secondary"))
            for value, label in decisions
            if registration.status != Status.CANCELLED and value != registration.status
        ]


def add_answers(page, workshop):
    """Each row's answers to the registration questions, as (question, answer) texts in the reader's language: two
    queries for the page, however many questions."""
    columns = AnswerColumns(registration_questions(workshop.pk, archived=True))
    if not columns.questions:
        return
    found = answers_of([registration.pk for registration in page])
    label = _("Answers (%(count)s)")
    for registration in page:
        given = found.get(registration.pk, {})
        registration.answer_texts = [
            (header, text) for header, text in zip(columns.headers, columns.cells(given), strict=True) if text
        ]
        registration.answers_label = registration.answer_texts and label % {"count": len(registration.answer_texts)}


def short_local_time(moment):
    """ "3 Nov. 14:05" on the workshop's clock, as the template's date filter "j N H:i" writes it."""
    return dateformat.format(timezone.localtime(moment), "j N H:i") if moment else ""


def decision_message(decision, decided, no_seat):
    done = {
        Status.CONFIRMED: ngettext("%(count)s registration confirmed.", "%(count)s registrations confirmed.", decided),
        Status.WAITLISTED: ngettext(
            "%(count)s registration waitlisted.", "%(count)s registrations waitlisted.", decided
        ),
        Status.REJECTED: ngettext("%(count)s registration rejected.", "%(count)s registrations rejected.", decided),
    }[decision] % {"count": decided}
    if no_seat:
        done += " " + ngettext(
            "%(count)s was not confirmed: no seat is left.", "%(count)s were not confirmed: no seats are left.", no_seat
        ) % {"count": no_seat}
    return done


@workshop_view()
@require_POST
def registrations_decide(request, workshop):
    form = DecisionForm(request.POST, workshop=workshop)
    query = QueryDict(request.POST.get("query", ""))
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        registration_ids = form.cleaned_data["registrations"]
        if registration_ids is None:
            filters = RegistrationFilterForm(query, countries_present=countries_present(workshop)).filters()
            registration_ids = list(filtered_registrations(workshop, **filters).values_list("pk", flat=True))
        try:
            decided, no_seat = decide_registrations(
                workshop_id=workshop.pk,
                registration_ids=registration_ids,
                decision=decision,
                actor=request.user,
                message=form.cleaned_data["message"].strip(),
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            level = messages.WARNING if no_seat else messages.SUCCESS
            messages.add_message(request, level, decision_message(decision, len(decided), len(no_seat)))
    else:
        messages.error(request, " ".join(form.non_field_errors()) or _("Tick registrations and choose a decision."))
    # Back to the same filtered page; the query is re-encoded so only parameters come back.
    query = query.urlencode()
    return redirect(reverse("console:registrations", kwargs={"slug": workshop.slug}) + (f"?{query}" if query else ""))


@workshop_view()
@require_safe
def registrations_export(request, workshop):
    """All registrations, or those the table's filters select when the link carries them."""
    filter_form = RegistrationFilterForm(request.GET or None, countries_present=countries_present(workshop))
    rows = filtered_registrations(workshop, **filter_form.filters())
    # Streamed: 10,000 rows start arriving at once and never sit in memory whole.
    response = StreamingHttpResponse(registrations_csv(workshop, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}-registrations.csv"'
    return response


@workshop_view()
@require_safe
def registrations_xlsx_export(request, workshop):
    """The same as XLSX: written row by row to a temporary file (XlsxWriter's constant-memory mode), then streamed."""
    filter_form = RegistrationFilterForm(request.GET or None, countries_present=countries_present(workshop))
    rows = filtered_registrations(workshop, **filter_form.filters())
    return FileResponse(
        registrations_xlsx(workshop, rows),
        as_attachment=True,
        filename=f"{workshop.slug}-registrations.xlsx",
        content_type=XLSX_TYPE,
    )


@workshop_view()
@require_safe
def participant_list(request, workshop):
    """The printed list of participants, by country then organisation, as meetings hand it out, streamed: the
    page's head goes out before the database is asked anything of the list (at 10,000 people, counting them by
    country and organisation took longer than everything else before the first byte)."""
    page = render_to_string(
        "console/participant_list.html",
        {"workshop": workshop, "sections": LIST_PLACE, "count_text": COUNT_PLACE},
        request,
    )
    head, _place, tail = page.rpartition(LIST_PLACE)

    def pieces():
        yield head
        count, sections = participant_list_sections(filtered_registrations(workshop, status=Status.CONFIRMED))
        yield from sections
        count_text = ngettext("%(counter)s participant", "%(counter)s participants", count) % {"counter": count}
        yield tail.replace(COUNT_PLACE, conditional_escape(count_text))

    return StreamingHttpResponse(pieces())


@workshop_view(checkin_staff_allowed=True)
@require_safe
def checkin(request, workshop):
    """Search first, a page of people at a time: a phone at the door loads a few kilobytes, not the whole list."""
    today = timezone.localdate(timezone.now(), workshop.tzinfo)
    return console_page(
        request,
        workshop,
        "checkin",
        "console/checkin.html",
        "console/_checkin_desk.html",
        lambda: checkin_desk_context(request, workshop, today),
        # Who is checked in "today" changes at midnight on the workshop's clock, with no version raised.
        also=today.isoformat(),
    )


def desk_session(data, sessions):
    """The session the desk records (`session` in `data`, among `sessions`), or None for the day."""
    chosen = whole_number(data.get("session", ""))
    return next((session for session in sessions if session.pk == chosen), None)


def checkin_desk_context(request, workshop, today):
    search = CheckInSearchForm(request.GET).search().strip()
    badge = registration_id_from_badge(search)
    sessions = list(attendance_sessions(workshop))
    session = desk_session(request.GET, sessions)
    numbers = checkin_numbers(workshop, day=today, session=session)
    page, query = paged(
        request,
        checkin_people(workshop, search, badge_registration_id=badge, day=today, session=session),
        CHECKIN_PER_PAGE,
        count=None if search else numbers["confirmed"],
    )
    label_people(page)
    return {
        "workshop": workshop,
        "search": search,
        "badge": badge is not None,
        "page": page,
        "query": query,
        "today": today,
        "is_workshop_day": workshop.start_date <= today <= workshop.end_date,
        "sessions": sessions,
        "session": session,
        "check_in": _("Check in"),
        "undo": _("Undo"),
        **numbers,
    }


def label_people(page):
    """Each person's country, check-in time and button label, from translations looked up once for the page."""
    checked_in, check_in, undo = (
        _("checked in %(day)s, %(time)s"),
        _("Check in %(name)s"),
        _("Undo check-in of %(name)s"),
    )
    country_names = functools.cache(countries.name)
    for registration in page:
        name = registration.participant.full_name
        registration.country_name = country_names(registration.participant.country.code)
        if registration.recorded_at:
            moment = timezone.localtime(registration.recorded_at)
            registration.checked_in_line = checked_in % {
                "day": dateformat.format(moment, "D j N"),
                "time": dateformat.time_format(moment, "H:i"),
            }
        registration.action_label = (undo if registration.recorded_at else check_in) % {"name": name}


@workshop_view(checkin_staff_allowed=True)
@require_POST
def checkin_scan(request, workshop):
    """The check-in box: a badge's code (scanned or typed) checks that person in; anything else searches names."""
    typed = CheckInSearchForm(request.POST).search().strip()
    session_id = whole_number(request.POST.get("session", ""))
    mode = {"session": session_id} if session_id else {}
    registration_id = registration_id_from_badge(typed)
    if registration_id is None:
        return redirect(desk_url(workshop, q=typed, **mode))
    try:
        registration = check_in(
            workshop_id=workshop.pk, registration_id=registration_id, session_id=session_id, actor=request.user
        )
    except Registration.DoesNotExist:
        messages.error(request, _("This badge is for another workshop: check the person in at that workshop's desk."))
        return redirect(desk_url(workshop, **mode))
    except AlreadyCheckedIn as repeat:
        messages.info(request, repeat.message)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.participant.full_name})
    # The badge's holder alone, with the undo button at hand; the box stays empty for the next scan.
    return redirect(f"{desk_url(workshop, q=typed, **mode)}#registration-{registration_id}")


def desk_url(workshop, **query):
    """The check-in desk's address with the parts of `query` that say something."""
    url = reverse("console:checkin", kwargs={"slug": workshop.slug})
    query = {name: value for name, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def back_to_checkin(request, workshop, registration):
    """To the search and the page the person was found on."""
    url = reverse("console:checkin", kwargs={"slug": workshop.slug})
    search = QueryDict(mutable=True)
    for name in ("q", "page", "session"):
        if request.POST.get(name):
            search[name] = request.POST[name]
    if search:
        url += f"?{search.urlencode()}"
    return redirect(f"{url}#registration-{registration}")


def run_check_in(request, workshop, registration_id, operation, done):
    """Run a check-in operation on this workshop's registration (another workshop's answers 404)."""
    try:
        registration = operation(
            workshop_id=workshop.pk,
            registration_id=registration_id,
            session_id=whole_number(request.POST.get("session", "")),
            actor=request.user,
        )
    except Registration.DoesNotExist as missing:
        raise Http404 from missing
    except AlreadyCheckedIn as repeat:
        messages.info(request, repeat.message)
        return back_to_checkin(request, workshop, registration_id)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"name": registration.participant.full_name})
    return back_to_checkin(request, workshop, registration_id)


@workshop_view(checkin_staff_allowed=True)
@require_POST
def checkin_attend(request, workshop, registration_id):
    return run_check_in(request, workshop, registration_id, check_in, _("%(name)s is checked in."))


@workshop_view(checkin_staff_allowed=True)
@require_POST
def checkin_undo(request, workshop, registration_id):
    return run_check_in(request, workshop, registration_id, undo_check_in, _("Check-in of %(name)s undone."))
