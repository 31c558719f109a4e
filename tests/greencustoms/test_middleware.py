"""The Content-Security-Policy comes from django-csp's CSPMiddleware, as the settings list it: every page carries the
policy built from CONTENT_SECURITY_POLICY, and what django-csp does per response (decorators, nonces, a report-only
policy) happens."""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse

from tests.support.factories import seoul_workshop

HEADER, REPORT_ONLY_HEADER = "Content-Security-Policy", "Content-Security-Policy-Report-Only"


def respond(request):
    return HttpResponse("page")


def served(view, rf):
    request = rf.get("/")
    return request, CSPMiddleware(view)(request)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/workshops/seoul/", "/workshops/seoul/programme.ics"])
def test_every_page_carries_the_policy_django_csp_builds_from_the_settings(client, path):
    seoul_workshop(slug="seoul")
    policy = client.get(path)[HEADER]
    assert policy == build_policy()
    assert "default-src 'self'" in policy


def test_a_policy_changed_by_a_decorator_is_the_responses_own(rf):
    _request, response = served(csp_update({"img-src": ["https://maps.example"]})(respond), rf)
    assert "https://maps.example" in response[HEADER]


def test_an_exempted_response_carries_no_policy(rf):
    _request, response = served(csp_exempt()(respond), rf)
    assert HEADER not in response


def test_a_nonce_asked_for_by_the_view_is_in_the_policy(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}

    def view(request):
        return HttpResponse(str(request.csp_nonce))

    _request, response = served(view, rf)
    assert f"'nonce-{response.content.decode()}'" in response[HEADER]


def test_a_nonce_asked_for_once_the_policy_is_written_is_an_error(rf):
    request, _response = served(respond, rf)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_a_report_only_policy_is_sent_too(rf, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    _request, response = served(respond, rf)
    assert response[REPORT_ONLY_HEADER] == "default-src 'none'"
    assert response[HEADER] == build_policy()
