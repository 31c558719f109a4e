"""Response headers that every page carries: the Content-Security-Policy (django-csp's, built once) and the rest."""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils.cache import add_never_cache_headers

# The portal uses none of these browser features; a page (or something injected into it) cannot ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; and pages served to someone logged in are never stored by a
    browser or a proxy (Cache-Control: no-store), since they show personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)  # no-store among them
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy that the settings give built once: django-csp builds it (and a
    report-only one) again for every response, 0.2 ms, a tenth of the time of a page served from the cache. A
    response with a policy of its own (a nonce was asked for; a django-csp decorator changed the policy or exempted
    the response) and any response while a report-only policy, excluded paths or DEBUG are set are left to
    django-csp."""

    # What django-csp's decorators set on a response.
    OWN_POLICY_MARKS = tuple(
        f"_csp_{mark}{report_only}" for mark in ("config", "update", "replace", "exempt") for report_only in ("", "_ro")
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self.policy = build_policy()
        self.settings_policy_only = bool(self.policy) and not (
            settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
        )

    def process_response(self, request, response):
        if (
            not self.settings_policy_only
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, mark) for mark in self.OWN_POLICY_MARKS)
        ):
            return super().process_response(request, response)
        response.headers.setdefault(HEADER, self.policy)
        # As django-csp does: a nonce asked for once the header is written raises an error instead of going unused.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
