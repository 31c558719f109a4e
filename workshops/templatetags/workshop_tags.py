from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from core.dates import deadline_text, with_weekday
from core.languages import direction, name_in_text, offered_by, offered_first, shown_language
from workshops.models import Workshop

register = template.Library()


@register.filter
def date_range(workshop):
    """“10–13 November 2015”, “28 October – 2 November 2026”, “30 December 2026 – 2 January 2027”; in Spanish
    “10–13 de noviembre de 2015” (each language's DATE_FORMAT starts with the day: greencustoms/formats)."""
    start, end = workshop.start_date, workshop.end_date
    if start == end:
        return date_format(start, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'DATE_FORMAT')}"
    if start.year == end.year:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"


@register.filter(expects_localtime=True)
def weekday_date(value, format_name="DATE_FORMAT"):
    """`{{ day|weekday_date }}`: “Tuesday 10 November 2015” (core.dates.with_weekday); `{{ moment|weekday_date:
    "DATETIME_FORMAT" }}` with the time, `"MONTH_DAY_FORMAT"` without the year. A moment is read on the template's
    clock, as the `date` filter reads it."""
    return with_weekday(value, format_name)


@register.filter
def utc_offset(workshop):
    """“UTC+09:00”: the offset of the workshop's zone on its first day (daylight saving can change it later)."""
    offset = date_format(workshop.starts_at, "O")
    return f"UTC{offset[:3]}:{offset[3:]}"


@register.filter
def deadline(moment, workshop):
    """`{{ moment|deadline:workshop }}`: the deadline on the workshop's clock, written as core.dates.deadline_text
    says (a deadline at midnight is the day before, written as that day)."""
    return deadline_text(moment, workshop.tzinfo)


@register.filter
def in_reader_language(obj, field):
    """`{{ session|in_reader_language:"title" }}`: the field's text in the page's language; text that falls back
    to another language is wrapped in `<span lang="en" dir="ltr">` so a screen reader pronounces it as that language,
    and an English title inside an Arabic page keeps its own direction (dir isolates it, as `<bdi>` would)."""
    text = getattr(obj, field)
    language = shown_language(obj, field)
    if language is None or language == get_language():
        return text
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction(language), text)


@register.filter
def lang_attribute(obj, field):
    """`<p{{ workshop|lang_attribute:"summary" }}>`: ` lang="en" dir="ltr"` on an element whose text falls back to
    another language than the page's, nothing otherwise (for blocks of text a `<span>` cannot wrap): an English
    paragraph on an Arabic page is laid out left to right."""
    language = shown_language(obj, field)
    if language is None or language == get_language():
        return ""
    return format_html(' lang="{}" dir="{}"', language, direction(language))


@register.filter
def language_in_text(code):
    """`{{ "en"|language_in_text }}`: "English" on an English page, "anglais" on a French one, as a sentence says it
    (Django's name_translated is a label's, capitalised)."""
    return name_in_text(code)


@register.simple_tag
def language_switch(workshop=None):
    """`{% language_switch workshop as groups %}`: the languages the switch at the foot of a page offers, as
    [(a group's label or None, [Django's language info, ...])]: on a workshop's page, the workshop's languages first
    and the others apart; elsewhere (`workshop` no Workshop) every language in one group."""
    if not isinstance(workshop, Workshop):
        workshop = None
    offered, others = [], []
    for code, by_workshop in offered_first(workshop):
        (offered if by_workshop else others).append(get_language_info(code))
    if workshop is None or not others:
        return [(None, offered + others)]
    return [(_("This workshop's languages"), offered), (_("Other languages"), others)]


@register.filter
def offered_languages(workshop):
    """`{{ workshop|offered_languages }}`: Django's language info of each language the workshop offers."""
    return [get_language_info(code) for code in offered_by(workshop)]


@register.filter
def text_direction(code):
    """`dir="{{ code|text_direction }}"`: "rtl" for a language written right to left (Arabic), else "ltr"."""
    return direction(code)
