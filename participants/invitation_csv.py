"""Reading an organiser's invitation list: columns email, name, organisation, country, language.

UTF-8 with or without a byte-order mark, comma or semicolon separated. Every problem is reported
with its line number, so that the organiser can fix the file and upload it again. `parse_csv` and
`read_header` do the same for any other list an organiser uploads (a workshop's quotas, say).
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django_countries import countries

from core.languages import language_codes

from .models import Invitation

COLUMNS = ("email", "name", "organisation", "country", "language")
REQUIRED_COLUMNS = ("email", "name")
MAX_ROWS = 20000


@dataclass
class InvitationRow:
    line: int
    email: str
    name: str
    organisation: str
    country: str
    # '' when the file gives none: the invitation is then in the workshop's language.
    language: str = ""


@dataclass
class ParsedCsv:
    rows: list = field(default_factory=list)
    # (line number or None for the whole file, reason)
    errors: list = field(default_factory=list)

    def add_error(self, line, reason):
        self.errors.append((line, reason))

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


def decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            _(
                "The file is not UTF-8 text (unreadable byte at position %(position)d). "
                "Save it as “CSV UTF-8” in your spreadsheet program and upload it again."
            )
            % {"position": error.start}
        ) from error


def country_code(value):
    """An ISO 3166 code or an English country name, as a two-letter code; '' if unknown."""
    if not value:
        return ""
    # `in countries` looks the code up; `in dict(countries)` built and translated the whole list for every row.
    if value.upper() in countries:
        return value.upper()
    return countries.by_name(value) or ""


def parse_csv(data, *, columns, read_rows):
    """Parse the bytes of an uploaded file with `read_rows(reader, parsed)`; never raises on bad input."""
    parsed = ParsedCsv()
    try:
        text = decode(data)
    except ValueError as error:
        parsed.add_error(None, str(error))
        return parsed
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        parsed.add_error(
            None,
            _("The file is empty; the first line must name the columns: %(columns)s.")
            % {"columns": ", ".join(columns)},
        )
        return parsed
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    # newline=None reads CR-only (old Mac), LF and CRLF line endings alike.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    try:
        read_rows(reader, parsed)
    except csv.Error as error:
        # The csv module stops at what it cannot read (a value over its size limit, a stray quote in
        # strict mode); the rows after that point cannot be trusted either.
        parsed.add_error(
            reader.line_num,
            _("The file is not a readable CSV file from this line on (%(reason)s).") % {"reason": error},
        )
    return parsed


def read_header(reader, parsed, *, columns, required):
    """The column names of the first line, or None (and an error on line 1) when they are not `columns`."""
    header = [column.strip().lower() for column in next(reader)]
    missing = [column for column in required if column not in header]
    unknown = [column for column in header if column not in columns]
    if missing or unknown:
        parsed.add_error(
            1,
            _("The first line must name the columns %(columns)s (found: %(found)s).")
            % {"columns": ", ".join(columns), "found": ", ".join(header)},
        )
        return None
    return header


def records(reader, parsed, header, *, max_rows, too_many):
    """(line number, {column: value}) of each non-blank line with one value per column; the other lines are
    reported on `parsed`. Stops, saying `too_many`, once the file has given `max_rows` lines."""
    line_before = reader.line_num
    for values in reader:
        line, last_line, line_before = line_before + 1, reader.line_num, reader.line_num
        if not any(value.strip() for value in values):
            continue
        if last_line > line:
            # A quote left open swallows the lines after it into one value: the people on them would vanish.
            parsed.add_error(
                line,
                _(
                    "A quote opened on this line is not closed before line %(end)d, so those lines were read as "
                    "one value. Check the quotes."
                )
                % {"end": last_line},
            )
            continue
        if len(parsed.rows) + len(parsed.errors) >= max_rows:
            parsed.add_error(line, too_many)
            return
        if len(values) != len(header):
            parsed.add_error(
                line,
                _("%(found)d values where the first line names %(expected)d columns.")
                % {"found": len(values), "expected": len(header)},
            )
            continue
        yield line, dict(zip(header, (value.strip() for value in values), strict=True))


def null_problem(values):
    if any("\x00" in value for value in values):
        # PostgreSQL refuses the character outright; Django's forms refuse it too.
        return _("A value cannot contain the null character.")
    return None


def parse_invitation_csv(data):
    return parse_csv(data, columns=COLUMNS, read_rows=read_rows)


def read_rows(reader, parsed):
    """Check the header line, then add each row of `reader` to `parsed` as an invitation or an error."""
    header = read_header(reader, parsed, columns=COLUMNS, required=REQUIRED_COLUMNS)
    if header is None:
        return
    seen = {}
    too_many = _("A file may hold at most %(count)d invitations.") % {"count": MAX_ROWS}
    for line, record in records(reader, parsed, header, max_rows=MAX_ROWS, too_many=too_many):
        row = InvitationRow(
            line=line,
            email=record["email"],
            name=record["name"],
            organisation=record.get("organisation", ""),
            country=country_code(record.get("country", "")),
            language=record.get("language", "").lower(),
        )
        problems = row_problems(row, record, seen)
        if problems:
            parsed.add_error(line, " ".join(problems))
        else:
            seen[row.email.lower()] = line
            parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.add_error(None, _("The file names the columns but holds no invitation."))


def max_length(name):
    return Invitation._meta.get_field(name).max_length


def row_problems(row, record, seen):
    """What keeps one row from becoming an invitation; the database must never be the one to refuse it."""
    problems = [problem for problem in [null_problem(record.values())] if problem]
    try:
        validate_email(row.email)
    except ValidationError:
        problems.append(_("“%(email)s” is not a valid email address.") % {"email": row.email})
    else:
        # The address syntax allows up to 320 characters; the column (and SMTP's path limit) holds 254.
        if len(row.email) > max_length("email"):
            problems.append(
                _("The email address is too long (at most %(count)d characters).") % {"count": max_length("email")}
            )
    if row.email.lower() in seen:
        problems.append(_("The same email is on line %(line)d.") % {"line": seen[row.email.lower()]})
    if not row.name:
        problems.append(_("The name is missing."))
    if len(row.name) > max_length("name") or len(row.organisation) > max_length("organisation_name"):
        problems.append(_("The name or organisation is too long."))
    country_given = record.get("country", "")
    if country_given and not row.country:
        problems.append(_("“%(country)s” is not a country name or ISO code.") % {"country": country_given})
    if row.language and row.language not in language_codes():
        problems.append(
            _("“%(language)s” is not a language of the portal (use %(codes)s, or leave it empty).")
            % {"language": record["language"], "codes": ", ".join(language_codes())}
        )
    return problems
