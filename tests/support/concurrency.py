"""Helpers for tests that need PostgreSQL's row locks and several connections at once."""

import threading

import pytest
from django.conf import settings
from django.db import connections

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# SQLite serialises every write and has no row locks, so these tests need PostgreSQL.
requires_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL (row locks, concurrent connections): set DATABASE_URL=postgres://…"
)


def run_concurrently(function, times):
    """Call `function(i)` from `times` threads released together; returns results and exceptions in order."""
    barrier = threading.Barrier(times)
    outcomes = [None] * times

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = function(index)
        except Exception as error:  # the caller inspects what each thread ran into
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def split_outcomes(outcomes):
    """(results, exceptions) of a run_concurrently call."""
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    return [outcome for outcome in outcomes if not isinstance(outcome, Exception)], errors
