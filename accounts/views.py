"""Admin's own login form is replaced by allauth's, so the same rate limits, lockout and verified email apply."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


def admin_login(request):
    """/admin/login/ sends to allauth's login page, which comes back to `next` (the admin page asked for).

    Someone already logged in is here because admin refused them: allauth would only send them back.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("account_login"))
