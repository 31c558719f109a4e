"""The single permission check of the console app's pages, the organiser console's (/manage/) and the focal point's
(/delegations/): every one of its views is wrapped by one of these, and a refusal says why and what to do."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.selectors import is_focal_point
from workshops.models import OrganiserMembership, Workshop
from workshops.permissions import is_secretariat, uses_console, workshop_role
from workshops.selectors import secretariat_members

# A refusal names a few people to ask, not the whole secretariat.
MAX_CONTACTS_NAMED = 3


def console_view(allowed, refusal=""):
    """Anonymous visitors go to the login page; logged-in users for whom `allowed(request)` is false get 403,
    whose page says why (`refusal`, a function of the request) and what to do."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request, **kwargs):
                raise PermissionDenied(refusal(request) if refusal else "")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def secretariat_contacts():
    """The addresses of a few members of the secretariat, to name in a refusal ("" when it has none)."""
    return ", ".join(member.email for member in secretariat_members()[:MAX_CONTACTS_NAMED])


def ask_the_secretariat():
    contacts = secretariat_contacts()
    if not contacts:
        return _("Ask the portal's administrators to give your account the secretariat's permission.")
    return _("Ask the secretariat (%(contacts)s).") % {"contacts": contacts}


def not_an_organiser(request):
    return " ".join(
        [
            str(_("The organiser console is for the people who run a workshop; this account runs none.")),
            str(ask_the_secretariat()),
        ]
    )


def not_the_secretariat(request):
    return " ".join([str(_("Only the secretariat creates new workshops.")), str(ask_the_secretariat())])


def not_this_workshop(request):
    if request.workshop_role == OrganiserMembership.Role.CHECKIN:
        return _("At this workshop your account is check-in staff: it opens the check-in desk only.")
    return " ".join(
        [
            str(_("Your account is not an organiser of this workshop.")),
            str(_("Ask one of its organisers or the secretariat to add you.")),
        ]
    )


def not_a_focal_point(request):
    contacts = secretariat_contacts()
    if contacts:
        what_to_do = _(
            "If your organisation has chosen you as its focal point, ask the secretariat (%(contacts)s) to add "
            "%(email)s as one."
        ) % {"contacts": contacts, "email": request.user.email}
    else:
        what_to_do = _(
            "If your organisation has chosen you as its focal point, ask the portal's administrators to add "
            "%(email)s as one."
        ) % {"email": request.user.email}
    return " ".join(
        [
            str(
                _(
                    "The delegation pages are for the focal points who nominate their organisation's delegates; "
                    "this account is no organisation's focal point."
                )
            ),
            str(what_to_do),
        ]
    )


def focal_point_view(view):
    """A page of the focal point's: for a user who speaks for some organisation (delegations' focal points)."""
    return console_view(lambda request, **kwargs: is_focal_point(request.user), not_a_focal_point)(view)


def console_user_view(view):
    """A page for anyone who manages or checks in at some workshop, or belongs to the secretariat."""
    return console_view(lambda request, **kwargs: uses_console(request.user), not_an_organiser)(view)


def secretariat_view(view):
    """A page for the secretariat only, such as creating a workshop from scratch."""
    return console_view(lambda request, **kwargs: is_secretariat(request.user), not_the_secretariat)(view)


def workshop_view(*, checkin_staff_allowed=False):
    """Decorate a console view taking a workshop `slug`: the view receives the workshop instead.

    Objects looked up inside the view must be filtered by this workshop, so that another
    workshop's objects answer 404. The view runs on the workshop's clock: forms read and show
    times in its time zone.
    """
    allowed_roles = {OrganiserMembership.Role.ORGANISER}
    if checkin_staff_allowed:
        allowed_roles.add(OrganiserMembership.Role.CHECKIN)

    def allowed(request, slug, **kwargs):
        request.workshop = get_object_or_404(Workshop, slug=slug)
        request.workshop_role = workshop_role(request.user, request.workshop)
        return request.workshop_role in allowed_roles

    def decorator(view):
        @console_view(allowed, not_this_workshop)
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            with timezone.override(request.workshop.tzinfo):
                return view(request, request.workshop, *args, **kwargs)

        return wrapper

    return decorator
