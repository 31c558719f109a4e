"""One convention for deadlines on pages, in emails and in refusals: a deadline at midnight is the end of the day
before, written as that day, with the workshop's time zone named beside it."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone, translation

from core.dates import deadline_text
from delegations import services
from outbox.models import OutgoingEmail
from tests.support.delegations import make_delegation, nominee
from tests.support.factories import UserFactory

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def test_midnight_is_written_as_the_day_that_ends_there():
    midnight_in_bangkok = datetime.datetime(2027, 1, 25, 0, 0, tzinfo=BANGKOK)
    assert deadline_text(midnight_in_bangkok, BANGKOK) == "24 January 2027"
    with translation.override("fr"):
        assert deadline_text(midnight_in_bangkok, BANGKOK) == "24 janvier 2027"


def test_any_other_moment_keeps_its_time_on_the_workshops_clock():
    # 17:00 UTC is midnight in Bangkok; 10:00 UTC is 17:00 there.
    assert deadline_text(datetime.datetime(2027, 1, 24, 17, 0, tzinfo=datetime.UTC), BANGKOK) == "24 January 2027"
    assert deadline_text(datetime.datetime(2027, 1, 24, 10, 0, tzinfo=datetime.UTC), BANGKOK) == (
        "24 January 2027, 17:00"
    )


def test_midnight_across_a_clock_change_is_still_the_day_before():
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")  # clocks go forward on 28 March 2027 at 02:00
    assert deadline_text(datetime.datetime(2027, 3, 29, 0, 0, tzinfo=berlin), berlin) == "28 March 2027"


@pytest.mark.django_db
def test_the_nomination_deadline_reads_the_same_on_the_delegation_page_in_emails_and_in_refusals(client):
    closes_at = timezone.localtime(timezone.now(), BANGKOK).replace(hour=0, minute=0, second=0, microsecond=0)
    closes_at += datetime.timedelta(days=5)
    delegation = make_delegation(
        time_zone="Asia/Bangkok",
        nomination_closes_at=closes_at,
        start_date=closes_at.date() + datetime.timedelta(days=10),
        end_date=closes_at.date() + datetime.timedelta(days=12),
    )
    day = (closes_at - datetime.timedelta(days=1)).date()
    written = f"{day:%-d %B %Y} (Asia/Bangkok time)"

    client.force_login(delegation.focal_point)
    page = " ".join(
        client.get(f"/delegations/{delegation.workshop.slug}/{delegation.organisation.pk}/").content.decode().split()
    )
    assert f"Open until {written}." in page
    assert f"Funding requests until {written}." in page
    assert "00:00" not in page and "23:59" not in page

    services.notify_focal_points(workshop_id=delegation.workshop.pk, actor=UserFactory())
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.DELEGATION)
    assert f"Name your delegates on your delegation page by {written}." in " ".join(email.filled_text.split())

    with pytest.raises(services.DelegationError) as refused:
        services.nominate(
            workshop_id=delegation.workshop.pk,
            organisation_id=delegation.organisation.pk,
            actor=delegation.focal_point,
            now=closes_at,
            **nominee(1),
        )
    assert refused.value.message == f"Nominations closed on {written}."
