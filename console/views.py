from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from workshops.permissions import managed_workshops


@login_required
def workshop_list(request):
    workshops = managed_workshops(request.user).order_by("-start_date")
    if not workshops.exists() and not request.user.organiser_memberships.exists():
        raise PermissionDenied
    return render(request, "console/workshop_list.html", {"workshops": workshops})
