"""The account's own doors: admin's login (replaced by allauth's, so the same rate limits, lockout and verified email
apply) and the language switch."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views import i18n

from .services import set_user_language


def admin_login(request):
    """/admin/login/ sends to allauth's login page, which comes back to `next` (the admin page asked for).

    Someone already logged in is here because admin refused them: allauth would only send them back.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("account_login"))


def set_language(request):
    """Django's language switch (it sets the cookie and goes back), which also keeps a logged-in person's choice:
    their emails follow it, and logging in on another device brings it back."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        set_user_language(user_id=request.user.pk, language=request.POST.get("language", ""))
    return response
