"""Two focal points of one organisation send the last seat's nomination at the same moment (PostgreSQL)."""

import pytest

from delegations import services
from delegations.models import Nomination
from tests.support.concurrency import requires_postgres, run_concurrently, split_outcomes
from tests.support.delegations import make_delegation, nominee
from tests.support.factories import UserFactory
from workshops import locking

pytestmark = [pytest.mark.postgres, requires_postgres]
BURST = 10


def burst_for_the_last_seat(delegation):
    actors = [UserFactory() for _ in range(BURST)]
    return split_outcomes(
        run_concurrently(
            lambda index: services.nominate(
                workshop_id=delegation.workshop.pk,
                organisation_id=delegation.organisation.pk,
                actor=actors[index],
                **nominee(index),
            ),
            BURST,
        )
    )


def test_simultaneous_last_seat_nominations_let_exactly_one_through(transactional_db):
    delegation = make_delegation(seats=1)

    results, errors = burst_for_the_last_seat(delegation)

    assert len(results) == 1
    assert len(errors) == BURST - 1
    assert all(isinstance(error, services.DelegationError) for error in errors)
    assert Nomination.objects.filter(organisation=delegation.organisation).count() == 1


def test_without_the_row_lock_the_same_burst_overfills_the_quota(transactional_db, monkeypatch):
    # Shows the test above can see a race: the only thing switched off is the workshop row lock.
    monkeypatch.setattr(locking, "LOCK_WORKSHOP_ROW", False)
    delegation = make_delegation(seats=1)

    burst_for_the_last_seat(delegation)

    assert Nomination.objects.filter(organisation=delegation.organisation).count() > 1
