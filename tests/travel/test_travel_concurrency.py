"""Two organisers at once (PostgreSQL): spending the last of the travel budget, and giving the last room of a block.
Ten requests released together behind a barrier (two are enough to be served in turn, but ten make the race without
the lock show every time): exactly one succeeds; with the workshop row lock switched off, the same burst shows the
race."""

import datetime
from decimal import Decimal

import pytest

from tests.support.concurrency import requires_postgres, run_concurrently, split_outcomes
from tests.support.travel import funded_delegate, travel_workshop
from travel import services
from travel.models import HotelBlock, RoomAssignment, Trip
from travel.selectors import budget_spent
from workshops import locking

pytestmark = [pytest.mark.postgres, requires_postgres]
BURST = 10


def delegates(workshop):
    return [funded_delegate(workshop, name=f"Delegate {index} Test")[0] for index in range(BURST)]


def buy_the_last_of_the_budget():
    # 1,000.00 left; each ticket costs 600.00: one fits, not two.
    workshop = travel_workshop(budget="1000.00")
    nominations = delegates(workshop)
    results, errors = split_outcomes(
        run_concurrently(
            lambda index: services.record_ticket(
                workshop_id=workshop.pk,
                nomination_id=nominations[index].pk,
                actor=None,
                ticket_by=Trip.TicketBuyer.ORGANISERS,
                cost=Decimal("600.00"),
                currency="USD",
            ),
            BURST,
        )
    )
    return workshop, results, errors


def test_two_organisers_spending_the_last_of_the_budget_at_once_exactly_one_succeeds(transactional_db):
    workshop, results, errors = buy_the_last_of_the_budget()
    assert len(results) == 1 and len(errors) == BURST - 1
    assert all(isinstance(error, services.TravelError) for error in errors)
    assert "exceed the travel budget by 200.00 USD" in errors[0].message
    assert budget_spent(workshop) == Decimal("600.00")


def test_without_the_row_lock_the_same_burst_overspends_the_budget(transactional_db, monkeypatch):
    # Shows the test above can see a race: the only thing switched off is the workshop row lock.
    monkeypatch.setattr(locking, "LOCK_WORKSHOP_ROW", False)
    workshop, results, _errors = buy_the_last_of_the_budget()
    assert len(results) > 1
    assert budget_spent(workshop) > Decimal("1000.00")


def give_the_last_room():
    workshop = travel_workshop()
    block = HotelBlock.objects.create(
        workshop=workshop,
        hotel="Small Inn",
        first_night=workshop.start_date - datetime.timedelta(days=1),
        last_night=workshop.end_date,
        rooms=1,
    )
    nominations = delegates(workshop)
    results, errors = split_outcomes(
        run_concurrently(
            lambda index: services.assign_room(
                workshop_id=workshop.pk, nomination_id=nominations[index].pk, block_id=block.pk, actor=None
            ),
            BURST,
        )
    )
    return block, results, errors


def test_two_organisers_giving_the_last_room_at_once_exactly_one_succeeds(transactional_db):
    block, results, errors = give_the_last_room()
    assert len(results) == 1 and len(errors) == BURST - 1
    assert "All 1 rooms of Small Inn are assigned" in str(errors[0].message_dict)
    assert RoomAssignment.objects.filter(block=block).count() == 1


def test_without_the_row_lock_the_same_burst_over_assigns_the_block(transactional_db, monkeypatch):
    monkeypatch.setattr(locking, "LOCK_WORKSHOP_ROW", False)
    block, results, _errors = give_the_last_room()
    assert RoomAssignment.objects.filter(block=block).count() > 1
