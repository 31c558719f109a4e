"""The catalogues (French, Spanish, Arabic): complete, compiled, in step with the source, holding the glossary's
terms, and what French readers actually see."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from tests.support.browser import assert_accessible, save_screenshot
from tests.support.factories import OrganiserMembershipFactory, ParticipantFactory, seoul_workshop

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
GLOSSARY = Path(settings.BASE_DIR) / "locale" / "glossary.md"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# What `make messages` extracts; the temporary copy below leaves out what it ignores.
MAKEMESSAGES = ["makemessages", "--extension=html,txt,py,subject", *(f"--locale={code}" for code in TRANSLATED)]
NOT_SOURCE = ["locale", ".venv", "node_modules", "staticfiles", "var", "tests", "bench", "test-artifacts", ".git"]


def catalogue(language):
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path):
    """The .po file's entries as dicts: 'msgctxt', 'msgid', 'msgid_plural', 'msgstr' or 'msgstr[n]', and 'flags'.

    Obsolete entries (#~) are returned too, under 'obsolete', so that a stale catalogue shows.
    """
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "obsolete": False}
        entry["obsolete"] |= obsolete
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, literal = line.partition(" ")
            entry[field] = ast.literal_eval(literal)
    return entries


def translations(language):
    return [entry for entry in read_catalogue(catalogue(language)) if entry["msgid"] and not entry["obsolete"]]


def plural_forms(entry):
    """A plural entry's translations, msgstr[0], msgstr[1], ... (two in French and Spanish, six in Arabic)."""
    return [entry[f"msgstr[{number}]"] for number in range(len(entry)) if f"msgstr[{number}]" in entry]


def translated_forms(entry):
    """[(source text, its translation)]: one pair for a plain entry, one per plural form otherwise (the last form,
    for the most, against the plural source; the others against the singular's)."""
    if "msgid_plural" not in entry:
        return [(entry["msgid"], entry["msgstr"])]
    *fewer, most = plural_forms(entry)
    return [*((entry["msgid"], form) for form in fewer), (entry["msgid_plural"], most)]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    header, *entries = read_catalogue(catalogue(language))
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert len(entries) > 600
    assert not [entry["msgid"] for entry in entries if entry["obsolete"]], "run `make messages`"
    assert not [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [source for entry in entries for source, text in translated_forms(entry) if not text.strip()]
    assert not untranslated


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_their_source(language):
    wrong = []
    for entry in translations(language):
        if "msgid_plural" not in entry:
            if set(PLACEHOLDER.findall(entry["msgid"])) != set(PLACEHOLDER.findall(entry["msgstr"])):
                wrong.append((entry["msgid"], entry["msgstr"]))
            continue
        *fewer, most = plural_forms(entry)
        expected = set(PLACEHOLDER.findall(entry["msgid_plural"]))
        # The form for the most keeps every name; a form for fewer ("Une séance …", Arabic's forms for one and two)
        # may leave out the count, never add a name.
        if set(PLACEHOLDER.findall(most)) != expected:
            wrong.append((entry["msgid_plural"], most))
        wrong += [(entry["msgid"], form) for form in fewer if not set(PLACEHOLDER.findall(form)) <= expected]
    assert not wrong


def glossary():
    """{language: [(English term, [the forms a translation may hold])]}, from locale/glossary.md's table."""
    rows = [line.strip().strip("|").split("|") for line in GLOSSARY.read_text(encoding="utf-8").splitlines()]
    header, _rule, *terms = [[cell.strip() for cell in row] for row in rows if len(row) > 3]
    columns = {code: header.index(str(name)) for code, name in settings.LANGUAGES if str(name) in header}
    return {
        code: [(term[0], [form.strip() for form in term[column].split(" / ")]) for term in terms]
        for code, column in columns.items()
        if code != settings.LANGUAGE_CODE
    }


def test_the_glossary_has_a_column_for_every_translated_language():
    assert sorted(glossary()) == sorted(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_use_the_glossary_terms(language):
    """Where the English source names a glossary term, its translation holds one of the term's forms."""
    terms = [(re.compile(rf"\b{re.escape(term)}", re.IGNORECASE), forms) for term, forms in glossary()[language]]
    missing = [
        (source, form)
        for entry in translations(language)
        for source, text in translated_forms(entry)
        for pattern, form in terms
        if pattern.search(PLACEHOLDER.sub("", source)) and not any(f.casefold() in text.casefold() for f in form)
    ]
    assert not missing


@pytest.mark.parametrize("language", TRANSLATED)
def test_gettext_checks_the_catalogue(language):
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(catalogue(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


# A count for every plural form of the catalogues: 0, 1 and 2 are forms of their own in Arabic, 3, 11 and 100 too.
COUNTS = (0, 1, 2, 3, 11, 100)


def plural_rule(language):
    """The catalogue's own plural formula (its header's Plural-Forms), as a function of the count."""
    header = read_catalogue(catalogue(language))[0]["msgstr"]
    formula = re.search(r"plural=([^;\n]+)", header).group(1)
    return gettext.c2py(formula)


def compiled_translation(entry, counts):
    """What Django's gettext answers for the entry: one string, or the form for each count of a plural entry."""
    context, msgid = entry.get("msgctxt"), entry["msgid"]
    if "msgid_plural" in entry:
        plural = entry["msgid_plural"]
        if context:
            return [translation.npgettext(context, msgid, plural, count) for count in counts]
        return [translation.ngettext(msgid, plural, count) for count in counts]
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_gives_every_translation_of_the_po_file(language):
    """The committed .mo is what Django reads; a .po edited without `make messages` would differ from it."""
    rule = plural_rule(language)

    def in_po_file(entry):
        if "msgid_plural" not in entry:
            return entry["msgstr"]
        forms = plural_forms(entry)
        return [forms[rule(count)] for count in COUNTS]

    with translation.override(language):
        stale = [
            entry["msgid"]
            for entry in translations(language)
            if compiled_translation(entry, COUNTS) != in_po_file(entry)
        ]
    assert not stale, "run `make messages` to compile the catalogue"


def test_the_catalogue_holds_exactly_the_messages_of_the_source(tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("xgettext (GNU gettext) is not installed")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "portal"
    # Hidden entries too (makemessages ignores them): another xdist worker writes in .hypothesis/ meanwhile, a
    # temporary file there renamed away between listing and copying would fail the copy.
    shutil.copytree(base, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE, "__pycache__", ".*"))
    shutil.copytree(base / "locale", copy / "locale")
    subprocess.run(
        [str(base / ".venv" / "bin" / "python"), "manage.py", *MAKEMESSAGES],
        cwd=copy,
        check=True,
        capture_output=True,
    )

    def keys(path):
        return {
            (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            for entry in read_catalogue(path)
            if entry["msgid"] and not entry["obsolete"]
        }

    for language in TRANSLATED:
        extracted = keys(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        committed = keys(catalogue(language))
        assert extracted == committed, (
            # (Sorted as text: a message without a context has None there.)
            f"run `make messages` and translate ({language}): new {sorted(extracted - committed, key=str)}, "
            f"gone {sorted(committed - extracted, key=str)}"
        )


@pytest.fixture
def french(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    return client


def french_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    return page


@pytest.mark.django_db
def test_public_pages_speak_french(french):
    workshop = seoul_workshop(slug="seoul")

    home = french_page(french, "/")
    assert "Ateliers à venir" in home and "Aller au contenu principal" in home
    detail = french_page(french, workshop.get_absolute_url())
    assert "Informations pratiques" in detail and "Fuseau horaire" in detail and "Région OMD" in detail
    login = french_page(french, "/accounts/login/")
    assert "Se connecter" in login and "Mot de passe" in login


@pytest.mark.django_db
def test_registration_and_console_pages_speak_french(french):
    workshop = seoul_workshop(slug="seoul")
    french.force_login(ParticipantFactory().user)
    register = french_page(french, "/workshops/seoul/register/")
    assert "S'inscrire\u00a0: Asia/Pacific" in register and "Veuillez vérifier vos informations" in register

    french.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    dashboard = french_page(french, "/manage/seoul/")
    assert "Tableau de bord" in dashboard and "Places restantes" in dashboard


@pytest.mark.browser
def test_the_footer_switches_the_portal_to_french(page, transactional_db):
    workshop = seoul_workshop(
        slug="asia-pacific-green-customs",
        summary="Customs officers and environmental agencies of the region meet to act against illegal trade.",
    )
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option(label="Français")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", name="Ateliers à venir")).to_be_visible()
    save_screenshot(page, "home-fr")
    assert_accessible(page)

    page.get_by_role("link", name=workshop.title).first.click()
    page.wait_for_url(f"**{workshop.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", name="Informations pratiques")).to_be_visible()
    save_screenshot(page, "workshop-detail-fr")
    assert_accessible(page)

    page.get_by_label("Langue").select_option(label="English")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_url(f"**{workshop.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
