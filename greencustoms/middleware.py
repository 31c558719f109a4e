"""Response headers that every page carries besides the Content-Security-Policy (django-csp's CSPMiddleware, from
settings.CONTENT_SECURITY_POLICY)."""

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
