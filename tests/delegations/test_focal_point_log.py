"""Naming and removing focal points, and setting quotas, write the activity log: through the services, the
console and the admin. A focal point speaks for its organisation at every workshop, so its entries have no
workshop: the admin's log shows them, no workshop's timeline does."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from activity.models import Action, ActivityEntry
from activity.selectors import timeline
from activity.sentences import describe
from delegations import services
from delegations.models import FocalPoint, Quota
from tests.support.console_world import make_secretariat
from tests.support.delegations import make_delegation
from tests.support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customs():
    return OrganisationFactory(name="Korea Customs Service", acronym="KCS")


def focal_point_entries():
    return list(ActivityEntry.objects.filter(action__startswith="delegation.focal_point").order_by("pk"))


def test_adding_and_removing_a_focal_point_is_logged_naming_the_organisation(customs):
    secretariat = make_secretariat()
    focal_point = services.add_focal_point(organisation_id=customs.pk, email=" kim@customs.go.kr ", actor=secretariat)
    services.remove_focal_point(focal_point_id=focal_point.pk, actor=secretariat)

    added, removed = focal_point_entries()
    assert [added.action, removed.action] == [Action.FOCAL_POINT_ADDED, Action.FOCAL_POINT_REMOVED]
    assert {added.workshop_id, removed.workshop_id} == {None}
    assert {added.actor, removed.actor} == {secretariat}
    assert (added.object_type, added.object_id, added.object_label) == (
        "focal_point",
        focal_point.pk,
        "kim@customs.go.kr",
    )
    name = secretariat.get_full_name()
    assert describe(added) == f"{name} made kim@customs.go.kr a focal point of KCS"
    assert describe(removed) == f"{name} removed kim@customs.go.kr as a focal point of KCS"
    with translation.override("fr"):
        assert describe(added) == f"{name} a désigné kim@customs.go.kr point focal de KCS"
        assert describe(removed) == f"{name} a retiré à kim@customs.go.kr le rôle de point focal de KCS"


def test_a_refused_focal_point_writes_no_entry(customs):
    services.add_focal_point(organisation_id=customs.pk, email="kim@customs.go.kr", actor=None)

    with pytest.raises(services.DelegationError, match="already a focal point"):
        services.add_focal_point(organisation_id=customs.pk, email="KIM@customs.go.kr", actor=None)

    assert len(focal_point_entries()) == 1


def test_the_console_logs_focal_points_and_no_timeline_shows_them(client, customs):
    delegation = make_delegation()
    client.force_login(make_secretariat())

    # Followed, so the confirmation naming the address is shown here and not on the timeline below.
    client.post(
        reverse("console:focal_points"), {"organisation": customs.pk, "email": "lee@customs.go.kr"}, follow=True
    )
    added = FocalPoint.objects.get(email="lee@customs.go.kr")
    client.post(reverse("console:focal_point_remove", args=[added.pk]), follow=True)

    assert [entry.action for entry in focal_point_entries()] == [Action.FOCAL_POINT_ADDED, Action.FOCAL_POINT_REMOVED]
    assert not timeline(delegation.workshop).filter(action__startswith="delegation.focal_point").exists()
    page = client.get(reverse("console:timeline", args=[delegation.workshop.slug]), {"kind": "delegation"})
    assert page.status_code == 200 and "lee@customs.go.kr" not in page.content.decode()


def test_the_admin_adds_and_deletes_focal_points_through_the_service(admin_client, superuser, customs):
    admin_client.post(
        reverse("admin:delegations_focalpoint_add"), {"organisation": customs.pk, "email": "park@customs.go.kr"}
    )
    focal_point = FocalPoint.objects.get(email="park@customs.go.kr")
    assert focal_point.added_by == superuser
    assert LogEntry.objects.filter(object_id=str(focal_point.pk)).exists()
    admin_client.post(reverse("admin:delegations_focalpoint_delete", args=[focal_point.pk]), {"post": "yes"})
    others = [
        services.add_focal_point(organisation_id=customs.pk, email=f"officer{n}@customs.go.kr", actor=None).pk
        for n in (1, 2)
    ]
    admin_client.post(
        reverse("admin:delegations_focalpoint_changelist"),
        {"action": "delete_selected", "_selected_action": others, "post": "yes"},
    )

    assert not FocalPoint.objects.exists()
    removed = [entry for entry in focal_point_entries() if entry.action == Action.FOCAL_POINT_REMOVED]
    assert sorted(entry.object_label for entry in removed) == [
        "officer1@customs.go.kr",
        "officer2@customs.go.kr",
        "park@customs.go.kr",
    ]
    assert {entry.actor for entry in removed} == {superuser}


def test_the_admins_activity_log_shows_entries_without_a_workshop(admin_client, customs):
    services.add_focal_point(organisation_id=customs.pk, email="kim@customs.go.kr", actor=None)

    response = admin_client.get(reverse("admin:activity_activityentry_changelist"))

    assert response.status_code == 200
    assert "The system made kim@customs.go.kr a focal point of KCS" in response.content.decode()
    filtered = admin_client.get(
        reverse("admin:activity_activityentry_changelist"), {"action": Action.FOCAL_POINT_ADDED}
    )
    assert "kim@customs.go.kr" in filtered.content.decode()


def test_quotas_set_in_the_admin_are_logged(admin_client, superuser):
    delegation = make_delegation(seats=2)
    quota = Quota.objects.get()

    admin_client.post(reverse("admin:delegations_quota_change", args=[quota.pk]), {"seats": "3", "funded_seats": "1"})

    quota.refresh_from_db()
    assert (quota.seats, quota.funded_seats) == (3, 1)
    logged = ActivityEntry.objects.get(action=Action.QUOTA_SET)
    assert (logged.workshop, logged.actor, logged.data) == (
        delegation.workshop,
        superuser,
        {"seats": 3, "funded_seats": 1, "previous": [2, 1]},
    )


@pytest.mark.parametrize(
    ("seats", "funded", "english", "french"),
    [
        # The French puts a no-break space before the colon.
        (
            3,
            1,
            "changed the seats of {org} from 2 to 3",
            "a modifié le nombre de places de {org}\u00a0: 3 au lieu de 2",
        ),
        (
            2,
            2,
            "changed the funded seats of {org} from 1 to 2",
            "a modifié les places financées de {org}\u00a0: 2 au lieu de 1",
        ),
        (4, 0, "set the quota of {org} to 4 seats, 0 funded", "a fixé le quota de {org} à 4 places, dont 0 financées"),
    ],
)
def test_the_timeline_says_only_what_changed_in_a_quota_in_both_languages(seats, funded, english, french):
    delegation = make_delegation(seats=2, funded_seats=1)
    organiser = UserFactory(name="Ana Lee")
    services.set_quota(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        seats=seats,
        funded_seats=funded,
        actor=organiser,
    )
    logged = ActivityEntry.objects.filter(action=Action.QUOTA_SET).latest("pk")
    org = delegation.organisation.short_name
    assert describe(logged) == f"Ana Lee {english.format(org=org)}"
    with translation.override("fr"):
        assert describe(logged) == f"Ana Lee {french.format(org=org)}"


def test_setting_a_quota_to_the_figures_it_has_logs_nothing():
    delegation = make_delegation(seats=2, funded_seats=1)
    entries = ActivityEntry.objects.count()
    services.set_quota(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        seats=2,
        funded_seats=1,
        actor=None,
    )
    assert ActivityEntry.objects.count() == entries
