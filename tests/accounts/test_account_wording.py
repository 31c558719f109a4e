"""One word for each thing, in both languages: the menu, the page titles and the buttons of the sign-in,
sign-up and sign-out pages say the same words (allauth's own French says "Connexion", "Inscription" and
"Création de compte"; the portal keeps "inscription" for registering for a workshop)."""

import re

import pytest

from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

WORDS = {
    "en": {"sign_in": "Sign in", "sign_up": "Sign up", "sign_out": "Sign out"},
    "fr": {"sign_in": "Se connecter", "sign_up": "Créer un compte", "sign_out": "Se déconnecter"},
}
ALLAUTH_WORDS = ("Sign In", "Sign Up", "Signup", "Sign Out", "Connexion", "Inscription", "Création de compte")


def texts(page, pattern):
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(pattern, page, re.S)]


def wording(client, url, language):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    header, main = page.split("<main", 1)
    main = main.split("</main>", 1)[0]
    return {
        "title": texts(header, r"<title>(.*?) · ")[0],
        "h1": texts(main, r"<h1[^>]*>(.*?)</h1>")[0],
        "buttons": texts(main, r"<button[^>]*type=\"submit\"[^>]*>(.*?)</button>"),
        "menu": texts(header, r"<nav.*?</nav>")[0],
        "page": page,
    }


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("url", "word"), [("/accounts/login/", "sign_in"), ("/accounts/signup/", "sign_up")])
def test_the_menu_and_the_entrance_pages_say_the_same_words(client, language, url, word):
    words = WORDS[language]

    shown = wording(client, url, language)

    assert shown["title"] == shown["h1"] == words[word]
    assert shown["buttons"] == [words[word]]
    assert words["sign_in"] in shown["menu"] and words["sign_up"] in shown["menu"]
    assert not [allauths for allauths in ALLAUTH_WORDS if allauths in shown["page"]]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_sign_out_page_says_what_the_menu_says(client, language):
    client.force_login(UserFactory())
    sign_out = WORDS[language]["sign_out"]

    shown = wording(client, "/accounts/logout/", language)

    assert shown["title"] == shown["h1"] == sign_out
    assert shown["buttons"] == [sign_out]
    assert f">{sign_out}</button>" in shown["menu"]
    assert not [allauths for allauths in ALLAUTH_WORDS if allauths in shown["page"]]


def test_the_entrance_pages_link_each_other_with_the_same_words_in_french(client):
    login = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    signup = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'Commencez par <a href="/accounts/signup/">créer un compte</a>' in login
    assert '<a href="/accounts/login/">Connectez-vous</a>' in signup
