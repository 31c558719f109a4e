"""The exports of registrations, streamed from the database as they are sent: a CSV file that Excel opens safely
and with every script intact, and the printed list of participants; the attendance as CSV or XLSX. The
registrations read their rows in chunks by key (core.chunks), never through a server-side cursor, so they stream
behind PgBouncer too."""

import csv
import itertools
import re
import tempfile
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_countries import countries
from xlsxwriter import Workbook

from core.chunks import in_key_chunks
from core.personal_data import ERASED_NAME, shown_name
from delegations.models import Funding
from outcomes.models import SurveyResponse
from participants.answers import answers_of, registration_questions
from participants.models import Attendance, Gender, Registration
from questions.engine import AnswerColumns, column_header
from workshops.models import OrganisationKind

# A spreadsheet treats a cell starting with one of these as a formula (or a formula's continuation).
FORMULA_STARTS = frozenset("=+-@\t\r")
# What XML 1.0, which an XLSX is written in, cannot hold: the control characters other than tab, newline and return.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A sheet's name is at most 31 characters in Excel.
SHEET_NAME_LENGTH = 31
# Excel reads a CSV as UTF-8, so Korean, Thai or Mongolian names survive, only when it starts with a BOM.
UTF8_BOM = "\ufeff"
# Rows read from the database per round trip, and written out per piece of the response.
CHUNK_ROWS = 1000
# What each row reads: plain values, no model instances (building them was most of the time at 10,000 rows).
ROW_FIELDS = (
    "participant__full_name",
    "participant__user__email",
    "participant__organisation__name",
    "participant__organisation__kind",
    "participant__position",
    "participant__country",
    "participant__gender",
    "status",
    "source",
    "funding",
    "created_at",
    "decided_at",
    "attended_at",
    "participant__dietary_needs",
    "participant__accessibility_needs",
    "note",
    "pk",
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text):
    """Make a cell inert: a leading apostrophe stops spreadsheets from evaluating it."""
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def csv_cell(value):
    """A CSV cell: a number as it is (a negative amount is no formula), any text made inert."""
    return str(value) if isinstance(value, int | Decimal) else neutralise(str(value))


def local_time(value, zone):
    """2015-11-10 09:30 on the workshop's clock ("" for no time), formatted by hand: strftime was a fifth of the
    export's time at 10,000 rows."""
    if not value:
        return ""
    local = value.astimezone(zone)
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


class Line:
    """A file-like object whose write() hands the line back, so that csv.writer formats rows one at a time."""

    def write(self, text):
        return text


def registration_rows(workshop, registrations):
    """The header, then each registration's row, its answers to the registration questions last (a column per
    question, archived ones too); every label is translated once, here, in the request's language."""
    named = {"zone": workshop.time_zone}
    answer_columns = AnswerColumns(registration_questions(workshop.pk, archived=True))
    header = [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Organisation kind"),
        _("Position"),
        _("Country"),
        _("Gender"),
        _("Status"),
        _("Source"),
        _("Funding"),
        _("Registered (%(zone)s)") % named,
        _("Decided (%(zone)s)") % named,
        _("Checked in (%(zone)s)") % named,
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Note"),
        *answer_columns.headers,
    ]
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    country_names = {code: str(name) for code, name in countries}
    genders = {value: str(label) for value, label in Gender.choices}
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    sources = {value: str(label) for value, label in Registration.Source.choices}
    fundings = {value: str(label) for value, label in Funding.choices}

    zone = workshop.tzinfo

    def rows():
        yield header
        found = in_key_chunks(registrations.values_list(*ROW_FIELDS), size=CHUNK_ROWS)
        while chunk := list(itertools.islice(found, CHUNK_ROWS)):
            answers = answers_of([row[-1] for row in chunk]) if answer_columns.questions else {}
            yield from (registration_row(row, answers) for row in chunk)

    def registration_row(row, answers):
        (
            name,
            email,
            organisation,
            kind,
            position,
            country,
            gender,
            status,
            source,
            funding,
            created_at,
            decided_at,
            attended_at,
            dietary_needs,
            accessibility_needs,
            note,
            pk,
        ) = row
        erased = name == ERASED_NAME
        return [
            shown_name(name),
            "" if erased else email,
            organisation or "",
            kinds.get(kind, kind) if organisation is not None else "",
            position,
            country_names.get(country) or countries.name(country) if country else "",
            genders.get(gender, gender),
            statuses.get(status, status),
            sources.get(source, source),
            fundings[funding] if funding else "",
            local_time(created_at, zone),
            local_time(decided_at, zone),
            local_time(attended_at, zone),
            dietary_needs,
            accessibility_needs,
            note,
            *answer_columns.cells(answers.get(pk, {})),
        ]

    return rows()


def registrations_csv(workshop, registrations):
    """The file in pieces, BOM and header first (before the database is even asked), then CHUNK_ROWS lines a piece."""
    return csv_pieces(registration_rows(workshop, registrations))


