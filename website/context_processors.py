"""What every page's navigation shows of the visitor, asked in one statement when a page first shows it.

The answers are asked on every page of a logged-in person and never kept, so that a role given or taken shows at the
next request. The statement is written in SQL: built by the ORM, its four EXISTS took about 4 ms to make against
0.5-1.5 ms for PostgreSQL to answer, and the logged-in workshop page spent half its time there (profiled in-process
on the bench's data: the navigation 5.4 ms of the page's 11.3 ms; 0.6 ms in SQL).
"""

from django.db import connection
from django.utils.functional import SimpleLazyObject

from workshops.permissions import SECRETARIAT_PERMISSION


def navigation(request):
    """`navigation.manage` (the “Manage” link: the secretariat, or someone who organises or checks in at a workshop,
    as workshops.permissions.uses_console answers) and `navigation.delegations` (the “Delegations” link: a focal
    point, as delegations.selectors.is_focal_point answers), asked together instead of in four queries."""
    return {"navigation": SimpleLazyObject(lambda: navigation_answers(request.user))}


# The four questions: organises a workshop; holds the secretariat's permission itself; holds it through a group; is a
# focal point (the address compared without case, as `iexact` does). The tables are those Django names for
# workshops.OrganiserMembership, accounts.User's permissions and groups, auth's Permission, ContentType and groups'
# permissions, and delegations.FocalPoint.
NAVIGATION_SQL = """
SELECT
  EXISTS (SELECT 1 FROM "workshops_organisermembership" WHERE "user_id" = %(user)s),
  EXISTS (
    SELECT 1 FROM "accounts_user_user_permissions" u
    JOIN "auth_permission" p ON p."id" = u."permission_id"
    JOIN "django_content_type" t ON t."id" = p."content_type_id"
    WHERE u."user_id" = %(user)s AND p."codename" = %(codename)s AND t."app_label" = %(app_label)s
  ),
  EXISTS (
    SELECT 1 FROM "accounts_user_groups" g
    JOIN "auth_group_permissions" gp ON gp."group_id" = g."group_id"
    JOIN "auth_permission" p ON p."id" = gp."permission_id"
    JOIN "django_content_type" t ON t."id" = p."content_type_id"
    WHERE g."user_id" = %(user)s AND p."codename" = %(codename)s AND t."app_label" = %(app_label)s
  ),
  EXISTS (SELECT 1 FROM "delegations_focalpoint" WHERE UPPER("email") = UPPER(%(email)s))
"""


def navigation_answers(user):
    if not user.is_authenticated:
        return {"manage": False, "delegations": False}
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    with connection.cursor() as cursor:
        cursor.execute(
            NAVIGATION_SQL, {"user": user.pk, "codename": codename, "app_label": app_label, "email": user.email}
        )
        organises, granted, granted_by_group, focal_point = cursor.fetchone()
    # As ModelBackend.has_perm answers: an inactive user holds no permission, a superuser every one.
    secretariat = user.is_active and (user.is_superuser or granted or granted_by_group)
    return {"manage": bool(secretariat or organises), "delegations": bool(focal_point)}
