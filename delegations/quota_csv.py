"""Reading a workshop's quotas from a CSV file: columns organisation, seats, funded_seats.

Organisations are matched by acronym or name, whatever the case. The file is read like an invitation
list (participants.invitation_csv), with every problem reported by its line number.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.languages import in_any_language
from core.numbers import whole_number
from participants.invitation_csv import null_problem, parse_csv, read_header, records
from workshops.models import Organisation

COLUMNS = ("organisation", "seats", "funded_seats")
MAX_ROWS = 1000


@dataclass
class QuotaRow:
    line: int
    organisation: Organisation
    seats: int
    funded_seats: int


def parse_quota_csv(data):
    return parse_csv(data, columns=COLUMNS, read_rows=read_rows)


def read_rows(reader, parsed):
    header = read_header(reader, parsed, columns=COLUMNS, required=("organisation", "seats"))
    if header is None:
        return
    seen = {}
    too_many = _("A file may hold at most %(count)d quotas.") % {"count": MAX_ROWS}
    for line, record in records(reader, parsed, header, max_rows=MAX_ROWS, too_many=too_many):
        problems, row = row_problems(line, record, seen)
        if problems:
            parsed.add_error(line, " ".join(problems))
        else:
            seen[row.organisation.pk] = line
            parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.add_error(None, _("The file names the columns but holds no quota."))


def row_problems(line, record, seen):
    """(problems, row): what keeps one line from becoming a quota, and the quota when nothing does."""
    problem = null_problem(record.values())
    if problem:
        return [problem], None
    problems = []
    name = record["organisation"]
    matches = (
        list(
            Organisation.objects.filter(
                in_any_language("acronym__iexact", name) | in_any_language("name__iexact", name)
            )[:2]
        )
        if name
        else []
    )
    if not name:
        problems.append(_("The organisation is missing."))
    elif not matches:
        problems.append(_("No organisation is called “%(name)s” (by name or acronym).") % {"name": name})
    elif len(matches) > 1:
        problems.append(_("“%(name)s” names more than one organisation; use the full name.") % {"name": name})
    elif matches[0].pk in seen:
        problems.append(_("The same organisation is on line %(line)d.") % {"line": seen[matches[0].pk]})
    seats = whole_number(record["seats"])
    funded = whole_number(record.get("funded_seats") or "0")
    if seats is None or funded is None:
        problems.append(_("Seats and funded seats are whole numbers of 0 or more."))
    elif funded > seats:
        problems.append(_("The funded seats cannot outnumber the seats."))
    elif seats > 10000:
        problems.append(_("At most 10000 seats."))
    if problems:
        return problems, None
    return [], QuotaRow(line=line, organisation=matches[0], seats=seats, funded_seats=funded)
