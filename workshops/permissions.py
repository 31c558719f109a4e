"""Who may manage which workshop: the one answer every organiser page asks for."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
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


# The user's id and email in the navigation's query as navigation_query() builds it: no other parameter of that
# query takes either value.
STAND_IN_ID = -1
STAND_IN_EMAIL = "stand-in@navigation.invalid"


def navigation_answers(user_id, email):
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


@functools.cache
def navigation_query():
    """The navigation's query as SQL and parameters, built by the ORM once per process for the stand-ins:
    building it took several times longer than running it, on every public page a logged-in user opens."""
    return navigation_answers(STAND_IN_ID, STAND_IN_EMAIL).query.sql_with_params()


def answer_navigation_questions(user):
    """Ask in one query what the navigation asks of a logged-in user in three or four (is the user the secretariat,
    do they organise a workshop, are they a focal point), and keep the answers on this request's user, where
    uses_console() and delegations' is_focal_point() find them. The public pages call it; their answers are as
    fresh as the questions' own."""
    if not user.is_authenticated:
        return
    sql, stand_in_params = navigation_query()
    own = {STAND_IN_ID: user.pk, STAND_IN_EMAIL: user.email}
    with connection.cursor() as cursor:
        cursor.execute(sql, [own.get(param, param) for param in stand_in_params])
        answer = dict(zip((column.name for column in cursor.description), cursor.fetchone(), strict=True))
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
