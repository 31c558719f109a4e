"""The portal's languages (settings.LANGUAGES): those a workshop offers (`LanguagesField`, `offered_by`), which one a
person is written to (`recipient_language`), and content with one column per language, `title_en`, `title_fr`, ...

django-modeltranslation reads and writes the active language's column; these helpers are for what must look at
every language at once: matching what a person typed, whichever language it is in, and sorting by the text a
reader sees.
"""

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CharField, Expression, JSONField, Q, TextField, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import Exact
from django.utils.translation import get_language, get_language_bidi, get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

# How a language is named inside a sentence or a label: French writes "Titre (français)", in lower case, where
# the language switch says "Français". A language without an entry here is named as in settings.LANGUAGES.
NAMES_IN_TEXT = {
    "en": pgettext_lazy("language named inside a sentence or a label", "English"),
    "fr": pgettext_lazy("language named inside a sentence or a label", "French"),
    "es": pgettext_lazy("language named inside a sentence or a label", "Spanish"),
    "ar": pgettext_lazy("language named inside a sentence or a label", "Arabic"),
}


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def offered_by(workshop):
    """The languages `workshop` offers (its `languages`) that the portal still speaks, in settings.LANGUAGES' order;
    every language of the portal when there is no workshop."""
    if workshop is None:
        return language_codes()
    chosen = set(workshop.languages)
    return [code for code in language_codes() if code in chosen]


def choices_offered_by(workshop):
    """The (code, name) choices of the languages `workshop` offers, as a form's list of languages shows them."""
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in offered_by(workshop)]


def offered_first(workshop):
    """Every language of the portal, those `workshop` offers first (each group in settings.LANGUAGES' order): what a
    workshop's pages offer a reader, as (code, offered by the workshop)."""
    offered = offered_by(workshop)
    return [(code, True) for code in offered] + [(code, False) for code in language_codes() if code not in offered]


def default_language_only():
    """A new workshop's languages until its organisers choose: the default language, which every workshop offers."""
    return [settings.LANGUAGE_CODE]


def validate_language_list(value):
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages are a list of language codes, such as [“en”, “es”]."))
    for code in value:
        if code not in language_codes():
            raise ValidationError(_("“%(code)s” is not a language of the portal."), params={"code": code})
    if len(set(value)) != len(value):
        raise ValidationError(_("Each language may appear only once."))


class LanguagesFormField(forms.TypedMultipleChoiceField):
    """A box to tick for each language of the portal; the codes come back in settings.LANGUAGES' order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=settings.LANGUAGES, **kwargs)

    def clean(self, value):
        chosen = super().clean(value)
        return [code for code in language_codes() if code in chosen]


class LanguagesField(JSONField):
    """Some of the portal's languages: a JSON list of their codes, each at most once (a form saves them in
    settings.LANGUAGES' order; `offered_by` reads them in it whatever the order stored).

    JSON rather than a table of its own: the list is read with the row that holds it (the workshop page reads its
    workshop in one statement, every email asks its workshop's languages), and a change to it is a change to that
    row. JSON rather than PostgreSQL's ARRAY: `make run` runs on SQLite. See `listing` for what the database holds.
    """

    default_validators = [validate_language_list]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What each item is, named as PostgreSQL's ArrayField names it: the activity log words a change by it.
        self.base_field = CharField(max_length=10, choices=settings.LANGUAGES)

    def formfield(self, **kwargs):
        # A box to tick per language, not the JSON text box of JSONField's own form field (whose options about
        # encoders, which JSONField.formfield adds, a list of choices has no use for).
        return super(JSONField, self).formfield(**{"form_class": LanguagesFormField, **kwargs})


def listing(field, value):
    """A CheckConstraint condition: the JSON list of languages in `field` holds `value` (a code, or F() of a column).

    Written position by position (a list of languages has at most as many as settings.LANGUAGES) because SQLite,
    which `make run` uses, has no JSON containment (`__contains`), and because PostgreSQL's containment compares
    JSON with JSON, not with a text column: each position is read as text (KT), on both. A value that is no list
    holds nothing."""
    return reduce(
        or_,
        (
            # A position past the list's end reads NULL, and a CHECK passes on NULL: it reads "" instead.
            Q(Exact(Coalesce(KT(f"{field}__{position}"), Value(""), output_field=TextField()), value))
            for position in range(len(settings.LANGUAGES))
        ),
    )


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
    """The one rule for the language of every email and document a person is sent: their own language, else their
    invitation's, when the workshop offers it (its `languages`); else the workshop's default; without a workshop,
    the person's, else the invitation's, else `default`; else LANGUAGE_CODE. `user` may be anonymous or None,
    `invitation` and `workshop` None.

    A code the portal no longer offers in settings.LANGUAGES (a language withdrawn) is passed over, like an empty one.
    """
    offered = offered_by(workshop)
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
