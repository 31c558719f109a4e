"""The daily subsistence allowance (DSA) of a trip, computed line by line.

Nights are counted from the arrival date to the departure date, and only those from the eve of the workshop's first
day to its last day: the workshop's days plus one travel day each side. Each night is paid at the rate whose period
holds it, times the delegate's share; terminal expenses are a fixed sum per journey; a workshop day the delegate was
not recorded at (participants.Attendance) takes off that day's night, unless the organiser excused it.

A pure computation (no database): the page, the letter and the payments file all print its lines.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import DomainError

from .money import money_text, rounded

HUNDRED = Decimal(100)


class AllowanceError(DomainError):
    """The DSA cannot be computed (no rate for a night)."""


@dataclass(frozen=True)
class Rate:
    starts_on: datetime.date
    ends_on: datetime.date
    rate: Decimal

    def holds(self, night):
        return self.starts_on <= night <= self.ends_on


class Item:
    DSA = "dsa"
    TERMINAL = "terminal"
    DEDUCTION = "deduction"
    TICKET = "ticket"


@dataclass(frozen=True)
class Line:
    item: str
    text: str
    amount: Decimal  # rounded once, to the currency's minor unit


@dataclass(frozen=True)
class Computation:
    currency: str
    lines: tuple[Line, ...]
    nights: tuple[datetime.date, ...] = ()
    deducted_days: tuple[datetime.date, ...] = ()

    @property
    def total(self):
        """The sum of the lines, never rounded again."""
        return sum((line.amount for line in self.lines), Decimal(0))

    def amount_of(self, item):
        return sum((line.amount for line in self.lines if line.item == item), Decimal(0))


def workshop_days(first_day, last_day):
    return [first_day + datetime.timedelta(days=offset) for offset in range((last_day - first_day).days + 1)]


def paid_nights(*, arrival, departure, first_day, last_day):
    """The nights paid: from the arrival date to the night before departure, within the eve of the first day and
    the last day (at most the workshop's days + 1)."""
    start = max(arrival, first_day - datetime.timedelta(days=1))
    end = min(departure, last_day + datetime.timedelta(days=1))
    return [start + datetime.timedelta(days=offset) for offset in range(max((end - start).days, 0))]


def night_cap(first_day, last_day):
    return (last_day - first_day).days + 2


def rate_of(night, rates):
    for rate in rates:
        if rate.holds(night):
            return rate
    raise AllowanceError(
        _("No DSA rate covers the night of %(night)s. Add the rate of that period to the rate table.")
        % {"night": date_format(night, "DATE_FORMAT")}
    )


def dsa_computation(
    *,
    arrival,
    departure,
    first_day,
    last_day,
    rates,
    currency,
    percentage,
    terminal_expenses,
    journeys,
    attended_days,
    excused_days,
):
    """The DSA of a stay from `arrival` to `departure` (local dates) at a workshop held `first_day`…`last_day`.

    rates: Rate rows of the rate table (non-overlapping); percentage: the delegate's share, 0–100; journeys: how
    many times terminal expenses are paid (2: to the venue and back; 0 for an own arrangement).
    """
    share = Decimal(percentage) / HUNDRED
    nights = paid_nights(arrival=arrival, departure=departure, first_day=first_day, last_day=last_day)
    lines = []
    for rate, run in groupby(nights, key=lambda night: rate_of(night, rates)):
        count = len(list(run))
        lines.append(
            Line(
                Item.DSA,
                ngettext(
                    "%(count)s night × %(rate)s × %(share)s %%",
                    "%(count)s nights × %(rate)s × %(share)s %%",
                    count,
                )
                % {"count": count, "rate": money_text(rate.rate, currency), "share": percentage_text(percentage)},
                rounded(count * rate.rate * share, currency),
            )
        )
    if journeys and terminal_expenses:
        lines.append(
            Line(
                Item.TERMINAL,
                ngettext(
                    "Terminal expenses: %(count)s journey × %(sum)s",
                    "Terminal expenses: %(count)s journeys × %(sum)s",
                    journeys,
                )
                % {"count": journeys, "sum": money_text(terminal_expenses, currency)},
                rounded(journeys * Decimal(terminal_expenses), currency),
            )
        )
    paid = set(nights)
    attended, excused = set(attended_days), set(excused_days)
    deducted = [
        day for day in workshop_days(first_day, last_day) if day in paid and day not in attended and day not in excused
    ]
    for rate, run in groupby(deducted, key=lambda day: rate_of(day, rates)):
        days = list(run)
        lines.append(
            Line(
                Item.DEDUCTION,
                _("Days not attended (%(days)s) × %(rate)s × %(share)s %%")
                % {
                    "days": ", ".join(date_format(day, "j N") for day in days),
                    "rate": money_text(rate.rate, currency),
                    "share": percentage_text(percentage),
                },
                -rounded(len(days) * rate.rate * share, currency),
            )
        )
    return Computation(currency, tuple(lines), tuple(nights), tuple(deducted))


def percentage_text(percentage):
    return f"{Decimal(percentage).normalize():f}"
