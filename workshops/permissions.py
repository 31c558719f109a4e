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


def navigation_questions(user_id, email):
    """Is the user the secretariat, do they organise a workshop, are they a focal point: one row."""
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    grant = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    people = get_user_model().objects.filter(pk=user_id)
    return people.annotate(
        organises=Exists(OrganiserMembership.objects.filter(user=OuterRef("pk"))),
        granted=Exists(people.model.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=grant)),
        granted_by_group=Exists(
            people.model.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=grant)
        ),
        focal_point=Exists(FocalPoint.objects.filter(email__iexact=email)),
    ).values("organises", "granted", "granted_by_group", "focal_point")


def ask_navigation_questions(user):
    """(console answer, focal point answer) for a logged-in user, in one query instead of three or four: is the
    user the secretariat or do they organise a workshop (the "Manage" link), are they a focal point
    ("Delegations"). What they depend on raises the user's access version (workshops.versions), which names the
    cached answers (page_cache.navigation_answers)."""
    (answer,) = navigation_questions(user.pk, user.email)
    # As ModelBackend.has_perm answers: an inactive user holds no permission, a superuser every one.
    secretariat = user.is_active and (user.is_superuser or answer["granted"] or answer["granted_by_group"])
    return (secretariat or answer["organises"], answer["focal_point"])


def keep_navigation_answers(user, answers):
    """Keep the answers on this request's user, where uses_console() and delegations' is_focal_point() find them."""
    user.console_answer, user.focal_point_answer = answers


def workshop_role(user, workshop):
    """'organiser' for the secretariat and full organisers, 'checkin' for check-in staff, None otherwise."""
    if not user.is_authenticated:
        return None
    if is_secretariat(user):
        return OrganiserMembership.Role.ORGANISER
    return OrganiserMembership.objects.filter(workshop=workshop, user=user).values_list("role", flat=True).first()
