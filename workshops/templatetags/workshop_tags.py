from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def date_range(workshop):
    """“10–13 November 2015”, “28 October – 2 November 2026”, “30 December 2026 – 2 January 2027”."""
    start, end = workshop.start_date, workshop.end_date
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"


@register.filter
def utc_offset(workshop):
    """“UTC+09:00”: the offset of the workshop's zone on its first day (daylight saving can change it later)."""
    offset = date_format(workshop.starts_at, "O")
    return f"UTC{offset[:3]}:{offset[3:]}"
