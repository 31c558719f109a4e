"""The DSA computation (travel.allowance): properties over many generated stays (hypothesis), and worked examples
whose figures are computed by hand in each test."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from travel.allowance import AllowanceError, Item, Rate, dsa_computation, night_cap
from travel.money import rounded

NOV = datetime.date(2015, 11, 1)  # Seoul 2015 ran Monday 9 to Thursday 12 November
FIRST, LAST = datetime.date(2015, 11, 9), datetime.date(2015, 11, 12)
DAYS = [FIRST + datetime.timedelta(days=n) for n in range(4)]
# An illustrative Seoul rate, as an organiser would type the published one.
SEOUL = [Rate(NOV, datetime.date(2015, 11, 30), Decimal("240.00"))]


def nov(day):
    return datetime.date(2015, 11, day)


def seoul_stay(arrival, departure, **changes):
    arguments = {
        "arrival": arrival,
        "departure": departure,
        "first_day": FIRST,
        "last_day": LAST,
        "rates": SEOUL,
        "currency": "USD",
        "percentage": Decimal(100),
        "terminal_expenses": Decimal("38.00"),
        "journeys": 2,
        "attended_days": DAYS,
        "excused_days": [],
        **changes,
    }
    return dsa_computation(**arguments)


def amounts(computation):
    return [(line.item, line.amount) for line in computation.lines]


def test_worked_example_whole_stay_at_the_full_rate():
    # Arrives Sunday 8, leaves Friday 13: nights 8, 9, 10, 11, 12 = 5 nights; 5 × 240.00 = 1,200.00;
    # terminal expenses 2 × 38.00 = 76.00; total 1,276.00.
    computation = seoul_stay(nov(8), nov(13))
    assert amounts(computation) == [(Item.DSA, Decimal("1200.00")), (Item.TERMINAL, Decimal("76.00"))]
    assert computation.total == Decimal("1276.00")
    assert computation.lines[0].text == "5 nights × 240.00 USD × 100 %"


def test_worked_example_an_early_arrival_and_late_departure_are_capped():
    # Arrives 5, leaves 16: only the eve of the first day (8) to the last day (12) count: 5 nights, the cap
    # of a 4-day workshop (4 days + 1). 1,200.00 + 76.00 = 1,276.00.
    computation = seoul_stay(nov(5), nov(16))
    assert len(computation.nights) == 5 == night_cap(FIRST, LAST)
    assert computation.total == Decimal("1276.00")


def test_worked_example_three_quarters_with_an_unexcused_absence_rounds_each_line_once():
    # 75 % (hotel provided), rate 333.33, absent on Wednesday 11, no terminal expenses:
    # 5 × 333.33 × 0.75 = 1,249.9875 → 1,249.99; the day missed 1 × 333.33 × 0.75 = 249.9975 → 250.00;
    # total 1,249.99 − 250.00 = 999.99 (the sum of the rounded lines, not rounded again).
    computation = seoul_stay(
        nov(8),
        nov(13),
        rates=[Rate(NOV, nov(30), Decimal("333.33"))],
        percentage=Decimal(75),
        terminal_expenses=Decimal(0),
        attended_days=[nov(9), nov(10), nov(12)],
    )
    assert amounts(computation) == [(Item.DSA, Decimal("1249.99")), (Item.DEDUCTION, Decimal("-250.00"))]
    assert computation.total == Decimal("999.99")
    assert computation.deducted_days == (nov(11),)


def test_worked_example_an_excused_absence_is_not_deducted():
    # Same absence, excused by the organiser: 1,200.00 + 76.00 = 1,276.00.
    computation = seoul_stay(nov(8), nov(13), attended_days=[nov(9), nov(10), nov(12)], excused_days=[nov(11)])
    assert computation.total == Decimal("1276.00")
    assert computation.deducted_days == ()


def test_worked_example_a_currency_without_minor_units():
    # KRW has no minor unit: 3 nights (8, 9, 10; leaves 11) × 333,333 × 62.5 % = 624,999.375 → 624,999 KRW.
    computation = seoul_stay(
        nov(8),
        nov(11),
        rates=[Rate(NOV, nov(30), Decimal(333333))],
        currency="KRW",
        percentage=Decimal("62.5"),
        terminal_expenses=Decimal(0),
        attended_days=[nov(9), nov(10)],
        excused_days=[],
    )
    assert computation.total == Decimal("624999")
    # 11 and 12 are workshop days not attended, but not nights of this stay: nothing is taken off for them.
    assert computation.deducted_days == ()


def test_worked_example_a_rate_that_changes_during_the_stay():
    # 240.00 until 10 November, 260.00 from the 11th: nights 8, 9, 10 → 720.00; nights 11, 12 → 520.00;
    # + 76.00 = 1,316.00.
    rates = [Rate(NOV, nov(10), Decimal("240.00")), Rate(nov(11), nov(30), Decimal("260.00"))]
    computation = seoul_stay(nov(8), nov(13), rates=rates)
    assert amounts(computation)[:2] == [(Item.DSA, Decimal("720.00")), (Item.DSA, Decimal("520.00"))]
    assert computation.total == Decimal("1316.00")


def test_a_night_no_rate_covers_is_refused():
    with pytest.raises(AllowanceError, match="No DSA rate covers the night of 8 November 2015"):
        seoul_stay(nov(8), nov(13), rates=[Rate(nov(9), nov(30), Decimal(240))])


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)
shares = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)


@st.composite
def stays(draw):
    first = draw(st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2030, 12, 1)))
    last = first + datetime.timedelta(days=draw(st.integers(0, 9)))
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    arrival = first + datetime.timedelta(days=draw(st.integers(-10, 12)))
    departure = arrival + datetime.timedelta(days=draw(st.integers(1, 25)))
    return {
        "arrival": arrival,
        "departure": departure,
        "first_day": first,
        "last_day": last,
        "rates": [Rate(first - datetime.timedelta(days=40), last + datetime.timedelta(days=40), draw(money))],
        "currency": draw(st.sampled_from(["USD", "KRW", "EUR"])),
        "percentage": draw(shares),
        "terminal_expenses": draw(st.one_of(st.just(Decimal(0)), money)),
        "journeys": draw(st.sampled_from([0, 2])),
        "attended_days": draw(st.lists(st.sampled_from(days), unique=True)),
        "excused_days": draw(st.lists(st.sampled_from(days), unique=True)),
    }


@settings(max_examples=300, derandomize=True, deadline=None)
@given(stays())
def test_properties_of_every_computation(stay):
    computation = dsa_computation(**stay)
    first, last = stay["first_day"], stay["last_day"]
    # Nights are never negative, never above the cap, and only from the eve of the first day to the last day.
    assert 0 <= len(computation.nights) <= night_cap(first, last)
    assert all(first - datetime.timedelta(days=1) <= night <= last for night in computation.nights)
    assert all(stay["arrival"] <= night < stay["departure"] for night in computation.nights)
    # Deductions only for workshop days paid as nights, not attended and not excused.
    for day in computation.deducted_days:
        assert first <= day <= last and day in computation.nights
        assert day not in stay["attended_days"] and day not in stay["excused_days"]
    unexcused_absences = set(computation.nights) & (
        {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)}
        - set(stay["attended_days"])
        - set(stay["excused_days"])
    )
    assert set(computation.deducted_days) == unexcused_absences
    # Exact in Decimal: every line is rounded once to the currency's unit; the total is their sum, never below 0.
    for line in computation.lines:
        assert isinstance(line.amount, Decimal) and rounded(line.amount, stay["currency"]) == line.amount
    assert computation.total == sum(line.amount for line in computation.lines)
    assert computation.total >= 0
