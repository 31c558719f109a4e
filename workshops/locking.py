"""The workshop row lock: whoever holds it decides the workshop's seats and its programme.

Every service that counts seats, places or frees one, places a session in time or writes a batch
of invitations or reminders takes this lock first, so simultaneous requests are served one at a
time and in the same order (workshop row, then the rows below it), which keeps them free of deadlocks.
"""

from django.db import transaction
from django.db.transaction import TransactionManagementError

from .models import Workshop

# Test-only switch: the concurrency tests turn the lock off to show that they can see a race.
LOCK_WORKSHOP_ROW = True


def lock_workshop(workshop_id):
    """The workshop, read and locked until the caller's transaction ends.

    Refuses to run in autocommit mode, where the lock would be released as soon as it was taken
    (and SQLite, which has no row locks, would hide the mistake until production).
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("lock_workshop() must be called inside transaction.atomic().")
    workshops = Workshop.objects.select_for_update() if LOCK_WORKSHOP_ROW else Workshop.objects
    return workshops.get(pk=workshop_id)
