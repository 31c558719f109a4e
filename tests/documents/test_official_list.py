"""The official list of participants: by country, then the international bodies, contact details by consent."""

import pytest

from documents.models import Letterhead
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from tests.support.pdfs import made_in_the_console, pdf_text
from workshops.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title="Asia/Pacific Regional Green Customs Workshop")
    Letterhead.objects.create(workshop=workshop, document_symbol="GC/AP/2015/INF/1")
    return workshop


def official_list(client, workshop, language):
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    _job, response, content = made_in_the_console(client, workshop, "official_list", language)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}-official-list-{language}.pdf"'
    return " ".join(pdf_text(content).split())


def test_email_and_phone_only_for_those_who_agreed(client, workshop):
    agreed = RegistrationFactory(
        workshop=workshop, participant__list_contact_details=True, participant__phone="+82 2 111 2222"
    ).participant
    private = RegistrationFactory(workshop=workshop, participant__phone="+82 2 333 4444").participant
    text = official_list(client, workshop, "en")
    assert agreed.full_name in text and private.full_name in text
    assert agreed.email in text and "+82 2 111 2222" in text
    assert private.email not in text and "+82 2 333 4444" not in text


def test_countries_first_then_international_organisations_with_the_speakers(client, workshop):
    unep = OrganisationFactory(name="UN Environment Programme", kind=Organisation.Kind.UN_PROGRAMME)
    RegistrationFactory(workshop=workshop, participant__full_name="Kim Minjun", participant__country="KR")
    RegistrationFactory(workshop=workshop, participant__full_name="Anna Berg", participant__country="MN")
    RegistrationFactory(workshop=workshop, participant__full_name="Jane Doe", participant__organisation=unep)
    SpeakerFactory(session=ProgrammeSessionFactory(workshop=workshop), name="Dr Only Speaking", organisation=unep)
    text = official_list(client, workshop, "en")
    countries = text[text.index("Mongolia") :]  # after the heading, which names the host country too
    assert countries.index("Anna Berg") < countries.index("Republic of Korea") < countries.index("Kim Minjun")
    international = text.index("International organisations and secretariats")
    assert international < text.index("UN Environment Programme") < text.index("Jane Doe")
    assert international < text.index("Dr Only Speaking")
    assert "GC/AP/2015/INF/1" in text and "Page 1 of 1" in text


def test_the_french_list(client, workshop):
    RegistrationFactory(workshop=workshop, participant__country="KR")
    text = official_list(client, workshop, "fr")
    assert "Liste des participants" in text and "République de Corée" in text and "Page 1 sur 1" in text


def test_a_title_or_symbol_holding_css_cannot_hide_the_participants(client):
    """A form feed ends a CSS string: `\\x0c}}.entry{display:none}` in the title or the document symbol, printed in
    the page's margin boxes by CSS, emptied the list (issue 26, item 6). Every control character, quote,
    backslash and angle bracket is escaped now."""
    injection = "\x0c}}.entry{display:none} \r}}.entry{display:none} \"'\\</style><p>"
    workshop = WorkshopFactory(title=f"Green Customs {injection}")
    Letterhead.objects.create(workshop=workshop, document_symbol=f"GC/{injection}"[:40])
    names = [RegistrationFactory(workshop=workshop).participant.full_name for _ in range(3)]
    # With a form feed drawn on the page pypdf reads its text as two bytes a character: the NUL it puts before each
    # letter, and spaces, are left out.
    text = "".join(official_list(client, workshop, "en").replace("\x00", "").split())
    assert all("".join(name.split()) in text for name in names), text
    assert text.endswith("}}.entry{display:none}\"'\\</style><p>Page1of1")  # the margins print them as typed
