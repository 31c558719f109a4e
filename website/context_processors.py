"""What every page's navigation shows of the visitor, asked in one query when a page first shows it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

from delegations.models import FocalPoint
from workshops.models import OrganiserMembership
from workshops.permissions import SECRETARIAT_PERMISSION


def navigation(request):
    """`navigation.manage` (the “Manage” link: the secretariat, or someone who organises or checks in at a workshop,
    as workshops.permissions.uses_console answers) and `navigation.delegations` (the “Delegations” link: a focal
    point, as delegations.selectors.is_focal_point answers), asked together instead of in four queries."""
    return {"navigation": SimpleLazyObject(lambda: navigation_answers(request.user))}


def navigation_answers(user):
    if not user.is_authenticated:
        return {"manage": False, "delegations": False}
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    grant = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    model = get_user_model()
    answer = (
        model.objects.filter(pk=user.pk)
        .annotate(
            organises=Exists(OrganiserMembership.objects.filter(user=OuterRef("pk"))),
            granted=Exists(model.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=grant)),
            granted_by_group=Exists(
                model.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=grant)
            ),
            focal_point=Exists(FocalPoint.objects.filter(email__iexact=user.email)),
        )
        .values("organises", "granted", "granted_by_group", "focal_point")
        .get()
    )
    # As ModelBackend.has_perm answers: an inactive user holds no permission, a superuser every one.
    secretariat = user.is_active and (user.is_superuser or answer["granted"] or answer["granted_by_group"])
    return {"manage": secretariat or answer["organises"], "delegations": answer["focal_point"]}
