"""The public workshop page on a phone and in every script of the region, in a real browser: each session of the
programme is a block of the whole width whose words never break, and a name in each script is drawn with a font
that has its letters (the portal's Noto web fonts, or the system's own for Latin and Cyrillic), never as boxes."""

import re
import subprocess

import pytest
from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont
from playwright.sync_api import expect

from documents.fonts import FAMILIES, font_subsets
from tests.documents.conftest import ALL_NAMES
from tests.support.browser import assert_accessible, assert_nothing_wider_than_the_viewport, save_screenshot
from tests.support.factories import ProgrammeSessionFactory, SpeakerFactory, WorkshopFactory, workshop_local

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Latin, Vietnamese and Cyrillic (Mongolian too) are in every system's sans-serif: the portal ships no font for them.
SYSTEM_FONT_SCRIPTS = {"Latin", "Vietnamese", "Mongolian Cyrillic"}

SESSIONS = [
    ("Waste shipments under the Basel Convention", "Les transferts de déchets au titre de la Convention de Bâle"),
    ("Chemicals and the Rotterdam Convention", "Les produits chimiques et la Convention de Rotterdam"),
    ("Ozone-depleting substances", "Les substances appauvrissant la couche d'ozone"),
]


@pytest.fixture
def workshop_of_every_script(transactional_db):
    workshop = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        title_fr="Atelier régional Douanes vertes pour l'Asie et le Pacifique",
        city="Bangkok",
        country="TH",
        time_zone="Asia/Bangkok",
    )
    for hour, (english, french) in enumerate(SESSIONS, start=9):
        ProgrammeSessionFactory(
            workshop=workshop,
            title=english,
            title_fr=french,
            room="Conference room 2",
            room_fr="Salle de conférence 2",
            starts_at=workshop_local(workshop, 0, hour),
            ends_at=workshop_local(workshop, 0, hour, 50),
        )
    panel = ProgrammeSessionFactory(
        workshop=workshop,
        title="Customs of the region: a round table",
        title_fr="Les douanes de la région : table ronde",
        room="Main hall",
        room_fr="Grande salle",
        starts_at=workshop_local(workshop, 0, 14),
        ends_at=workshop_local(workshop, 0, 16),
    )
    for name in ALL_NAMES.values():
        SpeakerFactory(session=panel, name=name, organisation=None)
    return workshop


def in_french(page):
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.url}])
    page.reload()


def broken_words(page):
    """The words of session titles that the browser broke over two lines."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.programme-session .fw-semibold')].flatMap(title => {
            const text = title.firstChild, words = [];
            for (const match of text.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(text, match.index);
                range.setEnd(text, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                if (lines.size > 1) words.push(match[0]);
            }
            return words;
        })"""
    )


def assert_sessions_are_blocks(page):
    """Time and room on one line, the title below them, as wide as the programme."""
    for row in page.locator(".programme-table tbody tr").all():
        time, room, session = (
            row.locator(cell).bounding_box() for cell in (".programme-time", ".programme-room", ".programme-session")
        )
        assert abs(time["y"] - room["y"]) < 2 and room["x"] > time["x"] + time["width"], (time, room)
        assert session["y"] >= time["y"] + time["height"] - 1, (time, session)
        assert session["width"] > PHONE["width"] * 0.75, session


def test_the_programme_reads_as_blocks_on_a_phone(page, workshop_of_every_script):
    page.set_viewport_size(PHONE)
    page.goto(workshop_of_every_script.get_absolute_url())
    expect(page.get_by_text("Waste shipments under the Basel Convention")).to_be_visible()
    assert_sessions_are_blocks(page)
    assert broken_words(page) == []
    assert_nothing_wider_than_the_viewport(page)
    save_screenshot(page, "phone-programme-390")
    assert_accessible(page)
    in_french(page)
    expect(page.get_by_text("Les produits chimiques et la Convention de Rotterdam")).to_be_visible()
    assert_sessions_are_blocks(page)
    assert broken_words(page) == []
    assert_nothing_wider_than_the_viewport(page)
    save_screenshot(page, "phone-programme-390-fr")
    assert_accessible(page)
    # At desktop width the programme stays a table of three columns.
    page.set_viewport_size(DESKTOP)
    expect(page.get_by_role("columnheader", name="Salle")).to_be_visible()
    save_screenshot(page, "phone-programme-1280-fr")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.reload()
    expect(page.get_by_role("columnheader", name="Room")).to_be_visible()
    save_screenshot(page, "phone-programme-1280")


