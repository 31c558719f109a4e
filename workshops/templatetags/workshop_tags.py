import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language

from core.languages import shown_language

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


@register.filter(expects_localtime=True)
def deadline(moment):
    """A deadline at midnight is the end of the day before, and reads so: “31 May 2027, 23:59”, not “1 June 2027,
    00:00”, which people take for the wrong day. Shown in the active time zone (the workshop's, in its pages)."""
    if moment.time() == datetime.time.min:
        moment -= datetime.timedelta(minutes=1)
    return date_format(moment, "j F Y, H:i")


@register.filter
def in_reader_language(obj, field):
    """`{{ session|in_reader_language:"title" }}`: the field's text in the page's language; text that falls back
    to another language is wrapped in `<span lang="en">` so a screen reader pronounces it as that language."""
    text = getattr(obj, field)
    language = shown_language(obj, field)
    if language is None or language == get_language():
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


@register.filter
def lang_attribute(obj, field):
    """`<p{{ workshop|lang_attribute:"summary" }}>`: ` lang="en"` on an element whose text falls back to another
    language than the page's, nothing otherwise (for blocks of text a `<span>` cannot wrap)."""
    language = shown_language(obj, field)
    if language is None or language == get_language():
        return ""
    return format_html(' lang="{}"', language)
