"""Version columns: a number on a row, raised by every change to what a cached entry named by it was built from."""

import contextlib
import threading
import weakref

from django.db import transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError


def save_raising_version(instance, save, version, *args, kept=(), **kwargs):
    """Save `instance` with `save` (its model's parent save()), raising its `version` column in the same UPDATE,
    and never write the version or the `kept` columns from this copy: a copy read before another change raised
    one would set it back, and an entry cached under that older number would be served again. The version is read
    again from the database when next asked for. A new row is saved as it is."""
    if instance._state.adding or kwargs.get("force_insert"):
        return save(*args, **kwargs)
    update_fields = kwargs.pop("update_fields", None)
    if update_fields is None:
        deferred = instance.get_deferred_fields()
        update_fields = [
            field.name
            for field in instance._meta.concrete_fields
            if not field.primary_key and field.attname not in deferred
        ]
    setattr(instance, version, F(version) + 1)
    try:
        save(*args, update_fields={*update_fields} - {*kept} | {version}, **kwargs)
    finally:
        delattr(instance, version)  # read again from the database when asked for
    return None


# Raised once per transaction -------------------------------------------------------------------------------------
#
# Within one transaction a version needs raising once: other transactions see the raised number only with every
# change the transaction commits. It needs raising again only if a cache entry was built in the transaction after
# the raise (it would be stored on commit, under that number, without the later changes), or if the raise was
# rolled back (a savepoint, or the whole transaction: then it must be made again, by this transaction or the next).
#
# The memory of what was raised is kept only inside once_per_transaction() (a service, a request), where we know
# who reads: anywhere else (a shell, a script, a test that reads the versions between two saves of one transaction)
# each change raises again. Each raise is remembered with a token that Django holds as an on_commit callback:
# Django lets go of it when the transaction commits, and when the transaction or the savepoint it was registered
# in rolls back (that savepoint's callbacks are discarded). While the token lives, the raise it stands for is part
# of the open transaction; once it is gone, the memory no longer counts. Only public APIs: transaction.on_commit(),
# transaction.get_autocommit() and a weak reference.

_memory = threading.local()


class _RaisedInThisTransaction:
    """An on_commit callback doing nothing: alive exactly while the raise it stands for may still commit."""

    __slots__ = ("__weakref__",)

    def __call__(self):
        pass


@contextlib.contextmanager
def once_per_transaction():
    """Inside it (nested or not), a version raised in the transaction still open is not raised again."""
    depth = getattr(_memory, "depth", 0)
    if not depth:
        _memory.raised = {}
    _memory.depth = depth + 1
    try:
        yield
    finally:
        _memory.depth = depth
        if not depth:
            _memory.raised = {}


def remembering():
    """Whether raises are remembered here: inside once_per_transaction() and inside a transaction."""
    return bool(getattr(_memory, "depth", 0)) and not transaction.get_autocommit()


def not_raised_yet(keys):
    """The keys ((version, row id)) among `keys` that the open transaction has not raised, or raised in a part
    since rolled back."""
    if not remembering():
        return list(keys)
    raised = _memory.raised
    return [key for key in keys if key not in raised or raised[key]() is None]


def remember_raised(keys):
    """`keys` were raised just now, in the open transaction."""
    if not remembering() or not keys:
        return
    token = _RaisedInThisTransaction()
    try:
        transaction.on_commit(token)
    except TransactionManagementError:  # autocommit off outside atomic(): no callback, so nothing remembered
        return
    alive = weakref.ref(token)
    _memory.raised.update(dict.fromkeys(keys, alive))


def forget_raised():
    """A cache entry is being built: whatever the open transaction changes next raises its version again."""
    if getattr(_memory, "depth", 0):
        _memory.raised = {}
