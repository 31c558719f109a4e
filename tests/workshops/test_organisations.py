"""Organisations stay clean: close matches are offered before a new one is added, and the secretariat merges."""

import pytest
from django.urls import reverse

from activity.models import Action, ActivityEntry
from activity.sentences import describe
from participants.models import Participant
from participants.organisations import OrganisationMergeError, merge_organisations, relations_to
from tests.support.console_world import make_secretariat
from tests.support.factories import (
    InvitationFactory,
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Organisation, OrganisationKind, PartnerRole
from workshops.selectors import similar_organisations

pytestmark = pytest.mark.django_db

MONGOLIA = "Customs General Administration of Mongolia"


@pytest.fixture
def mongolia():
    return OrganisationFactory(name=MONGOLIA, acronym="CGA", kind=OrganisationKind.CUSTOMS, country="MN")


@pytest.mark.parametrize(
    "typed", ["General Customs Administration of Mongolia", "customs general administration mongolia", "cga"]
)
def test_close_names_in_any_order_of_words_and_acronyms_are_found(mongolia, typed):
    OrganisationFactory(name="Korea Customs Service", acronym="KCS")
    OrganisationFactory(name="General Administration of China Customs", acronym="GACC")
    assert similar_organisations(typed) == [mongolia]


def test_an_unrelated_name_finds_nothing(mongolia):
    assert similar_organisations("Secretariat of the Basel Convention") == []


def profile_data(**overrides):
    return {"full_name": "Oyuntsetseg Dorj", "position": "Risk analyst", "country": "MN", **overrides}


def test_typing_a_near_duplicate_offers_the_listed_one_and_adds_nothing_until_chosen(client, mongolia):
    user = UserFactory()
    client.force_login(user)
    typed = "General Customs Administration of Mongolia"

    page = client.post("/me/profile/", profile_data(new_organisation=typed)).content.decode()
    assert "Is it one of these?" in page
    assert f"{MONGOLIA} (CGA)" in page
    assert not Organisation.objects.filter(name=typed).exists()

    client.post("/me/profile/", profile_data(new_organisation=typed, close_match=str(mongolia.pk)))
    assert Participant.objects.get(user=user).organisation == mongolia
    assert not Organisation.objects.filter(name=typed).exists()


def test_insisting_on_a_new_organisation_adds_it_flagged_for_the_secretariat(client, mongolia):
    client.force_login(UserFactory())
    typed = "General Customs Administration of Mongolia"
    client.post("/me/profile/", profile_data(new_organisation=typed, close_match="new"))
    added = Organisation.objects.get(name=typed)
    assert added.needs_review


def test_merge_moves_every_relation_keeps_one_of_each_duplicate_and_logs_it(mongolia):
    duplicate = OrganisationFactory(
        name="General Customs Administration of Mongolia", acronym="", country="", needs_review=True
    )
    workshop = WorkshopFactory()
    person = ParticipantFactory(organisation=duplicate)
    RegistrationFactory(workshop=workshop, participant=person)
    speaker = SpeakerFactory(organisation=duplicate, name="Bat-Erdene Ganbold")
    WorkshopPartnerFactory(workshop=workshop, organisation=mongolia, role=PartnerRole.HOST)
    WorkshopPartnerFactory(workshop=workshop, organisation=duplicate, role=PartnerRole.HOST)  # the same, twice
    WorkshopPartnerFactory(workshop=workshop, organisation=duplicate, role=PartnerRole.SPONSOR)
    invitation = InvitationFactory(workshop=workshop, organisation_name=duplicate.name)
    secretariat = make_secretariat()

    kept = merge_organisations(keep_id=mongolia.pk, merge_id=duplicate.pk, actor=secretariat)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    for model, field_name in relations_to(Organisation):
        assert not model._base_manager.filter(**{f"{field_name}_id": duplicate.pk}).exists(), model
    person.refresh_from_db()
    speaker.refresh_from_db()
    invitation.refresh_from_db()
    assert person.organisation == speaker.organisation == kept
    assert invitation.organisation_name == MONGOLIA
    assert sorted(workshop.partners.values_list("organisation__acronym", "role")) == [
        ("CGA", "host"),
        ("CGA", "sponsor"),
    ]
    logged = ActivityEntry.objects.get(action=Action.ORGANISATION_MERGED)
    assert logged.workshop is None
    assert logged.data["moved"]["participants.Participant"] == 1
    assert logged.data["dropped_duplicates"] == {"workshops.WorkshopPartner": 1}
    assert describe(logged) == (
        f"{secretariat.get_full_name()} merged the organisation “General Customs Administration of Mongolia”"
        f" into “{MONGOLIA} (CGA)”"
    )


def test_an_organisation_is_not_merged_into_itself(mongolia):
    with pytest.raises(OrganisationMergeError, match="two different organisations"):
        merge_organisations(keep_id=mongolia.pk, merge_id=mongolia.pk, actor=None)


def test_the_secretariat_reviews_and_merges_in_the_console_and_organisers_may_not(client, mongolia):
    duplicate = OrganisationFactory(name="General Customs Administration of Mongolia", needs_review=True)
    other = OrganisationFactory(name="Lao Customs", needs_review=True)
    organiser = OrganiserMembershipFactory().user
    client.force_login(organiser)
    assert client.get(reverse("console:organisations")).status_code == 403

    client.force_login(make_secretariat())
    page = client.get(reverse("console:organisations")).content.decode()
    assert "2 organisations to review" in page
    assert "Merge into <bdi>CGA</bdi>" in page

    client.post(
        reverse("console:organisation_review", args=[other.pk]),
        {f"org{other.pk}-kind": "customs", f"org{other.pk}-country": "LA"},
    )
    other.refresh_from_db()
    assert (other.kind, other.country.code, other.needs_review) == ("customs", "LA", False)

    response = client.post(
        reverse("console:organisation_merge"), {"merge": duplicate.pk, "keep": mongolia.pk}, follow=True
    )
    assert "is merged into" in response.content.decode()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


def test_admin_merges_the_selected_into_the_one_chosen(admin_client, mongolia):
    duplicate = OrganisationFactory(name="General Customs Administration of Mongolia", needs_review=True)
    ParticipantFactory(organisation=duplicate)
    url = reverse("admin:workshops_organisation_changelist")
    chosen = {"action": "merge", "_selected_action": [mongolia.pk, duplicate.pk]}
    page = admin_client.post(url, chosen).content.decode()
    assert "Which organisation is kept?" in page
    admin_client.post(url, {**chosen, "keep": mongolia.pk})
    assert list(Organisation.objects.values_list("name", flat=True)) == [MONGOLIA]
    assert Participant.objects.get().organisation == mongolia
