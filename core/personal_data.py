"""The registry of personal data: which rows of which model hold a person's data, and what becomes of them.

Every app that keeps personal data registers an entry for each kind of row it holds about a person, from its own
`privacy.py` (imported by its AppConfig.ready()). Core is the lowest app, so every app registers here without
importing an app above it; an entry names its model by label and finds the person's rows with lookups only.

Three things read the registry and nothing else, so they cannot drift apart:
- the person's copy of their data (`export`: /me/data.json and the "My data" page) lists each entry's `fields`;
- deleting their account (`erase`) writes `erased` over those same rows (or deletes them);
- the retention task (participants.privacy.erase_personal_fields) runs each entry's `retention`.
`tests/greencustoms/test_personal_data.py` fails on a model with a personal field that no entry covers.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext

# Written where a deleted person's name was; read as "Deleted participant" (shown_name), in the reader's language.
ERASED_NAME = "—"


def shown_name(name):
    """A stored name as a page shows it: a deleted person's reads "Deleted participant"."""
    return gettext("Deleted participant") if name == ERASED_NAME else name


def erased_address():
    """What an erased email column holds: an address of no one, unique per row (deleted-<id>@deleted.invalid)."""
    return Concat(
        models.Value("deleted-"), Cast("pk", output_field=models.CharField()), models.Value("@deleted.invalid")
    )


@dataclass(frozen=True)
class Person:
    """Whose data: their account and the address the portal knew them by (invitations and nominations use it)."""

    user_id: int
    email: str


def no_details(row):
    return {}


@dataclass(frozen=True)
class PersonalData:
    """One kind of row holding a person's data.

    section: the export's key for these rows (unique).
    title: what the "My data" page heads them with (translatable).
    model: the model's label, "app_label.ModelName".
    rows: the person's rows, `rows(person)` -> a QuerySet of `model`.
    fields: the personal fields of those rows: the export lists them.
    erased: what deleting the account writes over the rows, {field: value or expression}; it holds every one of
        `fields` and may hold more (an email's body is erased, not exported: it may carry a working link). None
        deletes the rows instead: only rows no count depends on. {} keeps the rows as they are (they name the
        person only through other rows, which their own entries erase).
    details: what the export adds to say what a row is (the workshop, a status), `details(row)` -> dict.
    related: the relations `details` reads, fetched with the rows (select_related) rather than one query per row.
    retention: `retention(now)` erases these rows once the portal no longer needs them; None when only deleting
        the account erases them. The retention task runs it.
    retention_erases: the fields `retention` erases, for the reader and the docs.
    """

    section: str
    title: str
    model: str
    rows: Callable[[Person], models.QuerySet]
    fields: tuple[str, ...]
    erased: Mapping[str, Any] | None
    details: Callable[[models.Model], dict] = no_details
    related: tuple[str, ...] = ()
    retention: Callable[[datetime.datetime], object] | None = None
    retention_erases: tuple[str, ...] = field(default=())

    def model_class(self):
        return apps.get_model(self.model)

    def covered_fields(self):
        """Every field this entry exports or erases (all of them when it deletes the rows)."""
        if self.erased is None:
            return {f.name for f in self.model_class()._meta.get_fields()}
        return {*self.fields, *self.erased, *self.retention_erases}


REGISTRY = {}


def register(entry):
    """Add an entry (an app's privacy.py calls it once per kind of row); a section is registered once."""
    if entry.section in REGISTRY and REGISTRY[entry.section] != entry:
        raise ValueError(f"Personal data section {entry.section!r} is registered twice.")
    if entry.erased is not None and not set(entry.fields) <= set(entry.erased):
        raise ValueError(f"Personal data section {entry.section!r} exports fields its deletion does not erase.")
    REGISTRY[entry.section] = entry
    return entry


def entries():
    return list(REGISTRY.values())


def plain(value):
    """A value as the JSON export writes it."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)  # a country (its code), a file (its name), a lazy translation


def export(person):
    """{section: [one dict per row: its personal fields, then its details]} for every registered entry."""
    return {
        entry.section: [
            {**{name: plain(getattr(row, name)) for name in entry.fields}, **entry.details(row)}
            for row in entry.rows(person).select_related(*entry.related).order_by("pk")
        ]
        for entry in entries()
    }


def erase(person):
    """Erase the person from every registered entry. Every entry's rows are found before any is erased, so an
    entry finding rows by the person's address still finds them after another entry has erased the address."""
    found = [(entry, list(entry.rows(person).values_list("pk", flat=True))) for entry in entries()]
    for entry, ids in found:
        if not ids:
            continue
        rows = entry.model_class().objects.filter(pk__in=ids)
        if entry.erased is None:
            rows.delete()
        elif entry.erased:
            delete_files_once_erased(rows, entry.erased)
            rows.update(**entry.erased)
    return {entry.section: ids for entry, ids in found}


def delete_files_once_erased(rows, erased):
    """The stored files of the file fields `erased` blanks leave the storage once the erasure commits: a file its
    row no longer names could never be found, nor deleted, again. (Rows deleted take their files with them through
    their app's post_delete receiver.)"""
    for name in erased:
        field = rows.model._meta.get_field(name)
        if isinstance(field, models.FileField):
            stored = [value for value in rows.values_list(name, flat=True) if value]
            transaction.on_commit(lambda field=field, stored=stored: [field.storage.delete(n) for n in stored])


def run_retention(now):
    """Erase what every entry keeps only for a while (the retention task); {section: what its retention returned}."""
    return {entry.section: entry.retention(now) for entry in entries() if entry.retention}