def platform_fonts(page):
    """{speaker's name: [(family, is a web font, glyphs drawn)]}, as Chromium reports the fonts it drew them with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    used = {}
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".programme-session li"})["nodeIds"]:
        text = cdp.send("DOM.resolveNode", {"nodeId": node})["object"]["objectId"]
        name = cdp.send(
            "Runtime.callFunctionOn",
            {
                "objectId": text,
                "functionDeclaration": "function() { return this.textContent.trim(); }",
                "returnByValue": True,
            },
        )["result"]["value"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        used[name] = [(font["familyName"], font["isCustomFont"], font["glyphCount"]) for font in fonts]
    cdp.detach()
    return used


def system_characters(family):
    """The characters the installed font of this family (as fontconfig finds it) has a glyph for."""
    path = subprocess.run(["fc-match", "--format=%{file}", family], capture_output=True, text=True, check=True).stdout
    font = TTCollection(path).fonts[0] if path.endswith(".ttc") else TTFont(path)
    return set(font.getBestCmap())


def font_files_loaded(page):
    return page.evaluate(
        "performance.getEntriesByType('resource').map(entry => entry.name).filter(url => url.includes('/fontsource/'))"
        ".filter(url => url.endsWith('.woff2')).map(url => url.split('/').pop())"
    )


def web_font_characters(family):
    """The code points the portal's web font of this family covers (the unicode-range of its files). Chromium names
    a web font by its file's own name: "Noto Sans KR Thin" is a file of Noto Sans KR."""
    shipped = max((name for _package, name in FAMILIES[1:] if family.startswith(name)), key=len)
    return {
        point
        for subset in font_subsets()
        if subset.family == shipped
        for first, last in subset.ranges
        for point in range(first, last + 1)
    }


def test_a_name_in_every_script_is_drawn_with_a_font_that_has_it(page, workshop_of_every_script):
    page.goto(workshop_of_every_script.get_absolute_url())
    page.evaluate("document.fonts.ready")
    for name in ALL_NAMES.values():
        expect(page.get_by_text(name, exact=True)).to_be_visible()
    # Every letter of every name is drawn by a font that holds it: a missing glyph is drawn as a box by a font
    # that does not (the first of the stack), which fails here.
    used = platform_fonts(page)
    for script, name in ALL_NAMES.items():
        fonts = used[name]
        drawable = set().union(
            *(web_font_characters(family) if custom else system_characters(family) for family, custom, _ in fonts)
        )
        assert {ord(character) for character in name if not character.isspace()} <= drawable, (script, fonts)
        if script in SYSTEM_FONT_SCRIPTS:
            assert not any(custom for _family, custom, _glyphs in fonts), (script, fonts)
    # Only the files of the scripts on the page are downloaded: no Latin, Cyrillic or Vietnamese subset of any
    # package, and of the Korean, Chinese and Japanese packages (some 100 files each) a few slices, never more than
    # one per character.
    loaded = font_files_loaded(page)
    assert not [file for file in loaded if any(f"-{subset}-" in file for subset in ("latin", "cyrillic", "vietnamese"))]
    cjk_characters = set("".join(ALL_NAMES[script] for script in ("Hangul", "Chinese", "Japanese"))) - {" "}
    cjk_files = [file for file in loaded if file.startswith(("noto-sans-kr", "noto-sans-sc", "noto-sans-jp"))]
    assert 0 < len(cjk_files) <= len(cjk_characters), cjk_files
    save_screenshot(page, "phone-all-scripts-1280")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_nothing_wider_than_the_viewport(page)
    save_screenshot(page, "phone-all-scripts-390")
    in_french(page)
    expect(page.get_by_text(ALL_NAMES["Thai"], exact=True)).to_be_visible()
    assert_nothing_wider_than_the_viewport(page)
    save_screenshot(page, "phone-all-scripts-390-fr")
    page.set_viewport_size(DESKTOP)
    save_screenshot(page, "phone-all-scripts-1280-fr")
    assert_accessible(page)


def test_the_web_fonts_and_the_pdf_fonts_are_one_list():
    # The PDFs' fallback order is Noto Sans, then the web pages' packages in the order portal.css names them.
    assert [package for package, _family in FAMILIES] == ["noto-sans", *settings.WEB_FONT_PACKAGES]
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    assert "--bs-body-font-family: var(--bs-font-sans-serif), var(--gc-noto-families);" in css
    stack = css.split("--gc-noto-families:", 1)[1].split(";", 1)[0]
    named = [family.strip().strip('"') for family in stack.split(",")]
    assert named == [family for _package, family in FAMILIES[1:]]
    for package in settings.WEB_FONT_PACKAGES:
        # A package's 400 weight, or only its own script's file of it (noto-naskh-arabic/arabic-400.css).
        assert re.search(rf'@import url\("\.\./vendor/fontsource/{package}/([a-z-]+-)?400\.css"\);', css), package
