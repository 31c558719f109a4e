"""The authentication backends of settings.AUTHENTICATION_BACKENDS: Django's and allauth's, each reading the user of
a logged-in request (get_user, Django's hook for it) with one statement of raw SQL.

Django's get_user asks the ORM for User.objects.get(pk=id) on every request of a logged-in person, and making that
query's SQL took the ORM longer than PostgreSQL took to answer it (measured in-process: 0.35-0.55 ms by get(),
0.15-0.25 ms for the same row by Manager.raw; a page served from the cache took 1.5 ms). raw() makes the user as the
ORM does: every column, converted by the database backend. Authentication itself is Django's and allauth's, unchanged.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .models import User

# Every column of the user's row (accounts_user is the table Django names for accounts.User).
USER_AT_ID_SQL = 'SELECT * FROM "accounts_user" WHERE "id" = %s'


class UserReadByRawSQL:
    def get_user(self, user_id):
        """As ModelBackend.get_user: the user with this id if they may log in (active), else None."""
        user = next(iter(User.objects.raw(USER_AT_ID_SQL, [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserReadByRawSQL, DjangoModelBackend):
    """Django's ModelBackend (the email and password of the login form, admin's login)."""


class AuthenticationBackend(UserReadByRawSQL, AllauthAuthenticationBackend):
    """allauth's backend, which its adapter names for the logins it makes without a password (after signing up,
    confirming an address or resetting a password)."""
