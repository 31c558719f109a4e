"""The single permission check of the organiser console."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from workshops.models import OrganiserMembership, Workshop
from workshops.permissions import workshop_role


def workshop_view(*, checkin_staff_allowed=False):
    """Decorate a console view taking a workshop `slug`: the view receives the workshop instead.

    Anonymous visitors go to the login page; a logged-in user who does not manage the workshop
    gets 403. Objects looked up inside the view must be filtered by this workshop, so that another
    workshop's objects answer 404.
    """
    allowed_roles = {OrganiserMembership.Role.ORGANISER}
    if checkin_staff_allowed:
        allowed_roles.add(OrganiserMembership.Role.CHECKIN)

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            workshop = get_object_or_404(Workshop, slug=slug)
            role = workshop_role(request.user, workshop)
            if role not in allowed_roles:
                raise PermissionDenied
            request.workshop_role = role
            return view(request, workshop, *args, **kwargs)

        return wrapper

    return decorator
