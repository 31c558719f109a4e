"""The years a date or time typed by a person may fall in, held by validators and by database checks; how a
deadline is written (`deadline_text`), and a day with its name (`with_weekday`), in each language's formats
(greencustoms/formats).

Python's date arithmetic overflows at year 1 and 9999, and PostgreSQL stores years before Christ that
psycopg2 cannot read back; bounding every typed date keeps one typo from taking a page down.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
# Moments are bounded a day wider than dates, so that midnight of any supported day is supported in every zone.
EARLIEST_MOMENT = datetime.datetime.combine(EARLIEST_DATE - datetime.timedelta(days=1), datetime.time.min, datetime.UTC)
LATEST_MOMENT = datetime.datetime.combine(LATEST_DATE + datetime.timedelta(days=2), datetime.time.min, datetime.UTC)

OUT_OF_RANGE = _("Enter a date between 2000 and 2100.")


def validate_supported_date(value):
    """For a date or an aware datetime."""
    if isinstance(value, datetime.datetime):
        supported = EARLIEST_MOMENT <= value < LATEST_MOMENT
    else:
        supported = EARLIEST_DATE <= value <= LATEST_DATE
    if not supported:
        raise ValidationError(OUT_OF_RANGE, code="unsupported_date")


def supported_dates(field):
    """A CheckConstraint condition: `field` is a supported date (or null)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (EARLIEST_DATE, LATEST_DATE)})


def supported_moments(field):
    """A CheckConstraint condition: `field` is a supported moment (or null)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": EARLIEST_MOMENT, f"{field}__lt": LATEST_MOMENT})


def deadline_text(moment, tzinfo):
    """A deadline as every page, email and document writes it, on the clock of `tzinfo` (the workshop's zone, which
    the sentence around it names): a deadline at midnight is the end of the day before and is written as that day,
    "24 January 2027", never "25 January 2027, 00:00" nor "24 January 2027, 23:59"; any other moment keeps its
    time, "5 January 2027, 09:00"."""
    local = timezone.localtime(moment, tzinfo)
    if local.time() == datetime.time.min:
        return date_format(local.date() - datetime.timedelta(days=1), "DATE_FORMAT")
    return date_format(local, "DATETIME_FORMAT")


def with_weekday(value, format_name="DATE_FORMAT"):
    """“Tuesday 10 November 2015”, “martes 10 de noviembre de 2015”: the day's name, then `value` in one of the
    active language's formats (DATE_FORMAT, DATETIME_FORMAT or MONTH_DAY_FORMAT), as each of the portal's languages
    heads a day of a programme. `value` is written as given: an aware datetime is put on the right clock first."""
    return f"{date_format(value, 'l')} {date_format(value, format_name)}"
