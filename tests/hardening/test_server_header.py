"""Hardening 12: the production web server (gunicorn, as the Procfile runs it) does not name itself."""

from tests.support.gunicorn import running_gunicorn


def test_gunicorn_answers_without_naming_itself():
    with running_gunicorn(first_path="/no-such-page/") as server:
        response = server.first_answer
    assert response.status == 404
    assert "gunicorn" not in response.headers.get("Server", "").lower()
