"""Attendance: who was there on each day and at each session that takes attendance, its exports, records made or
undone by hand, and the signs people scan to check themselves in."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from console.access import workshop_view
from console.exports import attendance_rows, attendance_xlsx, csv_pieces
from console.forms import AttendanceFilterForm
from console.pagination import paged
from console.selectors import attendance_grid, attendance_people, countries_present, organisations_present
from console.views.copies import console_page
from core.numbers import whole_number
from documents.rendering import qr_code
from participants.models import Attendance, Registration
from participants.selectors import self_check_in_code
from participants.services import AlreadyCheckedIn, RegistrationError, check_in, undo_attendance
from sessions.selectors import attendance_sessions

ATTENDANCE_PER_PAGE = 50


def filtered_people(request, workshop):
    """(the filter form, the people it selects) from the request's query string."""
    form = AttendanceFilterForm(
        request.GET,
        workshop=workshop,
        countries_present=countries_present(workshop),
        organisations_present=organisations_present(workshop),
    )
    return form, attendance_people(workshop, **form.filters())


@workshop_view()
@require_safe
def attendance(request, workshop):
    """People × days (and sessions), a page at a time, each record with its undo and each gap with a button that
    records it (a day the desk missed): the table from the cache, as the check-in desk's."""
    now = timezone.now()
    today = timezone.localdate(now, workshop.tzinfo)
    sessions = list(attendance_sessions(workshop))
    started = sum(session.starts_at <= now for session in sessions)
    return console_page(
        request,
        workshop,
        "attendance",
        "console/attendance.html",
        "console/_attendance_table.html",
        lambda: attendance_table_context(request, workshop, sessions, now, today),
        # Which days and sessions can be recorded by hand changes with the clock, with no version raised.
        also=f"{today.isoformat()}+{started}",
    )


def attendance_table_context(request, workshop, sessions, now, today):
    form, people = filtered_people(request, workshop)
    page, query = paged(request, people, ATTENDANCE_PER_PAGE)
    grid = attendance_grid([registration.pk for registration in page])
    columns = [(day, day, day <= today) for day in workshop.days]
    columns += [(session, session.pk, session.starts_at <= now) for session in sessions]
    rows = [
        (
            registration,
            [(column, key, grid[registration.pk].get(key), recordable) for column, key, recordable in columns],
        )
        for registration in page
    ]
    return {
        "workshop": workshop,
        "form": form,
        "page": page,
        "query": query,
        "rows": rows,
        "days": workshop.days,
        "sessions": sessions,
        # The person, each day, each session and the count of days.
        "column_count": len(workshop.days) + len(sessions) + 2,
        "needed": workshop.days_for_certificate,
        "view": form.cleaned_data.get("view", ""),
        "export_query": request.GET.urlencode(),
    }


def export_name(workshop, extension):
    return f"{workshop.slug}-attendance.{extension}"


@workshop_view()
@require_safe
def attendance_csv(request, workshop):
    """The page's people (its filters, every page) as CSV, streamed as the database hands them over."""
    _form, people = filtered_people(request, workshop)
    rows = attendance_rows(workshop, people, list(attendance_sessions(workshop)))
    response = StreamingHttpResponse(csv_pieces(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_name(workshop, "csv")}"'
    return response


@workshop_view()
@require_safe
def attendance_xlsx_export(request, workshop):
    """The same as XLSX: written row by row to a temporary file (XlsxWriter's constant-memory mode), then streamed."""
    _form, people = filtered_people(request, workshop)
    rows = attendance_rows(workshop, people, list(attendance_sessions(workshop)))
    return FileResponse(
        attendance_xlsx(rows),
        as_attachment=True,
        filename=export_name(workshop, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def back_to_attendance(request, workshop, registration_id):
    """To the page and filters the organiser was on, at the person's row."""
    url = reverse("console:attendance", kwargs={"slug": workshop.slug})
    back = request.POST.get("back", "")
    query = back if back.isascii() and "#" not in back and "\n" not in back else ""
    return redirect(f"{url}?{query}#attendance-{registration_id}" if query else f"{url}#attendance-{registration_id}")


@workshop_view()
@require_POST
def attendance_record(request, workshop, registration_id):
    """Record a day the desk missed (`day`, an ISO date) or a session (`session`) for one person."""
    day_text = request.POST.get("day", "")
    try:
        day = datetime.date.fromisoformat(day_text) if day_text else None
    except ValueError:
        messages.error(request, _("That is not a day of the workshop: nothing was recorded."))
        return back_to_attendance(request, workshop, registration_id)
    try:
        registration = check_in(
            workshop_id=workshop.pk,
            registration_id=registration_id,
            session_id=whole_number(request.POST.get("session", "")),
            day=day,
            actor=request.user,
        )
    except Registration.DoesNotExist as missing:
        raise Http404 from missing
    except AlreadyCheckedIn as repeat:
        messages.info(request, repeat.message)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Attendance of %(name)s recorded.") % {"name": registration.participant.full_name})
    return back_to_attendance(request, workshop, registration_id)


@workshop_view()
@require_POST
def attendance_undo(request, workshop, attendance_id):
    """Take back one record of this workshop (another workshop's answers 404)."""
    try:
        registration = undo_attendance(workshop_id=workshop.pk, attendance_id=attendance_id, actor=request.user)
    except Attendance.DoesNotExist as missing:
        raise Http404 from missing
    messages.success(request, _("Record of %(name)s undone.") % {"name": registration.participant.full_name})
    return back_to_attendance(request, workshop, registration.pk)


@workshop_view()
@require_safe
def attendance_signs(request, workshop):
    """A printable sign per session that takes attendance, with the QR code people scan to check themselves in."""
    signs = []
    for session in attendance_sessions(workshop):
        url = settings.SITE_URL.rstrip("/") + reverse(
            "participants:self_check_in", kwargs={"code": self_check_in_code(session)}
        )
        signs.append((session, url, qr_code(url)))
    return render(
        request, "console/attendance_signs.html", {"workshop": workshop, "section": "attendance", "signs": signs}
    )
