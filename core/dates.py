"""The years a date or time typed by a person may fall in, held by validators and by database checks.

Python's date arithmetic overflows at year 1 and 9999, and PostgreSQL stores years before Christ that
psycopg2 cannot read back; bounding every typed date keeps one typo from taking a page down.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
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
