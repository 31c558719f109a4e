"""The French catalogue: complete, compiled, in step with the source, and what French readers actually see."""

import ast
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

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# What `make messages` extracts; the temporary copy below leaves out what it ignores.
MAKEMESSAGES = ["makemessages", "--locale=fr", "--extension=html,txt,py,subject"]
NOT_SOURCE = ["locale", ".venv", "node_modules", "staticfiles", "var", "tests", "bench", "test-artifacts", ".git"]


def read_catalogue(path=CATALOGUE):
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


def translations():
    return [entry for entry in read_catalogue() if entry["msgid"] and not entry["obsolete"]]


def translated_forms(entry):
    """[(source text, its translation)]: one pair for a plain entry, one per plural form otherwise."""
    if "msgid_plural" not in entry:
        return [(entry["msgid"], entry["msgstr"])]
    # French uses form 0 for 0 and 1, form 1 for 2 and more.
    return [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]


def test_every_message_is_translated_and_none_is_fuzzy():
    header, *entries = read_catalogue()
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert len(entries) > 600
    assert not [entry["msgid"] for entry in entries if entry["obsolete"]], "run `make messages`"
    assert not [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [source for entry in entries for source, french in translated_forms(entry) if not french.strip()]
    assert not untranslated


def test_translations_keep_the_placeholders_of_their_source():
    wrong = []
    for entry in translations():
        for number, (source, french) in enumerate(translated_forms(entry)):
            expected, found = set(PLACEHOLDER.findall(source)), set(PLACEHOLDER.findall(french))
            # The singular form may leave out the count ("Une séance …"), never add a name.
            if found != expected and not (number == 0 and "msgid_plural" in entry and found < expected):
                wrong.append((source, french))
    assert not wrong


def test_gettext_checks_the_catalogue():
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def compiled_translation(entry):
    """What Django's gettext answers for the entry: one string, or the forms for 1 and 2 of a plural entry."""
    context, msgid = entry.get("msgctxt"), entry["msgid"]
    if "msgid_plural" in entry:
        plural = entry["msgid_plural"]
        if context:
            return [translation.npgettext(context, msgid, plural, count) for count in (1, 2)]
        return [translation.ngettext(msgid, plural, count) for count in (1, 2)]
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


def test_the_compiled_catalogue_gives_every_translation_of_the_po_file():
    """The committed .mo is what Django reads; a .po edited without `make messages` would differ from it."""
    with translation.override("fr"):
        stale = [
            entry["msgid"]
            for entry in translations()
            if compiled_translation(entry) != entry.get("msgstr", [entry.get("msgstr[0]"), entry.get("msgstr[1]")])
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

    extracted = keys(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    committed = keys(CATALOGUE)
    assert extracted == committed, (
        # (Sorted as text: a message without a context has None there.)
        f"run `make messages` and translate: new {sorted(extracted - committed, key=str)}, "
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
    assert '<html lang="fr">' in page
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
