"""allauth's emails go through the portal's outbox, like every other email the portal sends, in the person's
language; a person's language is kept at sign-up and brought back at login."""

import ipaddress
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.languages import recipient_language
from delegations.selectors import is_focal_point
from outbox.models import OutgoingEmail
from outbox.services import queue_email
from participants.models import Participant
from workshops.permissions import uses_console


def html_alternative(message):
    return next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")


def profile_first(request):
    """The profile page when the person's profile is missing or incomplete: it is needed to register."""
    participant = Participant.objects.filter(user=request.user).first()
    if participant is None or not participant.is_complete:
        return reverse("participants:profile")
    return None


class AccountAdapter(DefaultAccountAdapter):
    # allauth's refusal of a login after too many failed ones, saying when to try again: its rate limit login_failed
    # (settings.ACCOUNT_RATE_LIMITS) refuses an address for five minutes.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _("Too many failed login attempts. Wait five minutes, then try again."),
    }

    def get_client_ip(self, request):
        """The address allauth's rate limits (and core.rate_limits) count a request by. From a trusted proxy
        (settings.TRUSTED_PROXIES) it is the last address in X-Forwarded-For that no trusted proxy holds (each
        proxy appends the address it was reached from); from anyone else, the connection's own address, so a
        client cannot choose whom it is counted as by sending the header itself."""
        address = request.META.get("REMOTE_ADDR", "")
        if address in settings.TRUSTED_PROXIES:
            for hop in reversed(request.headers.get("X-Forwarded-For", "").split(",")):
                try:
                    address = str(ipaddress.ip_address(hop.strip()))
                except ValueError:
                    break  # not an address: the hops before it are not to be believed either
                if address not in settings.TRUSTED_PROXIES:
                    break
        return address or super().get_client_ip(request)

    def clean_email(self, email):
        """Signup, password reset and added addresses: an address longer than its column is refused on the form."""
        MaxLengthValidator(User._meta.get_field("email").max_length)(email)
        return super().clean_email(email)

    def send_mail(self, template_prefix, email, context):
        """Write the message allauth renders (verification link, password reset, ...) to the outbox.

        The outbox delivers it after the transaction commits and keeps a record of it, instead of
        allauth handing it to the mail backend inside the request.
        """
        request = allauth_context.request
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        # The person's language, else the one they are browsing in (an address without an account has no other).
        with translation.override(recipient_language(user=user, default=translation.get_language())):
            message = self.render_mail(
                template_prefix,
                email,
                {"request": request, "email": email, "current_site": get_current_site(request), **context},
            )
            queue_email(
                to_email=email,
                subject=message.subject,
                body_text=message.body,
                body_html=html_alternative(message),
                kind=OutgoingEmail.Kind.ACCOUNT,
                # Every account email is its own event: two password reset requests are two emails.
                dedup_key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
            )

    def new_user(self, request):
        """A new account speaks the language its owner was browsing in when they signed up."""
        user = super().new_user(request)
        user.language = recipient_language(default=translation.get_language())
        return user

    def post_login(self, request, user, **kwargs):
        """Logging in brings back the person's language: for the rest of this request and, by the cookie Django's
        language switch sets, for the pages after it."""
        if not user.language:
            return super().post_login(request, user, **kwargs)
        translation.activate(user.language)
        response = super().post_login(request, user, **kwargs)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

    def get_login_redirect_url(self, request):
        # Reached only when the login carries no safe `next` (allauth gives `next` precedence). Organisers land in
        # the console where they work, focal points on their delegations; the profile is asked for when someone
        # registers, not at every login.
        return where_they_work(request.user) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Also where a new account lands once its email address is verified. A focal point signs up to nominate
        # delegates, not to register: their profile is asked for only if they register themselves.
        return where_they_work(request.user) or profile_first(request) or super().get_signup_redirect_url(request)


def where_they_work(user):
    """The console for an organiser, the delegations pages for a focal point; None for a participant."""
    if uses_console(user):
        return reverse("console:workshop_list")
    if is_focal_point(user):
        return reverse("delegations:home")
    return None
