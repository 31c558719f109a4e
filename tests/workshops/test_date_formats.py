"""Dates in each language's conventions (greencustoms/formats): day first, the month in words, the 24-hour clock;
Spanish writes "10 de noviembre de 2015", Arabic its own comma. Django's own locale names the months and days."""

import datetime
import zoneinfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from core.dates import deadline_text, with_weekday
from tests.support.factories import WorkshopFactory
from workshops.templatetags.workshop_tags import date_range

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
OPENING = datetime.datetime(2015, 11, 10, 9, 30, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("language", "day", "moment", "with_its_name"),
    [
        ("en", "10 November 2015", "10 November 2015, 09:30", "Tuesday 10 November 2015"),
        ("fr", "10 novembre 2015", "10 novembre 2015, 09:30", "mardi 10 novembre 2015"),
        ("es", "10 de noviembre de 2015", "10 de noviembre de 2015, 09:30", "martes 10 de noviembre de 2015"),
        ("ar", "10 نوفمبر 2015", "10 نوفمبر 2015، 09:30", "الثلاثاء 10 نوفمبر 2015"),
    ],
)
def test_each_language_writes_a_day_and_a_moment_its_own_way(language, day, moment, with_its_name):
    with translation.override(language):
        assert date_format(OPENING.date(), "DATE_FORMAT") == day
        assert date_format(OPENING, "DATETIME_FORMAT") == moment
        assert with_weekday(OPENING.date()) == with_its_name
        assert deadline_text(OPENING, SEOUL) == moment


@pytest.mark.parametrize(
    ("language", "same_month", "two_months"),
    [
        ("en", "10–13 November 2015", "28 October – 2 November 2026"),
        ("es", "10–13 de noviembre de 2015", "28 de octubre – 2 de noviembre de 2026"),
        ("ar", "10–13 نوفمبر 2015", "28 أكتوبر – 2 نوفمبر 2026"),
    ],
)
def test_a_workshops_dates_read_in_each_language(language, same_month, two_months):
    with translation.override(language):
        assert date_range(WorkshopFactory.build(start_date=OPENING.date(), end_date=datetime.date(2015, 11, 13))) == (
            same_month
        )
        assert (
            date_range(
                WorkshopFactory.build(start_date=datetime.date(2026, 10, 28), end_date=datetime.date(2026, 11, 2))
            )
            == two_months
        )
