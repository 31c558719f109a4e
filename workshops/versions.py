"""The two versions that name a workshop's cached pages, who raises them, and the changes of this app's rows.

`content_version` names what the workshop's pages show of its content: the workshop row, its sessions and
speakers (a speaker's name and organisation, which may come from the participant's profile), its partners, the
names and acronyms of the organisations it shows, and their translations (columns of the same rows).
`registrations_version` names what its registrations decide: seats, a person's status, the waitlist, check-ins;
and what the organiser console shows of them: the registrants (their name, email, organisation, country, gender),
who decided, each registration's history (the activity entries about it) and the funding of the nomination it
came from. COVERED_BY says which version each table's rows are covered by; tests/website/test_cached_tables.py
renders every cached part and fails on a table it reads that no version naming the part covers.

A version is raised with an UPDATE ... SET version = version + 1 in the transaction of the change, so a
rolled-back change leaves the version as it was, and a cache entry is only ever read under the version of the
data it was built from. Entries are never deleted (several web processes on several machines share the cache);
a new version just names new entries.

Who raises:

- The services, explicitly and once: every service (and helper called with the workshop lock held) that changes
  what a cached page shows is decorated with @raises_versions and calls raise_content_version() or
  raise_registrations_version() itself, right after taking the workshop lock (lock_workshop), so the workshop row
  is locked first, as workshops/locking.py orders it; a service that takes no lock raises before its first write,
  which takes the row's lock the same way. A bulk decision on 200 registrations raises the version once.
- The receivers, as the safety net for whatever no service does (admin's forms, the shell, a model saved by
  hand): each app's `versions.py` connects receivers of every save and delete of its rows with
  `connect_receivers()` (sessions/versions.py, participants/versions.py, delegations/versions.py, and here).
  While a service decorated with @raises_versions runs, they raise nothing. Workshop.save() raises its own content
  version in its own UPDATE.

Once per transaction (core/versions.py): inside a service and inside a request (admin's form saving a session
with its speakers), a version raised in the transaction still open is not raised again, by a service or a
receiver; a raise rolled back with its savepoint or transaction is made again at the next change. Anywhere else
(a shell, a script) each change raises, since whoever reads the versions there between two changes of one
transaction could build a page from the first alone.

An app reacts to the rows of the apps below it (participants raises the versions of the workshops where a
renamed organisation's people are registered), never the other way round.
"""

import functools
import threading

from django.core.signals import request_finished, request_started
from django.db.models import F, QuerySet
from django.db.models.signals import post_save, pre_delete

from core.versions import not_raised_yet, once_per_transaction, remember_raised, remembering

from .models import Organisation, Workshop, WorkshopPartner

CONTENT, REGISTRATIONS = "content_version", "registrations_version"

# Test switch (tests/conftest.py turns it on): inside a service, the receivers note what they would raise, and
# when the outermost service returns, whatever it did not raise itself fails the test (MissedRaise).
CHECK_SERVICES = False

_services = threading.local()


class MissedRaise(AssertionError):
    """A service changed rows whose versions it did not raise."""


def raise_content_version(workshops):
    """`workshops`: a queryset of workshops, workshop ids, or a values() queryset of workshop ids."""
    _raise(CONTENT, workshops)


def raise_registrations_version(workshops):
    _raise(REGISTRATIONS, workshops)


def raise_every_version(*, by=1):
    """Raise both versions of every workshop by `by`, in one UPDATE; returns how many workshops."""
    return Workshop.objects.update(**{field: F(field) + by for field in (CONTENT, REGISTRATIONS)})


def _raise(field, workshops):
    if getattr(_services, "noting", False):  # a receiver inside a service, under CHECK_SERVICES
        _services.wanted.update((field, pk) for pk in _ids(workshops))
        return
    in_service = bool(getattr(_services, "depth", 0))
    if not remembering() and not (in_service and CHECK_SERVICES):
        _update(field, workshops)
        return
    ids = _ids(workshops)
    if in_service:
        _services.raised.update((field, pk) for pk in ids)
    keys = not_raised_yet([(field, pk) for pk in ids])
    if keys:
        _update(field, [pk for _field, pk in keys])
        remember_raised(keys)


