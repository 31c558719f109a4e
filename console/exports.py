"""Registrations as a CSV file that Excel opens safely and with every script intact."""

import csv
import io

from django.utils.translation import gettext as _

from delegations.models import Funding

# A spreadsheet treats a cell starting with one of these as a formula (or a formula's continuation).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8, so Korean, Thai or Mongolian names survive, only when it starts with a BOM.
UTF8_BOM = "\ufeff"


def neutralise(value):
    """Make a cell inert: a leading apostrophe stops spreadsheets from evaluating it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def local_time(value, workshop):
    return value.astimezone(workshop.tzinfo).strftime("%Y-%m-%d %H:%M") if value else ""


def registration_rows(workshop, registrations):
    yield [
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
        _("Registered (%(zone)s)") % {"zone": workshop.time_zone},
        _("Decided (%(zone)s)") % {"zone": workshop.time_zone},
        _("Checked in (%(zone)s)") % {"zone": workshop.time_zone},
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Note"),
    ]
    for registration in registrations:
        participant = registration.participant
        organisation = participant.organisation
        yield [
            participant.full_name,
            participant.user.email,
            organisation.name if organisation else "",
            organisation.get_kind_display() if organisation else "",
            participant.position,
            participant.country.name if participant.country else "",
            participant.get_gender_display(),
            registration.get_status_display(),
            registration.get_source_display(),
            dict(Funding.choices)[registration.funding] if registration.funding else "",
            local_time(registration.created_at, workshop),
            local_time(registration.decided_at, workshop),
            local_time(registration.attended_at, workshop),
            participant.dietary_needs,
            participant.accessibility_needs,
            registration.note,
        ]


def registrations_csv(workshop, registrations):
    """The whole file as text, BOM first."""
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer)
    for row in registration_rows(workshop, registrations):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