def csv_pieces(rows):
    """A CSV file of `rows` (the header first) in pieces of CHUNK_ROWS lines, each cell made inert."""
    writer = csv.writer(Line())

    def pieces():
        yield UTF8_BOM + writer.writerow(next(rows))
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            yield "".join(writer.writerow([csv_cell(cell) for cell in row]) for row in chunk)

    return pieces()


def attendance_rows(workshop, people, sessions):
    """The header, then each person's row: their time of arrival on each day and at each session (on the
    workshop's clock), how many days they attended and whether that earns a certificate. The records are read
    CHUNK_ROWS people at a time."""
    days = workshop.days
    header = [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Country"),
        _("Funding"),
        *(day.isoformat() for day in days),
        *(session.title for session in sessions),
        _("Days attended"),
        _("Certificate"),
    ]
    country_names = {code: str(name) for code, name in countries}
    fundings = {value: str(label) for value, label in Funding.choices}
    certificate = {True: _("Yes"), False: _("No")}
    needed = workshop.days_for_certificate
    zone = workshop.tzinfo
    columns = {**{day: n for n, day in enumerate(days)}, **{s.pk: len(days) + n for n, s in enumerate(sessions)}}
    found = people.values_list(
        "pk",
        "participant__full_name",
        "participant__user__email",
        "participant__organisation__name",
        "participant__country",
        "funding",
        "days_attended",
    ).iterator(chunk_size=CHUNK_ROWS)

    def rows():
        yield header
        while chunk := list(itertools.islice(found, CHUNK_ROWS)):
            arrivals = {}
            for registration, day, session, recorded_at in Attendance.objects.filter(
                registration__in=[row[0] for row in chunk]
            ).values_list("registration", "day", "session", "recorded_at"):
                column = columns.get(session or day)
                if column is not None:
                    local = recorded_at.astimezone(zone)
                    arrivals.setdefault(registration, {})[column] = f"{local.hour:02d}:{local.minute:02d}"
            for pk, name, email, organisation, country, funding, days_attended in chunk:
                times = arrivals.get(pk, {})
                yield [
                    shown_name(name),
                    "" if name == ERASED_NAME else email,
                    organisation or "",
                    country_names.get(country) or countries.name(country) if country else "",
                    fundings[funding] if funding else "",
                    *(times.get(column, "") for column in range(len(columns))),
                    days_attended,
                    certificate[days_attended >= needed],
                ]

    return rows()


def attendance_xlsx(rows):
    return xlsx_file((_("Attendance"), rows))


def registrations_xlsx(workshop, registrations):
    return xlsx_file((_("Registrations"), registration_rows(workshop, registrations)))


