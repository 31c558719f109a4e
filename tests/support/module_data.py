"""Data made once for all the tests of a module, instead of once per test.

The data is written inside a transaction opened before the module's first test that asks for it and rolled back
after the module's last test. Each test (marked django_db, not transactional) runs inside it in a savepoint of its
own, rolled back after the test: every test starts from the data as it was made, whatever the tests before it wrote.
A transactional test, or a live server (whose thread has its own connection), cannot see the data: such tests make
their own, and must not share a module with such a fixture. In a module-scoped fixture:

    @pytest.fixture(scope="module")
    def made(django_db_setup, django_db_blocker, tmp_path_factory):
        with module_transaction(django_db_blocker):
            with making_data(django_db_blocker, tmp_path_factory):
                made = ...  # write the data
            yield made
"""

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

from greencustoms.celery_app import app


@contextmanager
def module_transaction(django_db_blocker):
    """A transaction around the rest of the fixture's life (its yield included), rolled back when it ends."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def making_data(django_db_blocker, tmp_path_factory):
    """The database open, and what the suite's per-test fixtures set up for a test (tests/conftest.py), which a
    module-scoped fixture runs before: fast password hashing, tasks run in-process, uploads in a temporary folder."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                PRIVATE_MEDIA_ROOT=str(tmp_path_factory.mktemp("module-private")),
            ),
        ):
            yield
    finally:
        app.conf.task_always_eager = eager
