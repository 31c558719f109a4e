"""The pages an invitation link opens: look (GET changes nothing), then accept or decline (POST).

The emailed link, /invitations/<token>/, only hands the token to the browser in a cookie and redirects,
with Referrer-Policy: no-referrer, to /invitations/answer/: an address that holds no secret. The page
shown there is then an ordinary page. Its links cannot carry the token to another site in a Referer
header, and its forms (accept, decline, log out, language) keep Django's CSRF protection: a page served
with no-referrer makes browsers send "Origin: null" on its own form posts, which that check refuses.
"""

import re
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User

from .forms import InvitationProfileForm, registration_answer_form
from .invitations import (
    InvitationError,
    accept_invitation,
    check_answerable,
    decline_invitation,
    email_matches,
    invitation_for_token,
)
from .models import Participant

# The token waits in a cookie sent only to the answer page, not in the session: sessions live in the
# database, which must never hold a usable link. One invitation at a time: the link opened last counts.
COOKIE_NAME = "invitation"
# What an invitation link's token is (invitations.link_token: 32 bytes in URL-safe base64); anything else is no
# link of ours, and would not even fit in a cookie header (a non-Latin-1 character).
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def no_referrer(view):
    """The token is in the URL: the request that follows this response may not carry it anywhere."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


@no_referrer
@require_safe  # GET, and HEAD from the link checkers of mail systems
def invitation_link(request, token):
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404
    response = redirect("invitation_answer")
    response.set_cookie(
        COOKIE_NAME,
        token,
        path=reverse("invitation_answer"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def gone(request, invitation, message, status=410):
    return render(
        request, "participants/invitation_gone.html", {"invitation": invitation, "message": message}, status=status
    )


@require_http_methods(["GET", "POST"])
def invitation(request):
    token = request.COOKIES.get(COOKIE_NAME, "")
    if not token:
        return gone(request, None, _("Open the link in your invitation email to see the invitation."), status=404)
    invitation = invitation_for_token(token)
    if invitation is None:
        message = _("This invitation link is not valid. If you received a newer email, use the link in that one.")
        return gone(request, None, message, status=404)
    try:
        check_answerable(invitation, timezone.now())
    except InvitationError as error:
        return gone(request, invitation, error.message)
    if request.user.is_authenticated and not email_matches(invitation, request.user):
        # Back through the emailed link once logged out, whatever became of the cookie meanwhile.
        context = {"invitation": invitation, "link_path": reverse("invitation", kwargs={"token": token})}
        return render(request, "participants/invitation_wrong_account.html", context, status=403)
    if request.method == "POST":
        return answer(request, invitation, token)
    return show(request, invitation, profile_form(request, invitation), answer_form(request, invitation))


def profile_form(request, invitation, data=None):
    """The profile form for a logged-in invitee whose profile is incomplete; None when there is nothing to ask."""
    if not request.user.is_authenticated:
        return None
    participant = Participant.objects.filter(user=request.user).first()
    if participant and participant.is_complete:
        return None
    return InvitationProfileForm(data, instance=participant, invitation=invitation)


def answer_form(request, invitation, data=None, files=None):
    """The workshop's registration questions for a logged-in invitee; None before they log in."""
    if not request.user.is_authenticated:
        return None
    participant = Participant.objects.select_related("organisation").filter(user=request.user).first()
    return registration_answer_form(
        data, files, workshop_id=invitation.workshop_id, participant=participant, invitation_id=invitation.pk
    )


def show(request, invitation, form, questions):
    auth_query = urlencode({"next": request.path, "email": invitation.email})
    context = {
        "invitation": invitation,
        "workshop": invitation.workshop,
        "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
        "login_url": f"{reverse('account_login')}?{auth_query}",
        "signup_url": f"{reverse('account_signup')}?{auth_query}",
        "profile_form": form,
        "answer_form": questions,
    }
    return render(request, "participants/invitation.html", context)


def answer(request, invitation, token):
    workshop = invitation.workshop
    if request.POST.get("answer") == "decline":
        try:
            decline_invitation(token=token, actor=request.user if request.user.is_authenticated else None)
        except InvitationError as error:
            return gone(request, invitation, error.message)
        return render(request, "participants/invitation_declined.html", {"workshop": workshop})
    if not request.user.is_authenticated:
        query = urlencode({"next": request.path, "email": invitation.email})
        return redirect(f"{reverse('account_login')}?{query}")
    form = profile_form(request, invitation, request.POST)
    questions = answer_form(request, invitation, request.POST, request.FILES)
    # Both forms are validated, so every mistake shows at once.
    if not all([form is None or form.is_valid(), questions.is_valid()]):
        return show(request, invitation, form, questions)
    if form is not None:
        form.save_profile(request.user)
    try:
        registration = accept_invitation(token=token, user=request.user, answers=questions)
    except InvitationError as error:
        return gone(request, invitation, error.message)
    messages.success(
        request,
        _("You accepted the invitation. Your registration is %(status)s.")
        % {"status": registration.get_status_display().lower()},
    )
    return redirect(workshop.get_absolute_url())