def xlsx_file(*sheets):
    """An XLSX workbook of sheets, each (its title, its rows), in a temporary file, open at its start for the response
    to stream. XlsxWriter's constant-memory mode writes each row to disk as it comes (memory does not grow with
    the rows), and 10,000 rows of 46 columns in about two thirds of openpyxl's time (bench/questions.py). Text is
    written as text, never read as a formula, a number or a link."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    workbook = Workbook(
        file,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    for title, rows in sheets:
        sheet = workbook.add_worksheet(str(title)[:SHEET_NAME_LENGTH])
        for number, row in enumerate(rows):
            # Each cell written by its type's own method, an empty one not at all: write_row's guess at each cell's
            # type was a sixth of the time at 10,000 rows of 46 columns.
            for column, value in enumerate(row):
                if value.__class__ is str:  # most cells: tested first
                    if value:
                        sheet.write_string(number, column, inert_text(value))
                elif isinstance(value, bool):
                    sheet.write_boolean(number, column, value)
                elif isinstance(value, int | float | Decimal):
                    sheet.write_number(number, column, value)
                elif value is not None:
                    sheet.write_string(number, column, inert_text(value))
    workbook.close()
    file.seek(0)
    return file


def survey_answer_rows(results):
    """The header, then one row per answer given: its day, who gave it (named surveys only), then one column per
    question (questions.engine's export columns, removed questions marked archived), read CHUNK_ROWS at a time."""
    survey = results.survey
    questions = [result.question for result in results.questions]
    named = not survey.anonymous
    answer_columns = AnswerColumns(questions)  # each label and choice translated once, not once a row
    header = [_("Answered on"), *([_("Name")] if named else []), *answer_columns.headers]
    fields = ["answered_on", "answers", *(["recipient__registration__participant__full_name"] if named else [])]
    responses = SurveyResponse.objects.filter(survey=survey).order_by("answered_on", "pk").values_list(*fields)

    def rows():
        yield header
        for answered_on, answers, *name in in_key_chunks(responses, size=CHUNK_ROWS):
            stored = {int(key): value for key, value in answers.items() if key.isdigit()}
            who = [shown_name(name[0]) if name[0] else _("Deleted participant")] if named else []
            yield [answered_on.isoformat(), *who, *answer_columns.cells(stored)]

    return rows()


def survey_summary_rows(results):
    """The figures of the results page as rows: the reach, then each question's answers counted, its average and n."""
    yield [_("Sent to"), results.sent]
    yield [_("Answered"), results.answered]
    yield [_("Response rate (%)"), results.rate if results.rate is not None else ""]
    yield []
    yield [_("Question"), _("Answer"), _("Count"), _("Average"), _("Answered (n)")]
    for result in results.questions:
        label = column_header(result.question)
        if result.is_text:
            yield [label, _("(written answers)"), result.answered, "", result.answered]
            continue
        average = "" if result.average is None else result.average
        yield [label, "", "", average, result.answered]
        for answer, count in result.counts:
            yield ["", answer, count]


def inert_text(value):
    """A spreadsheet cell's text: made inert, and without the control characters XML cannot hold."""
    text = str(value)
    if not text.isprintable():  # a quick test that spares most cells the search for control characters
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return neutralise(text)


# The list has always sorted people without a country, or without an organisation, after every name.
LAST = "~"


def dense_ranks(keys):
    """{value: rank of its key among the distinct keys}: equal keys share a rank, as they shared a place in a sort."""
    order = {key: rank for rank, key in enumerate(sorted(set(keys.values())))}
    return {value: order[key] for value, key in keys.items()}


def ranked(field, ranks):
    """A database expression giving each row the rank of its `field`, so the database sorts by a Python key."""
    return Case(
        *(
            When(**({f"{field}__isnull": True} if value is None else {field: value}), then=Value(rank))
            for value, rank in ranks.items()
        ),
        default=Value(len(ranks)),
        output_field=IntegerField(),
    )


def participant_list_sections(confirmed):
    """(how many people, the printed list's HTML one country after the other, one organisation at a time).

    Sorted as the list always was: by country name (in the reader's language), organisation name, then name
    whatever its case. The database sorts by the ranks of the first two, computed here from the few countries and
    organisations present; each organisation's people, a small group, are sorted by name here.
    """
    present = (
        confirmed.order_by()
        .values_list("participant__country", "participant__organisation", "participant__organisation__name")
        .annotate(people=Count("pk"))
    )
    country_names, organisation_names, count = {}, {}, 0
    for country, organisation, organisation_name, people in present:
        country_names[country] = countries.name(country)
        organisation_names[organisation] = organisation_name
        count += people
    country_ranks = dense_ranks({code: name if code else LAST for code, name in country_names.items()})
    organisation_ranks = dense_ranks({pk: name or LAST for pk, name in organisation_names.items()})
    rows = (
        # The ranks' conditions name the columns by aliases: each of a hundred conditions naming the column by its
        # path through the joins cost the ORM its own join resolution, 30 ms a list before the first byte.
        confirmed.alias(country_code=F("participant__country"), organisation_key=F("participant__organisation"))
        .annotate(
            country_rank=ranked("country_code", country_ranks),
            organisation_rank=ranked("organisation_key", organisation_ranks),
        )
        .order_by("country_rank", "organisation_rank", "created_at", "pk")
        .values_list(
            "country_rank",
            "organisation_rank",
            "participant__country",
            "participant__organisation",
            "participant__organisation__name",
            "participant__full_name",
            "participant__position",
            "participant__user__email",
        )
    )
    no_country = _("International organisations and others")
    no_organisation = _("No organisation given")
    nobody = _("No confirmed participant yet.")

    def sections():
        counter = 0
        for _country_rank, country_rows in itertools.groupby(
            in_key_chunks(rows, size=CHUNK_ROWS), key=lambda row: row[0]
        ):
            counter += 1
            for position, (_ranks, sorted_rows) in enumerate(itertools.groupby(country_rows, key=lambda row: row[1])):
                people = sorted(sorted_rows, key=lambda row: row[5].casefold())
                if position == 0:
                    country = people[0][2]
                    yield format_html(
                        '\n  <section class="participant-country" aria-labelledby="country-{}">'
                        '\n    <h2 id="country-{}" class="h5 border-bottom pb-1 mt-3">{}</h2>\n    \n    ',
                        counter,
                        counter,
                        country_names[country] if country else no_country,
                    )
                # Two organisations of the same name share a place: each run of one of them is its own group.
                for _organisation, group in itertools.groupby(people, key=lambda row: row[3]):
                    yield "".join(organisation_block(list(group), no_organisation))
            yield "\n  </section>\n  "
        if not counter:
            yield format_html('\n  <p class="text-muted">{}</p>\n  ', nobody)

    return count, sections()


def organisation_block(people, no_organisation):
    yield format_html(
        '\n      <h3 class="h6 mt-2 mb-1 fst-italic">{}</h3>\n      <ul class="list-unstyled ms-3 mb-2">\n      ',
        people[0][4] or no_organisation,
    )
    for *_ranks, _country, _organisation, _organisation_name, name, position, email in people:
        yield format_html(
            '\n        <li><span class="fw-semibold">{}</span>{}'
            '<span class="text-muted small"> · {}</span></li>\n      ',
            shown_name(name),
            format_html(", {}", position) if position else "",
            "" if name == ERASED_NAME else email,
        )
    yield "\n      </ul>\n    "
