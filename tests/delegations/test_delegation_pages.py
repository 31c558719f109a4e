"""The focal point's pages and the organisers' console pages, through the test client."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activity.models import Action, ActivityEntry
from delegations import services
from delegations.models import FocalPoint, Nomination, NominationLetter, Quota
from outbox.models import OutgoingEmail
from tests.support.console_world import make_secretariat
from tests.support.delegations import PDF, make_delegation, nominee, pdf_document, pdf_upload
from tests.support.factories import OrganisationFactory, OrganiserMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def delegation_url(delegation, name="delegations:delegation", **kwargs):
    return reverse(
        name, kwargs={"slug": delegation.workshop.slug, "organisation_id": delegation.organisation.pk, **kwargs}
    )


def test_a_user_who_is_no_focal_point_gets_403(client):
    client.force_login(UserFactory())
    assert client.get("/delegations/").status_code == 403


def test_the_refusal_says_why_and_what_to_do_in_both_languages(client):
    make_secretariat()
    user = UserFactory(email="officer@customs.example")
    client.force_login(user)
    for url in ["/delegations/", reverse("delegations:home"), delegation_url(make_delegation())]:
        page = client.get(url)
        assert page.status_code == 403
        text = html.unescape(page.content.decode())
        assert "this account is no organisation's focal point" in text
        assert "ask the secretariat (secretariat@example.org) to add officer@customs.example as one" in text

    french = html.unescape(client.get("/delegations/", headers={"accept-language": "fr"}).content.decode())
    assert "ce compte n'est le point focal d'aucune organisation" in french
    assert "demandez au secrétariat (secretariat@example.org) d'ajouter officer@customs.example" in french


def test_a_visitor_is_sent_to_the_login_page_first(client):
    response = client.get("/delegations/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/delegations/")


def test_a_focal_point_lands_on_their_delegations_at_login(client):
    focal_point = make_delegation().focal_point
    focal_point.emailaddress_set.create(email=focal_point.email, verified=True, primary=True)
    response = client.post("/accounts/login/", {"login": focal_point.email, "password": "correct horse battery staple"})
    assert response.status_code == 302 and response["Location"] == "/delegations/"


def test_a_full_quota_shows_why_nominations_are_closed_instead_of_the_form(client):
    delegation = make_delegation(seats=1)
    client.force_login(delegation.focal_point)
    assert 'name="passport_name"' in client.get(delegation_url(delegation)).content.decode()
    client.post(delegation_url(delegation), nominee(1))

    page = client.get(delegation_url(delegation)).content.decode()

    assert 'name="passport_name"' not in page
    assert "Your organisation has used its seat: nominations are closed for it." in page
    assert "withdraw one of your nominees above" in page


def test_a_quota_of_no_seat_asks_for_one_instead_of_the_form(client):
    delegation = make_delegation(seats=0, funded_seats=0)
    client.force_login(delegation.focal_point)

    page = client.get(delegation_url(delegation)).content.decode()

    assert 'name="passport_name"' not in page
    assert "Your organisation has no seat at this workshop yet: ask its organisers for a quota." in page


def test_the_focal_point_sees_their_quota_and_nominates(client):
    delegation = make_delegation(seats=2)
    client.force_login(delegation.focal_point)

    home = client.get("/delegations/").content.decode()
    assert delegation.workshop.title in home and "0 of 2 seats used" in home

    response = client.post(delegation_url(delegation), nominee(1), follow=True)

    assert "Delegate 1 is nominated." in response.content.decode()
    assert Nomination.objects.get().nominated_by == delegation.focal_point


def test_a_refused_nomination_says_why_on_the_page(client):
    delegation = make_delegation(seats=1)
    client.force_login(delegation.focal_point)
    client.post(delegation_url(delegation), nominee(1))

    response = client.post(delegation_url(delegation), nominee(2))

    assert response.status_code == 200
    assert "used all its 1 seats" in response.content.decode()
    assert Nomination.objects.count() == 1


def test_another_organisations_delegation_nominee_and_letter_answer_404(client):
    mine, theirs = make_delegation(), make_delegation()
    theirs_nomination = services.nominate(
        workshop_id=theirs.workshop.pk,
        organisation_id=theirs.organisation.pk,
        actor=theirs.focal_point,
        **nominee(1),
    )
    letter = services.upload_letter(
        workshop_id=theirs.workshop.pk, organisation_id=theirs.organisation.pk, upload=pdf_upload(), actor=None
    )
    client.force_login(mine.focal_point)

    assert client.get(delegation_url(theirs)).status_code == 404
    assert (
        client.post(delegation_url(theirs, "delegations:withdraw", nomination_id=theirs_nomination.pk)).status_code
        == 404
    )
    assert (
        client.post(delegation_url(mine, "delegations:withdraw", nomination_id=theirs_nomination.pk)).status_code == 404
    )
    assert client.get(reverse("delegations:letter", args=[letter.pk])).status_code == 404
    assert Nomination.objects.get(pk=theirs_nomination.pk).status == Nomination.Status.SUBMITTED


def test_an_organisation_without_a_quota_has_no_delegation_page(client):
    delegation = make_delegation()
    organisation = OrganisationFactory()
    FocalPoint.objects.create(organisation=organisation, email=delegation.focal_point.email)
    client.force_login(delegation.focal_point)
    url = reverse(
        "delegations:delegation", kwargs={"slug": delegation.workshop.slug, "organisation_id": organisation.pk}
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00" * 10),
        ("letter.pdf", b"<html><body>letter</body></html>"),
        ("letter.pdf", b""),
        ("letter.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024)),
        ("letter.pdf", pdf_document(catalogue=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")),
    ],
)
def test_uploads_that_are_not_pdfs_get_a_message_never_a_500(client, name, content):
    delegation = make_delegation()
    client.force_login(delegation.focal_point)

    response = client.post(
        delegation_url(delegation, "delegations:upload_letter"),
        {"letter": SimpleUploadedFile(name, content)},
        follow=True,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page
    assert not NominationLetter.objects.exists()


def test_the_letter_is_served_to_its_focal_points_and_the_organisers_only(client):
    delegation = make_delegation()
    client.force_login(delegation.focal_point)
    client.post(delegation_url(delegation, "delegations:upload_letter"), {"letter": pdf_upload()})
    letter = NominationLetter.objects.get()
    url = reverse("delegations:letter", args=[letter.pk])

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF

    client.force_login(OrganiserMembershipFactory(workshop=delegation.workshop).user)
    assert client.get(url).status_code == 200
    services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(1),
    )
    assert url in client.get(reverse("console:delegations", args=[delegation.workshop.slug])).content.decode()
    client.force_login(OrganiserMembershipFactory(workshop=delegation.workshop, role="checkin").user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def organiser_client(client, delegation):
    client.force_login(OrganiserMembershipFactory(workshop=delegation.workshop).user)
    return client


def test_the_organiser_approves_from_the_console_and_grants_funding(client):
    delegation = make_delegation()
    nomination = services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(1, funding_requested=True, funding_reason="Least developed country"),
    )
    organiser_client(client, delegation)
    slug = delegation.workshop.slug

    page = client.get(reverse("console:delegations", args=[slug])).content.decode()
    assert "Delegate 1" in page and "Least developed country" in page

    response = client.post(
        reverse("console:delegations_decide", args=[slug]), {"single": f"{nomination.pk}:approved"}, follow=True
    )
    assert "1 nomination approved" in response.content.decode()
    response = client.post(
        reverse("console:nomination_funding", args=[slug, nomination.pk]), {"funding": "granted"}, follow=True
    )
    assert "Funding granted to Delegate 1." in response.content.decode()
    nomination.refresh_from_db()
    assert (nomination.status, nomination.funding) == ("approved", "granted")
    assert OutgoingEmail.objects.filter(kind="invitation", to_email=nomination.email).exists()


def test_quotas_are_set_in_the_table_and_the_console_warns_past_the_capacity(client):
    delegation = make_delegation(seats=2, capacity=3)
    organiser_client(client, delegation)
    other = OrganisationFactory(name="Korea Customs Service", acronym="KCS")
    url = reverse("console:quotas", args=[delegation.workshop.slug])

    response = client.post(url, {"organisation": other.pk, "seats": "2", "funded_seats": "1"}, follow=True)

    assert Quota.objects.get(organisation=other).seats == 2
    assert "4 seats, 1 more than the workshop" in response.content.decode()
    response = client.post(url, {"organisation": other.pk, "seats": "1", "funded_seats": "2"})
    assert "cannot outnumber" in response.content.decode()
    logged = ActivityEntry.objects.get(action=Action.QUOTA_SET)
    assert (logged.workshop, logged.object_label, logged.data) == (
        delegation.workshop,
        "KCS",
        {"seats": 2, "funded_seats": 1},
    )


def test_a_quota_csv_is_imported_all_or_nothing_with_its_problems_by_line(client):
    delegation = make_delegation()
    organiser_client(client, delegation)
    OrganisationFactory(name="Korea Customs Service", acronym="KCS")
    OrganisationFactory(name="General Department of Viet Nam Customs", acronym="GDVC")
    url = reverse("console:quota_upload", args=[delegation.workshop.slug])

    bad = "organisation,seats,funded_seats\nkcs,2,1\nNobody,2,0\ngdvc,1,3\n"
    response = client.post(url, {"file": SimpleUploadedFile("q.csv", bad.encode())})
    page = response.content.decode()
    assert "Line 3" in page and "Line 4" in page and "Nobody" in page
    assert Quota.objects.count() == 1
    assert not ActivityEntry.objects.filter(action=Action.QUOTAS_IMPORTED).exists()

    good = "\ufefforganisation;seats;funded_seats\nkcs;2;1\nGeneral Department of Viet Nam Customs;2;0\n"
    client.post(url, {"file": SimpleUploadedFile("q.csv", good.encode())})
    assert sorted(Quota.objects.values_list("organisation__acronym", "seats")) == [
        (delegation.organisation.acronym, 2),
        ("GDVC", 2),
        ("KCS", 2),
    ]
    assert ActivityEntry.objects.get(action=Action.QUOTAS_IMPORTED).data == {"count": 2}


def test_the_secretariat_adds_and_removes_a_focal_point(client):
    organisation = OrganisationFactory(name="Korea Customs Service")
    client.force_login(make_secretariat())

    response = client.post(
        reverse("console:focal_points"), {"organisation": organisation.pk, "email": "kim@customs.go.kr"}, follow=True
    )

    assert "kim@customs.go.kr is now a focal point" in response.content.decode()
    assert OutgoingEmail.objects.get(to_email="kim@customs.go.kr").kind == "delegation"
    again = client.post(
        reverse("console:focal_points"), {"organisation": organisation.pk, "email": "KIM@customs.go.kr"}
    )
    assert "already a focal point" in again.content.decode()
    focal_point = FocalPoint.objects.get()
    client.post(reverse("console:focal_point_remove", args=[focal_point.pk]))
    assert not FocalPoint.objects.exists()


def test_a_nominations_only_workshop_says_so_and_takes_no_online_registration(client):
    from participants import services as registration_services
    from participants.services import RegistrationError
    from tests.support.factories import ParticipantFactory

    delegation = make_delegation(admission="nominations")
    page = client.get(delegation.workshop.get_absolute_url()).content.decode()
    assert "by nomination only" in page
    with pytest.raises(RegistrationError, match="nomination only"):
        registration_services.register(workshop_id=delegation.workshop.pk, participant_id=ParticipantFactory().pk)


def test_the_registrations_table_csv_and_dashboard_show_nominations_and_funding(client):
    delegation = make_delegation()
    nomination = services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(1, funding_requested=True, funding_reason="LDC"),
    )
    organiser = OrganiserMembershipFactory(workshop=delegation.workshop).user
    services.decide_nominations(
        workshop_id=delegation.workshop.pk, nomination_ids=[nomination.pk], decision="approved", actor=organiser
    )
    services.decide_funding(
        workshop_id=delegation.workshop.pk, nomination_id=nomination.pk, grant=True, actor=organiser
    )
    from participants.invitations import accept_invitation
    from participants.models import Invitation

    Invitation.objects.filter(pk=Nomination.objects.get().invitation_id).update(token_hash=_hash("t"))
    accept_invitation(token="t", user=UserFactory(email=nomination.email))
    client.force_login(organiser)
    slug = delegation.workshop.slug

    table = client.get(reverse("console:registrations", args=[slug])).content.decode()
    export = b"".join(client.get(reverse("console:registrations_export", args=[slug])).streaming_content).decode()
    dashboard = client.get(reverse("console:dashboard", args=[slug])).content.decode()

    assert "Nomination" in table and "Funding: Granted" in table
    header, row = export.splitlines()[:2]
    assert "Funding" in header and "Nomination,Granted" in row
    assert "Quota use by organisation" in dashboard and "1 granted, 4 left of 5" in dashboard


def _hash(token):
    from participants.models import hash_invitation_token

    return hash_invitation_token(token)


def test_the_nomination_window_and_funding_deadline_must_end_before_the_workshop_starts():
    import datetime

    from participants.workshop_changes import update_workshop
    from workshops.services import EDITABLE_FIELDS, WorkshopError

    delegation = make_delegation()
    workshop = delegation.workshop
    late = workshop.starts_at + datetime.timedelta(hours=1)
    fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS}
    fields.update(
        nomination_opens_at=late, nomination_closes_at=late + datetime.timedelta(hours=1), funding_deadline=late
    )
    with pytest.raises(WorkshopError) as refused:
        update_workshop(workshop_id=workshop.pk, fields=fields, actor=UserFactory())
    assert set(refused.value.message_dict) >= {"nomination_opens_at", "nomination_closes_at", "funding_deadline"}


def many_nominations(count):
    delegation = make_delegation(seats=count, funded_seats=count)
    for index in range(count):
        nomination = services.nominate(
            workshop_id=delegation.workshop.pk,
            organisation_id=delegation.organisation.pk,
            actor=delegation.focal_point,
            **nominee(index, funding_requested=True, funding_reason="LDC"),
        )
        if index % 2:
            services.decide_nominations(
                workshop_id=delegation.workshop.pk,
                nomination_ids=[nomination.pk],
                decision="approved",
                actor=UserFactory(),
            )
    return delegation


# Whatever the number of nominees: the user (the session comes from the cache), permissions, the workshop, quotas
# with their use, nominations with their invitations and registrations, letters, funded places, and the navigation's
# answers in one query. The focal point's page asks no permission: its own check is whether the user is a focal point;
# it asks which nominees' travel is settled (one query).
CONSOLE_DELEGATIONS_QUERIES = 10
FOCAL_POINT_PAGE_QUERIES = 9


@pytest.mark.parametrize("count", [2, 12])
def test_delegation_pages_take_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    delegation = many_nominations(count)
    organiser = OrganiserMembershipFactory(workshop=delegation.workshop).user
    client.force_login(organiser)
    with django_assert_num_queries(CONSOLE_DELEGATIONS_QUERIES):
        assert client.get(reverse("console:delegations", args=[delegation.workshop.slug])).status_code == 200
    client.force_login(delegation.focal_point)
    with django_assert_num_queries(FOCAL_POINT_PAGE_QUERIES):
        assert client.get(delegation_url(delegation)).status_code == 200