def _ids(workshops):
    if isinstance(workshops, QuerySet):
        workshops = _workshops(workshops).values_list("pk", flat=True)
    return sorted({pk for pk in workshops if pk is not None})


def _update(field, workshops):
    _workshops(workshops).update(**{field: F(field) + 1})


def _workshops(workshops):
    if isinstance(workshops, QuerySet) and workshops.model is Workshop:
        workshops = workshops.values("pk")
    return Workshop.objects.filter(pk__in=workshops)


def raises_versions(service):
    """Mark a service that raises the versions of what it changes itself (raise_content_version(),
    raise_registrations_version()) in its transaction: while it runs, the receivers raise nothing, and a version
    it raised in the transaction still open is not raised again (nested services, a helper called twice)."""

    @functools.wraps(service)
    def run(*args, **kwargs):
        depth = getattr(_services, "depth", 0)
        if not depth:
            _services.raised, _services.wanted = set(), set()
        _services.depth = depth + 1
        try:
            with once_per_transaction():
                result = service(*args, **kwargs)
        finally:
            _services.depth = depth
        if not depth and CHECK_SERVICES and _services.wanted - _services.raised:
            missed = sorted(_services.wanted - _services.raised)
            raise MissedRaise(f"{service.__module__}.{service.__qualname__} did not raise {missed}")
        return result

    return run


def covers(*versions):
    """Mark a receiver with the versions it raises (COVERED_BY is made from them)."""

    def mark(receiver):
        receiver.versions = versions
        return receiver

    return mark


COVERED_BY = {Workshop._meta.db_table: {CONTENT}}
"""{database table: the versions every change of its rows raises}: the workshop row's own save raises its
content version, and each table with receivers (connect_receivers) the versions they raise. The services raise
the same explicitly (CHECK_SERVICES checks they do)."""


def connect_receivers(receivers):
    """Connect {model: receiver} to every save and delete of the model's rows, as the safety net: a receiver raises
    nothing while a service decorated with @raises_versions runs."""
    for model, receiver in receivers.items():
        uid = f"versions-{receiver.__module__}-{model._meta.label}"
        safety_net = _unless_a_service_runs(receiver)
        post_save.connect(safety_net, sender=model, weak=False, dispatch_uid=f"save-{uid}")
        # Before the delete: a session's speakers are found through it, a participant's through their slots.
        pre_delete.connect(safety_net, sender=model, weak=False, dispatch_uid=f"delete-{uid}")
        COVERED_BY.setdefault(model._meta.db_table, set()).update(receiver.versions)


def _unless_a_service_runs(receiver):
    @functools.wraps(receiver)
    def safety_net(sender, **kwargs):
        if not getattr(_services, "depth", 0):
            receiver(sender, **kwargs)
        elif CHECK_SERVICES:
            _services.noting = True
            try:
                receiver(sender, **kwargs)
            finally:
                _services.noting = False

    return safety_net


def _request_started(**kwargs):
    _request_finished()  # a request whose end was never signalled
    _services.request = once_per_transaction()
    _services.request.__enter__()


def _request_finished(**kwargs):
    request, _services.request = getattr(_services, "request", None), None
    if request is not None:
        request.__exit__(None, None, None)


def connect_requests():
    """Within a request, the receivers raise a version once per transaction (admin saving a form and its rows)."""
    request_started.connect(_request_started, dispatch_uid="versions-request-started")
    request_finished.connect(_request_finished, dispatch_uid="versions-request-finished")


def workshops_partnered_with(organisation_ids):
    """The workshops that name one of these organisations as a partner."""
    return Workshop.objects.filter(partners__organisation__in=organisation_ids)


@covers(CONTENT)
def partner_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


@covers(CONTENT)
def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        raise_content_version(workshops_partnered_with([instance.pk]))


RECEIVERS = {WorkshopPartner: partner_changed, Organisation: organisation_changed}
