"""The draft of the Seoul demo's report says what the report that followed the 2015 workshop said."""

import pytest

from documents.selectors import attended_registrations
from outcomes.drafting import draft_report
from tests.demo.test_seed_demo import seed_output, seoul  # noqa: F401 - the demo seeded once for the module

pytestmark = pytest.mark.django_db


def test_the_seoul_draft_tells_what_the_report_of_2015_told_in_both_languages(seoul):  # noqa: F811
    participants = [registration.participant for registration in attended_registrations(seoul)]
    countries = len({participant.country for participant in participants})
    assert len(participants) > 30 and countries > 1  # what the demo holds, so that the sentences below are its own
    drafts = draft_report(seoul)

    english = drafts["en"]
    assert english.startswith("# Asia/Pacific Regional Green Customs Workshop\n")
    assert "The workshop took place between 10 and 13 November 2015 in Seoul, Republic of Korea." in english
    assert (
        "It was organised by WCO Regional Intelligence Liaison Office for Asia and the Pacific (RILO A/P) and United "
        "Nations Environment Programme (UNEP), hosted and sponsored by Korea Customs Service (KCS), in partnership "
        "with World Customs Organization (WCO), CITES Secretariat (CITES) and Secretariat of the Basel, Rotterdam "
        "and Stockholm Conventions (BRS)."
    ) in english
    assert (
        f"More than {len(participants) // 10 * 10} participants from Customs administrations of the region, "
        "WCO Regional Intelligence Liaison Office for Asia and the Pacific (RILO A/P), World Customs Organization "
        "(WCO), United Nations Environment Programme (UNEP), CITES Secretariat (CITES) and Secretariat of the Basel, "
        f"Rotterdam and Stockholm Conventions (BRS) attended the workshop. They came from {countries} countries."
    ) in english
    assert "- Field visit: cargo examination at Incheon" in english
    assert "- Coffee break" not in english

    french = drafts["fr"]
    assert french.startswith("# Atelier régional Douanes vertes pour l'Asie et le Pacifique\n")
    assert "L'atelier s'est tenu du 10 au 13 novembre 2015 à Séoul, République de Corée." in french
    assert "accueilli et parrainé par Service des douanes de Corée (KCS)" in french
    assert f"Plus de {len(participants) // 10 * 10} participants ont participé à l'atelier : " in french
    assert f"Ils venaient de {countries} pays." in french
    assert "- Visite de terrain : contrôle du fret à Incheon" in french
