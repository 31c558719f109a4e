"""The portal's languages (settings.LANGUAGES): which one a person is written to, and content with one column per
language, `title_en`, `title_fr`, ...

django-modeltranslation reads and writes the active language's column; these helpers are for what must look at
every language at once: matching what a person typed, whichever language it is in, and sorting by the text a
reader sees.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Expression, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language, get_language_bidi, get_language_info, pgettext_lazy
from modeltranslation.utils import build_localized_fieldname, resolution_order

# How a language is named inside a sentence or a label: French writes "Titre (français)", in lower case, where
# the language switch says "Français". A language without an entry here is named as in settings.LANGUAGES.
NAMES_IN_TEXT = {
    "en": pgettext_lazy("language named inside a sentence or a label", "English"),
    "fr": pgettext_lazy("language named inside a sentence or a label", "French"),
}


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def name_in_text(language):
    """ "French" in English, "français" in French: the language's name as a sentence or a label says it."""
    return NAMES_IN_TEXT.get(language) or dict(settings.LANGUAGES)[language]


# Unicode's isolates (UAX #9): the plain-text equivalent of <bdi>, for text laid out where markup cannot isolate.
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def direction(language=None):
    """ "rtl" for a language read right to left (Arabic: Django's LANG_INFO says so), else "ltr"; the active
    language's by default."""
    bidi = get_language_bidi() if language is None else get_language_info(language)["bidi"]
    return "rtl" if bidi else "ltr"


def text_attributes(language):
    """{"lang": "ar", "dir": "rtl"}: the attributes of a field or an element holding text in `language`, whatever
    the page's own (an English title typed on an Arabic page runs left to right, and the reverse)."""
    return {"lang": language, "dir": direction(language)}


def isolated(text):
    """In a right-to-left language, `text` between FSI and PDI: a name, an address or a number in Latin letters
    keeps its own order inside an Arabic sentence, and the sentence keeps its own around it (WeasyPrint's PDFs,
    which apply no `unicode-bidi`, and sentences built in Python). Left to right, `text` as it is."""
    if direction() == "rtl":
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text


def column(field, language):
    """`column("title", "fr")` is "title_fr"."""
    return build_localized_fieldname(field, language)


def columns(path):
    """`columns("workshop__title")` is ["workshop__title_en", "workshop__title_fr"]: every language's column of a
    field (through relations), for admin's search_fields and other lists of field paths."""
    *relations, field = path.split("__")
    return ["__".join([*relations, column(field, code)]) for code in language_codes()]


def in_any_language(lookup, value):
    """`in_any_language("name__iexact", text)`: the Q matching `text` in any language's column of the field named
    before the lookup's operator (through relations too: "organisation__name__icontains")."""
    *path, field, operator = lookup.split("__")
    return reduce(or_, (Q(**{"__".join([*path, column(field, code), operator]): value}) for code in language_codes()))


class ShownText(Expression):
    """The text a reader in the active language sees: that language's, else the next one's in the fallback order.

    The language is read when the query runs, not when it is written, so a form's queryset written once at import
    sorts each reader's list in their own language."""

    def __init__(self, field):
        super().__init__()
        self.field_name = field

    def resolve_expression(self, *args, **kwargs):
        texts = (NullIf(column(self.field_name, code), Value("")) for code in resolution_order(get_language()))
        return Coalesce(*texts, output_field=TextField()).resolve_expression(*args, **kwargs)


def shown_text(field):
    """`order_by(shown_text("name"))`: sorted by the name each reader sees."""
    return ShownText(field)


def shown_language(obj, field):
    """The language of the text `obj.field` shows in the active language: the active one's when it has text, else
    the first fallback that has some (None when no language has any)."""
    for code in resolution_order(get_language()):
        if getattr(obj, column(field, code), None):
            return code
    return None


def recipient_language(*, user=None, invitation=None, workshop=None, default=None):
    """The person's own language, else their invitation's, else the workshop's default, else `default`, else
    LANGUAGE_CODE: the one rule for the language of every email. `user` may be anonymous or None, `invitation` and
    `workshop` None.

    A code that settings.LANGUAGES no longer offers (a language withdrawn) is passed over, like an empty one.
    """
    offered = language_codes()
    candidates = (
        getattr(user, "language", ""),
        getattr(invitation, "language", ""),
        getattr(workshop, "default_language", ""),
        default,
    )
    return next((code for code in candidates if code in offered), settings.LANGUAGE_CODE)


def by_language(recipients, language_of):
    """{language: [recipients]}, in the order the recipients came, for a bulk send that renders each language once.

    `language_of(recipient)` is the recipient's language (recipient_language's); a send whose rendering depends on
    more than the language (an invitation's expiry) returns a tuple of the language and that, and gets a group for
    each such pair.
    """
    groups = {}
    for recipient in recipients:
        groups.setdefault(language_of(recipient), []).append(recipient)
    return groups
