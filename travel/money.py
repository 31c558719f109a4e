"""Money: the currencies the portal takes and how an amount is rounded in each (ISO 4217 minor units).

An amount is a Decimal from the form to the payments file. Each line of a computation is rounded once, to its
currency's minor unit, half up (the rule of the UN's and most banks' payment systems); a total is the sum of rounded
lines and is never rounded again, so it equals the sum of the lines to the cent.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

# ISO 4217: the currencies organisers pay travel in, with their minor units (KRW and JPY have none, XOF and XAF
# have none either). A short list on purpose: the forms offer it, and a rate or a ticket in any other is refused.
MINOR_UNITS = {
    "USD": 2,
    "EUR": 2,
    "CHF": 2,
    "GBP": 2,
    "KRW": 0,
    "JPY": 0,
    "THB": 2,
    "KZT": 2,
    "XOF": 0,
    "XAF": 0,
}
CURRENCY_CHOICES = [(code, code) for code in sorted(MINOR_UNITS)]
# The largest amount a form takes: a ticket or a night above it is a typing error (10 million, in any currency).
LARGEST_AMOUNT = Decimal("10000000")


def minor_unit(currency):
    return Decimal(1).scaleb(-MINOR_UNITS[currency])


def rounded(amount, currency):
    """`amount` rounded once to the currency's minor unit, half up."""
    return Decimal(amount).quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def money_text(amount, currency):
    """An amount as pages and letters print it: grouped digits in the reader's format, its minor units, the code."""
    if currency not in MINOR_UNITS:  # no travel terms yet: the amount as it is
        return f"{number_format(amount, force_grouping=True)} {currency}".strip()
    places = MINOR_UNITS[currency]
    return f"{number_format(rounded(amount, currency), places, force_grouping=True)} {currency}"
