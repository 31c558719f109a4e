"""Every model with a personal field is covered by the registry of personal data (core.personal_data), so the next
app cannot forget to say what deleting an account and the retention task erase, and what the export lists.

A field is personal when its name holds one of the words of PERSONAL_WORDS (split on "_": full_name, to_email,
passport_number, dietary_needs, date_of_birth...) or when it holds a file or an email address by its type; a foreign
key is not (it holds an id: the row it points to holds the data, and is checked as its own model's). It is covered
when an entry of the registry for its model exports or erases it, or deletes the model's rows.
"""

from django.apps import apps
from django.db import models

from core import personal_data
from core.languages import columns

PERSONAL_WORDS = {"name", "email", "passport", "phone", "needs", "birth", "nationality", "address"}
PERSONAL_TYPES = (models.EmailField, models.FileField)

# Personal-looking fields that hold no one's personal data, each with why.
NOT_PERSONAL = {
    # Names of roles and permissions, of models: not people.
    "auth.Group": {"name"},
    "auth.Permission": {"name"},
    # An organisation's name (and its columns per language): not a person's.
    # Whether the secretariat still has to review an organisation: not a person's needs.
    "workshops.Organisation": {"name", *columns("name"), "needs_review"},
    # The official who signs a workshop's documents, as the organisers print it on every letter: the workshop's
    # letterhead, not data about a participant.
    "documents.Letterhead": {"signatory_name"},
    # A focal point's letter for their organisation's whole delegation (file and its name): the organisation's
    # document, kept with its nominations; no one delegate's account owns it.
    "delegations.NominationLetter": {"file", "original_name"},
    # A workshop's document (its file and the file's name): the workshop's, shown to its readers; the link to who
    # uploaded it is registered (materials/privacy.py), the account it points to erased with the person.
    "materials.MaterialFile": {"file", "original_name"},
}


def is_personal(field):
    if field.is_relation:
        return False
    return bool(PERSONAL_WORDS & set(field.name.split("_"))) or isinstance(field, PERSONAL_TYPES)


def personal_fields():
    """{model label: {personal field names}} of every installed model (concrete columns only)."""
    found = {}
    for model in apps.get_models():
        names = {field.name for field in model._meta.concrete_fields if is_personal(field)}
        if names:
            found[model._meta.label] = names
    return found


def uncovered_personal_fields():
    covered = {}
    for entry in personal_data.entries():
        covered.setdefault(entry.model_class()._meta.label, set()).update(entry.covered_fields())
    uncovered = {}
    for label, names in personal_fields().items():
        missing = names - covered.get(label, set()) - NOT_PERSONAL.get(label, set())
        if missing:
            uncovered[label] = missing
    return uncovered


def test_every_personal_field_is_covered_by_an_entry_of_the_registry():
    assert uncovered_personal_fields() == {}


def test_the_check_finds_a_model_no_entry_covers(monkeypatch):
    """Without the documents' entry, the passport fields are reported: the check can fail."""
    monkeypatch.delitem(personal_data.REGISTRY, "visa_letter_requests")
    uncovered = uncovered_personal_fields()
    assert uncovered["documents.VisaLetterRequest"] == {
        "passport_name",
        "passport_number",
        "passport_expires_on",
        "nationality",
        "date_of_birth",
    }


def test_the_allow_list_names_only_fields_the_check_would_report():
    """An exception that no longer exists, or that the check would not report anyway, is a stale line."""
    found = personal_fields()
    assert {label: names - found.get(label, set()) for label, names in NOT_PERSONAL.items()} == {
        label: set() for label in NOT_PERSONAL
    }


def test_every_entry_names_a_model_and_fields_it_has():
    for entry in personal_data.entries():
        model = entry.model_class()
        names = {field.name for field in model._meta.get_fields()}
        assert set(entry.fields) | set(entry.erased or {}) | set(entry.retention_erases) <= names, entry.section
