"""The page an invitation link opens: look (GET changes nothing), then accept or decline (POST)."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User

from .invitations import (
    InvitationError,
    accept_invitation,
    check_answerable,
    decline_invitation,
    email_matches,
    invitation_for_token,
)


def no_referrer(view):
    """The token is in the URL: no link followed from this page may carry it to another site."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def gone(request, invitation, message, status=410):
    return render(
        request, "participants/invitation_gone.html", {"invitation": invitation, "message": message}, status=status
    )


# With Referrer-Policy: no-referrer, browsers send "Origin: null" on the page's own form posts, which
# Django's CSRF check must refuse. The posts are safe without it: the URL carries a 256-bit secret a
# forger cannot know, accepting also needs the session of the invited address, and the session cookie
# is SameSite=Lax, so a cross-site form post arrives logged out.
@csrf_exempt
@no_referrer
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = invitation_for_token(token)
    if invitation is None:
        message = _("This invitation link is not valid. If you received a newer email, use the link in that one.")
        return gone(request, None, message, status=404)
    try:
        check_answerable(invitation, timezone.now())
    except InvitationError as error:
        return gone(request, invitation, error.message)
    if request.user.is_authenticated and not email_matches(invitation, request.user):
        return render(request, "participants/invitation_wrong_account.html", {"invitation": invitation}, status=403)
    if request.method == "POST":
        return answer(request, invitation, token)
    auth_query = urlencode({"next": request.path, "email": invitation.email})
    context = {
        "invitation": invitation,
        "workshop": invitation.workshop,
        "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
        "login_url": f"{reverse('account_login')}?{auth_query}",
        "signup_url": f"{reverse('account_signup')}?{auth_query}",
    }
    return render(request, "participants/invitation.html", context)


def answer(request, invitation, token):
    workshop = invitation.workshop
    if request.POST.get("answer") == "decline":
        try:
            decline_invitation(token=token)
        except InvitationError as error:
            return gone(request, invitation, error.message)
        return render(request, "participants/invitation_declined.html", {"workshop": workshop})
    if not request.user.is_authenticated:
        query = urlencode({"next": request.path, "email": invitation.email})
        return redirect(f"{reverse('account_login')}?{query}")
    try:
        registration = accept_invitation(token=token, user=request.user)
    except InvitationError as error:
        return gone(request, invitation, error.message)
    messages.success(
        request,
        _("You accepted the invitation. Your registration is %(status)s.")
        % {"status": registration.get_status_display().lower()},
    )
    return redirect(workshop.get_absolute_url())
