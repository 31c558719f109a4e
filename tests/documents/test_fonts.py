"""Every participant's name prints in its own script: found again in the PDF's text, drawn with embedded Noto
fonts, and never as the empty box of a missing glyph."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from documents import fonts
from documents.pdfs import badges_pdf, official_list_pdf
from tests.documents.conftest import NAMES_EXTRACTED_EXACTLY, NAMES_REORDERED
from tests.support.factories import RegistrationFactory, WorkshopFactory
from tests.support.pdfs import fonts as pdf_fonts
from tests.support.pdfs import is_subsequence, notdef_glyphs, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_of_every_script(names):
    workshop = WorkshopFactory()
    for name in names.values():
        RegistrationFactory(workshop=workshop, participant__full_name=name)
    return workshop


def squeezed(text):
    return "".join(text.split())


def assert_every_name_prints(content, text_lines):
    # Spaces are left out: the extractor puts one wherever the font file changes (ị is in Noto Sans's
    # Vietnamese file, T and h in its Latin one), though the name is printed as one word.
    text = squeezed("".join(text_lines))
    for script, name in NAMES_EXTRACTED_EXACTLY.items():
        assert squeezed(name) in text, f"{script} name {name!r} is not in the PDF's text"
    for script, name in NAMES_REORDERED.items():
        assert any(is_subsequence(name, line) for line in text_lines), f"{script} name {name!r} is not in the PDF"
    embedded = pdf_fonts(content)
    assert embedded and all(embedded.values()), f"fonts not embedded: {embedded}"
    assert all("Noto" in font for font in embedded), f"a system font was used instead of Noto: {embedded}"
    assert notdef_glyphs(content) == 0, "a character was drawn as an empty box"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_official_list_prints_a_name_in_every_script(workshop_of_every_script, language):
    content = official_list_pdf(workshop_of_every_script, language)
    assert_every_name_prints(content, pdf_text(content).splitlines())


def test_badges_print_a_name_in_every_script(workshop_of_every_script):
    content = badges_pdf(workshop_of_every_script)
    assert_every_name_prints(content, pdf_text(content).splitlines())


def test_a_missing_font_package_fails_loudly(settings, tmp_path, workshop_of_every_script):
    # A copy of the fonts folder without the Thai package, as after a forgotten `npm ci`.
    for package, _family in fonts.FAMILIES:
        if package != "noto-sans-thai":
            (tmp_path / package).symlink_to(fonts.fonts_dir() / package)
    settings.DOCUMENT_FONTS_DIR = tmp_path
    fonts.font_subsets.cache_clear()
    fonts.family_spans.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="noto-sans-thai"):
            official_list_pdf(workshop_of_every_script, "en")
    finally:
        fonts.font_subsets.cache_clear()
        fonts.family_spans.cache_clear()
