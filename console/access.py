"""The single permission check of the organiser console: every console view is wrapped by one of these."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workshops.models import OrganiserMembership, Workshop
from workshops.permissions import is_secretariat, uses_console, workshop_role


def console_view(allowed):
    """Anonymous visitors go to the login page; logged-in users for whom `allowed(request)` is false get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request, **kwargs):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def console_user_view(view):
    """A page for anyone who manages or checks in at some workshop, or belongs to the secretariat."""
    return console_view(lambda request, **kwargs: uses_console(request.user))(view)


def secretariat_view(view):
    """A page for the secretariat only, such as creating a workshop from scratch."""
    return console_view(lambda request, **kwargs: is_secretariat(request.user))(view)


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
        @console_view(allowed)
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            with timezone.override(request.workshop.tzinfo):
                return view(request, request.workshop, *args, **kwargs)

        return wrapper

    return decorator
