"""Each workshop chooses its languages among the portal's: English always, its default language among them; the
one rule for the language a person is written to (core.languages.recipient_language) reads them."""

import datetime
import types

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activity.sentences import describe
from core.languages import offered_first, recipient_language
from participants.workshop_changes import duplicate_workshop, update_workshop
from tests.support.factories import OrganiserMembershipFactory, ProgrammeSessionFactory, WorkshopFactory
from workshops.models import Workshop
from workshops.services import EDITABLE_FIELDS

pytestmark = pytest.mark.django_db


def person(language):
    return types.SimpleNamespace(language=language)


@pytest.mark.parametrize(
    ("languages", "default_language", "constraint"),
    [
        (["fr", "es"], "fr", "workshop_offers_english"),
        ([], "en", "workshop_offers_english"),
        (["en", "fr"], "es", "workshop_offers_its_default_language"),
        (["en"], "ar", "workshop_offers_its_default_language"),
    ],
)
def test_the_database_refuses_a_workshop_without_english_or_its_default_language(
    languages, default_language, constraint
):
    workshop = WorkshopFactory(languages=["en", "fr", "es", "ar"])
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(languages=languages, default_language=default_language)


@pytest.mark.parametrize(
    ("languages", "default_language"), [(["en"], "en"), (["ar", "en"], "ar"), (["en", "es"], "es")]
)
def test_the_database_takes_any_list_holding_english_and_the_default_in_any_order(languages, default_language):
    workshop = WorkshopFactory()
    Workshop.objects.filter(pk=workshop.pk).update(languages=languages, default_language=default_language)
    workshop.refresh_from_db()
    assert (workshop.languages, workshop.default_language) == (languages, default_language)


def test_validation_names_each_field_that_breaks_a_rule():
    workshop = WorkshopFactory.build(languages=["fr", "es"], default_language="ar")
    with pytest.raises(ValidationError) as refusal:
        workshop.full_clean()
    assert refusal.value.message_dict["languages"] == [
        "English is always among a workshop's languages: its content is written in it first."
    ]
    assert refusal.value.message_dict["default_language"] == [
        "Choose the default language among the workshop's languages."
    ]


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        (["en", "xx"], "“xx” is not a language of the portal."),
        (["en", "en"], "Each language may appear only once."),
        ("en", "Languages are a list of language codes, such as [“en”, “es”]."),
    ],
)
def test_validation_refuses_what_is_no_list_of_the_portals_languages(languages, message):
    workshop = WorkshopFactory.build(languages=languages)
    with pytest.raises(ValidationError) as refusal:
        workshop.full_clean()
    assert message in refusal.value.message_dict["languages"]


def test_a_new_workshop_offers_english_until_its_organisers_choose():
    workshop = Workshop(title="Ozone Workshop", slug="ozone", city="Seoul", country="KR", capacity=20)
    assert workshop.languages == ["en"]


@pytest.mark.parametrize(
    ("own", "invitation", "expected"),
    [
        ("es", "", "es"),  # offered: the person's own
        ("fr", "", "es"),  # not offered: the workshop's default
        ("", "en", "en"),  # no language of their own: the invitation's, offered
        ("", "ar", "es"),  # the invitation's, not offered: the default
        ("fr", "en", "en"),  # their own not offered, the invitation's is
    ],
)
def test_a_person_is_written_to_in_their_language_if_the_workshop_offers_it_else_in_its_default(
    own, invitation, expected
):
    workshop = WorkshopFactory.build(languages=["en", "es"], default_language="es")
    assert recipient_language(user=person(own), invitation=person(invitation), workshop=workshop) == expected


def test_without_a_workshop_a_person_is_written_to_in_any_language_of_the_portal():
    assert recipient_language(user=person("ar")) == "ar"
    assert recipient_language(user=person(""), default="es") == "es"
    assert recipient_language(user=person("xx")) == "en"


def test_a_language_the_portal_no_longer_speaks_is_passed_over(settings):
    workshop = WorkshopFactory.build(languages=["en", "es"], default_language="es")
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    assert recipient_language(user=person("es"), workshop=workshop) == "en"


def test_a_workshops_pages_offer_its_languages_first():
    workshop = WorkshopFactory.build(languages=["en", "ar"], default_language="ar")
    assert offered_first(workshop) == [("en", True), ("ar", True), ("fr", False), ("es", False)]
    assert offered_first(None) == [("en", True), ("fr", True), ("es", True), ("ar", True)]


def test_editing_a_workshops_languages_is_logged_by_their_names():
    workshop = WorkshopFactory(languages=["en", "fr"])
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS}
    update_workshop(
        workshop_id=workshop.pk, fields={**fields, "languages": ["en", "es"], "default_language": "es"}, actor=organiser
    )
    workshop.refresh_from_db()
    assert (workshop.languages, workshop.default_language) == (["en", "es"], "es")
    (entry,) = workshop.activity.filter(action="workshop.edited")
    assert "languages: English, French → English, Spanish" in describe(entry)


def test_an_edit_that_leaves_a_languages_columns_out_keeps_its_text():
    workshop = WorkshopFactory(title="Ozone Workshop", title_es="Taller sobre el ozono", languages=["en", "fr"])
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS if not name.endswith(("_es", "_ar"))}
    update_workshop(workshop_id=workshop.pk, fields={**fields, "title_en": "Ozone Workshop 2"}, actor=organiser)
    workshop.refresh_from_db()
    assert (workshop.title_en, workshop.title_es) == ("Ozone Workshop 2", "Taller sobre el ozono")


def test_a_duplicate_offers_the_same_languages():
    workshop = WorkshopFactory(languages=["en", "ar"], default_language="ar", title_ar="حلقة عمل")
    ProgrammeSessionFactory(workshop=workshop, title="Opening", title_ar="الافتتاح")
    copy = duplicate_workshop(
        workshop_id=workshop.pk,
        titles={"title_en": "Second workshop"},
        slug="second",
        start_date=workshop.start_date + datetime.timedelta(weeks=52),
        actor=OrganiserMembershipFactory(workshop=workshop).user,
    )
    assert (copy.languages, copy.default_language, copy.title_ar) == (["en", "ar"], "ar", "حلقة عمل")
    assert list(copy.sessions.values_list("title_ar", flat=True)) == ["الافتتاح"]
