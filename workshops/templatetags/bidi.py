"""Right to left: the direction of the page's language, and the values typed in another script kept whole.

Arabic is read right to left (Django's get_language_bidi). Pages, emails and documents take their direction from
the active language on their `<html>` element (`language_attributes`); their CSS is written in logical properties
(`margin-inline-start`, `text-align: start`), so it follows. Where CSS has no logical name (an email's inline
styles, which mail programs read in physical sides only; a PDF page's margin boxes, `@bottom-left`) the template
asks for the side by name (`side`).

A name, an email address, an acronym or a reference in Latin letters inside Arabic text is a run of the other
direction: beside another such value or a number, the Unicode bidirectional algorithm reorders them together
("Lee Ji-eun, KCS" would read left to right inside a right-to-left line). `bdi` isolates one value, so the text
around it keeps the page's order; `isolate` does it in a PDF.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from core.languages import direction, isolated, text_attributes

register = template.Library()


@register.simple_tag
def language_attributes():
    """`<html {% language_attributes %}>`: `lang="ar" dir="rtl"`, the active language and its direction."""
    return format_html('lang="{lang}" dir="{dir}"', **text_attributes(get_language()))


@register.simple_tag
def text_direction():
    """ "rtl" or "ltr": the active language's direction, for an element other than `<html>` (an email's body, which
    some webmail keeps when it drops the `<html>` element)."""
    return direction()


@register.simple_tag
def side(logical):
    """`{% side "start" %}` is "left", or "right" in a right-to-left language; `{% side "end" %}` the other one."""
    if logical not in ("start", "end"):
        raise template.TemplateSyntaxError(f'side takes "start" or "end", not {logical!r}')
    return "left" if (logical == "start") == (direction() == "ltr") else "right"


@register.filter(is_safe=True)
def bdi(value):
    """`{{ participant.display_name|bdi }}`: the value in a `<bdi>` element, its direction its own (escaped, as
    any value); nothing for an empty value. In a sentence too: `{% blocktranslate with name=x|bdi %}`."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value):
    """`{{ participant.display_name|isolate }}` in a PDF: the value isolated in a right-to-left document
    (core.languages.isolated), as `bdi` does on a page; WeasyPrint lays out no `<bdi>`. Nothing for an empty value."""
    if value is None or value == "":
        return ""
    return isolated(str(value))
