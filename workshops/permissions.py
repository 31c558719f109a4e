"""Who may manage which workshop: the one answer every organiser page asks for."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef

from delegations.models import FocalPoint

from .models import OrganiserMembership

SECRETARIAT_PERMISSION = "workshops.manage_all_workshops"


def is_secretariat(user):
    """The secretariat (a permission granted in admin, usually through a group) manages every workshop."""
    return user.is_authenticated and user.has_perm(SECRETARIAT_PERMISSION)


def uses_console(user):
    """Whether the organiser console has anything for this user: the “Manage” link and /manage/ itself."""
    if not user.is_authenticated:
        return False
    if hasattr(user, "console_answer"):
        return user.console_answer
    return is_secretariat(user) or OrganiserMembership.objects.filter(user=user).exists()


def answer_navigation_questions(user):
    """Ask in one query what the navigation asks of a logged-in user in three or four (is the user the secretariat,
    do they organise a workshop, are they a focal point), and keep the answers on this request's user, where
    uses_console() and delegations' is_focal_point() find them. The public pages call it; their answers are as
    fresh as the questions' own."""
    if not user.is_authenticated:
        return
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    grant = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    people = get_user_model().objects.filter(pk=user.pk)
    answers = people.annotate(
        organises=Exists(OrganiserMembership.objects.filter(user=OuterRef("pk"))),
        granted=Exists(people.model.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=grant)),
        granted_by_group=Exists(
            people.model.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=grant)
        ),
        focal_point=Exists(FocalPoint.objects.filter(email__iexact=user.email)),
    ).values("organises", "granted", "granted_by_group", "focal_point")
    answer = answers.get()
    # As ModelBackend.has_perm answers: an inactive user holds no permission, a superuser every one.
    secretariat = user.is_active and (user.is_superuser or answer["granted"] or answer["granted_by_group"])
    user.console_answer = secretariat or answer["organises"]
    user.focal_point_answer = answer["focal_point"]


def workshop_role(user, workshop):
    """'organiser' for the secretariat and full organisers, 'checkin' for check-in staff, None otherwise."""
    if not user.is_authenticated:
        return None
    if is_secretariat(user):
        return OrganiserMembership.Role.ORGANISER
    return OrganiserMembership.objects.filter(workshop=workshop, user=user).values_list("role", flat=True).first()
