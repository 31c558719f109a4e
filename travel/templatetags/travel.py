from django import template

from travel.airports import airport_text
from travel.money import money_text

register = template.Library()


@register.filter
def money(amount, currency):
    """An amount in the reader's number format with its currency's minor units: {{ trip.ticket_cost|money:"USD" }}."""
    return "—" if amount is None or amount == "" else money_text(amount, currency)


@register.filter
def airport_name(code):
    """An IATA code with the airport's name and city."""
    return airport_text(code) if code else "—"
