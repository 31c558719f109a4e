"""Every admin page answers an administrator, with real rows behind it, in a bounded number of queries."""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from activity.models import Action
from activity.services import log_action
from delegations import services
from documents.models import Certificate, Letterhead
from outbox.models import OutgoingEmail, SharedBody
from participants.invitations import hold_invitation_file
from participants.models import Registration, RegistrationAnswer
from tests.support.console_world import finished_pdf_job, issued_visa_request, registration_question
from tests.support.delegations import make_delegation, nominee, pdf_upload
from tests.support.factories import (
    InvitationFactory,
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    RegistrationFactory,
    SpeakerFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
    record_days,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

REGISTERED_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def every_model():
    """At least one row of every model, linked the way real data is."""
    Group.objects.create(name="Secretariat")
    workshop = WorkshopFactory(title="Asia/Pacific Green Customs Workshop", admission=Workshop.Admission.BOTH)
    registration = RegistrationFactory(workshop=workshop)
    record_days(registration, workshop.days[:1])
    EmailAddress.objects.create(user=registration.participant.user, email=registration.participant.user.email)
    invitation = InvitationFactory(workshop=workshop)
    OrganiserMembershipFactory(workshop=workshop)
    WorkshopPartnerFactory(workshop=workshop)
    SpeakerFactory(session__workshop=workshop, participant=registration.participant)
    OutgoingEmail.objects.create(
        to_email=invitation.email,
        subject="You are invited",
        body_text="Please join us.",
        kind=OutgoingEmail.Kind.INVITATION,
        invitation=invitation,
        status=OutgoingEmail.Status.FAILED,
        attempts=3,
        last_error="Connection refused",
        dedup_key=f"invitation:{invitation.pk}",
    )
    OutgoingEmail.objects.create(
        to_email=registration.participant.user.email,
        subject="Reminder",
        shared_body=SharedBody.objects.create(
            body_text="Dear [[merge:name]],", body_html="<p>Dear [[merge:name]],</p>"
        ),
        merge_values={"name": registration.participant.full_name},
        kind=OutgoingEmail.Kind.REMINDER,
        registration=registration,
        dedup_key=f"registration:{registration.pk}:reminder",
    )
    log_action(workshop=workshop, action=Action.INVITATION_SENT, obj=invitation)
    Letterhead.objects.create(workshop=workshop, signatory_name="Ana Lee", document_symbol="GC/AP/2015/INF/1")
    Certificate.objects.create(registration=registration, issued_at=registration.created_at)
    issued_visa_request(registration)
    delegation = make_delegation(workshop=workshop)
    services.nominate(
        workshop_id=workshop.pk, organisation_id=delegation.organisation.pk, actor=delegation.focal_point, **nominee()
    )
    services.upload_letter(
        workshop_id=workshop.pk, organisation_id=delegation.organisation.pk, upload=pdf_upload(), actor=None
    )
    hold_invitation_file(workshop_id=workshop.pk, actor=registration.participant.user, data=b"email,name\n")
    finished_pdf_job(workshop)
    question = registration_question(workshop)
    RegistrationAnswer.objects.create(registration=registration, question=question, value="vegetarian")
    return workshop


def test_every_project_model_is_registered():
    project_apps = {
        "accounts",
        "workshops",
        "participants",
        "programme",
        "outbox",
        "activity",
        "documents",
        "delegations",
        "questions",
    }
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in project_apps and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_answer(admin_client, every_model, model):
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    assert obj is not None, f"the fixture made no {model._meta.label}"

    changelist = admin_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1

    change = admin_client.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200

    add = admin_client.get(admin_url(model, "add"))
    request = change.wsgi_request
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED_MODELS if admin.site._registry[model].search_fields],
    ids=lambda model: model._meta.label,
)
def test_changelist_search_runs(admin_client, every_model, model):
    response = admin_client.get(admin_url(model, "changelist"), {"q": "green"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED_MODELS if admin.site._registry[model].list_filter],
    ids=lambda model: model._meta.label,
)
def test_changelist_filters_run(admin_client, every_model, model):
    """Follow the first choice of every filter the sidebar offers, as an administrator would click it."""
    changelist = admin_client.get(admin_url(model, "changelist"))
    for spec in changelist.context["cl"].filter_specs:
        choices = [choice for choice in spec.choices(changelist.context["cl"]) if not choice["selected"]]
        if not choices:
            continue
        response = admin_client.get(admin_url(model, "changelist") + choices[0]["query_string"])
        # An invalid lookup redirects to ?e=1 instead of answering.
        assert response.status_code == 200, (spec.title, choices[0]["query_string"])


def test_registration_search_finds_by_organisation_and_filter_by_status(admin_client):
    workshop = WorkshopFactory()
    wanted = RegistrationFactory(workshop=workshop, participant__organisation__name="Korea Customs Service")
    other = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    url = admin_url(Registration, "changelist")

    found = admin_client.get(url, {"q": "Korea Customs"}).context["cl"].result_list
    assert list(found) == [wanted]

    waitlisted = admin_client.get(url, {"status__exact": "waitlisted"}).context["cl"].result_list
    assert list(waitlisted) == [other]


def test_workshop_changelist_shows_confirmed_count(admin_client):
    workshop = WorkshopFactory(capacity=40)
    RegistrationFactory.create_batch(3, workshop=workshop)
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)

    response = admin_client.get(admin_url(Workshop, "changelist"))

    assert b'<td class="field-confirmed_count">3</td>' in response.content
    assert b'<td class="field-capacity">40</td>' in response.content


def count_queries(client, url):
    # Counted on a warm page: the first request after a test that flushed the database (transaction=True) reads the
    # content types again (Django caches them per process and empties the cache when it makes them anew).
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_workshop_changelist_queries_do_not_grow_with_workshops(admin_client):
    def add_workshops(number):
        for workshop in WorkshopFactory.create_batch(number):
            RegistrationFactory.create_batch(2, workshop=workshop)

    url = admin_url(Workshop, "changelist")
    add_workshops(2)
    with_two = count_queries(admin_client, url)
    add_workshops(18)
    assert count_queries(admin_client, url) == with_two


def test_workshop_change_page_queries_do_not_grow_with_registrations(admin_client):
    workshop = WorkshopFactory(capacity=500)
    url = admin_url(Workshop, "change", workshop.pk)
    RegistrationFactory.create_batch(3, workshop=workshop)
    with_three = count_queries(admin_client, url)
    RegistrationFactory.create_batch(60, workshop=workshop)
    assert count_queries(admin_client, url) == with_three


def inline_management_data(response):
    data = {}
    for inline_formset in response.context["inline_admin_formsets"]:
        management = inline_formset.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    return data


def post_new_workshop(client, **overrides):
    url = admin_url(Workshop, "add")
    data = {
        # Admin shows each language's column (modeltranslation's TranslationAdmin); the French may stay empty.
        "title_en": "Asia/Pacific Regional Green Customs Workshop",
        "slug": "ap-green-customs-2015",
        "status": "draft",
        "city_en": "Seoul",
        "country": "KR",
        "time_zone": "Asia/Seoul",
        "start_date": "2015-11-10",
        "end_date": "2015-11-13",
        "capacity": "45",
        "reminder_offsets": "[14, 2]",
        "admission": "open",
        "funding_budget": "0",
        "languages": ["en"],
        "default_language": "en",
        **inline_management_data(client.get(url)),
        **overrides,
    }
    return client.post(url, data)


def test_workshop_admin_accepts_reminder_offsets_as_a_list(admin_client):
    response = post_new_workshop(admin_client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Workshop.objects.get().reminder_offsets == [14, 2]


def test_workshop_admin_reads_an_empty_reminder_box_as_no_reminders(admin_client):
    assert post_new_workshop(admin_client, reminder_offsets="").status_code == 302
    assert Workshop.objects.get().reminder_offsets == []


def test_workshop_admin_rejects_bad_reminder_offsets_with_a_message(admin_client):
    response = post_new_workshop(admin_client, reminder_offsets="[14, -2]")
    assert response.status_code == 200
    assert "reminder_offsets" in response.context["adminform"].form.errors
    assert not Workshop.objects.exists()


def test_workshop_admin_adds_a_registration_with_organiser_as_source(admin_client, superuser):
    participant = ParticipantFactory()
    response = post_new_workshop(
        admin_client,
        **{
            "registrations-2-TOTAL_FORMS": "1",
            "registrations-2-0-participant": str(participant.pk),
            # Not a field of the form any more: the service decides the status.
            "registrations-2-0-status": "rejected",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.participant, registration.source) == (participant, Registration.Source.ORGANISER)
    assert (registration.status, registration.decided_by) == (Registration.Status.CONFIRMED, superuser)
    confirmation = OutgoingEmail.objects.get(registration=registration)
    assert confirmation.kind == OutgoingEmail.Kind.REGISTRATION_CONFIRMED


def test_user_admin_creates_an_email_login_user(admin_client):
    response = admin_client.post(
        admin_url(User, "add"),
        {
            "email": "Officer@Customs.GO.KR",
            "name": "Min-jun Kim",
            "usable_password": "true",
            "password1": "a long enough passphrase 2015",
            "password2": "a long enough passphrase 2015",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="officer@customs.go.kr")
    assert user.name == "Min-jun Kim"
    assert user.check_password("a long enough passphrase 2015")


def test_user_admin_rejects_an_address_differing_only_in_case(admin_client, superuser):
    response = admin_client.post(
        admin_url(User, "add"),
        {"email": superuser.email.upper(), "usable_password": "false"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert User.objects.count() == 1


def test_user_admin_searches_by_name(admin_client):
    OrganisationFactory()  # noise that must not match
    wanted = ParticipantFactory(user__name="Seo-yeon Park").user
    found = admin_client.get(admin_url(User, "changelist"), {"q": "Seo-yeon"}).context["cl"].result_list
    assert list(found) == [wanted]


def test_invitation_page_never_shows_the_token_hash_nor_the_link_nonce(admin_client):
    invitation = InvitationFactory(link_nonce="n" * 43)
    response = admin_client.get(admin_url(type(invitation), "change", invitation.pk))
    assert invitation.token_hash.encode() not in response.content
    assert b"token_hash" not in response.content
    assert b"n" * 43 not in response.content and b"link_nonce" not in response.content


def test_outgoing_email_is_read_only(admin_client, every_model):
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.INVITATION)
    url = admin_url(OutgoingEmail, "change", email.pk)
    page = admin_client.get(url)
    assert b"Connection refused" in page.content
    assert b'name="_save"' not in page.content
    assert admin_client.post(url, {"subject": "changed"}).status_code == 403
    email.refresh_from_db()
    assert email.subject == "You are invited"


def test_a_bulk_email_shows_its_shared_body_filled_with_its_own_values(admin_client, every_model):
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.REMINDER)
    email.merge_values = {"name": "Kim & <Lee>"}
    email.save()
    page = admin_client.get(admin_url(OutgoingEmail, "change", email.pk)).content.decode()
    assert "Dear Kim &amp; &lt;Lee&gt;," in page
    assert "&lt;p&gt;Dear Kim &amp;amp; &amp;lt;Lee&amp;gt;,&lt;/p&gt;" in page
    assert "[[merge:" not in page


def test_workshop_change_page_links_to_its_registrations(admin_client):
    workshop = WorkshopFactory(capacity=25)
    RegistrationFactory.create_batch(2, workshop=workshop)
    response = admin_client.get(admin_url(Workshop, "change", workshop.pk))
    assert "2 confirmed for 25 seats." in response.content.decode()
    assert f"{admin_url(Registration, 'changelist')}?workshop__id__exact={workshop.pk}" in response.content.decode()


def test_workshop_country_filter_offers_only_host_countries(admin_client):
    seoul = WorkshopFactory(country="KR")
    WorkshopFactory(country="KE", city="Nairobi")
    changelist = admin_client.get(admin_url(Workshop, "changelist"), {"country": "KR"})
    assert list(changelist.context["cl"].result_list) == [seoul]
    country_filter = next(
        spec for spec in changelist.context["cl"].filter_specs if getattr(spec, "parameter_name", None) == "country"
    )
    assert [name for code, name in country_filter.lookup_choices] == ["Kenya", "Republic of Korea"]


def test_admin_index_names_each_section_once(admin_client):
    # allauth's app is "Accounts" (email addresses); ours holds the portal's users and says so.
    app_list = admin_client.get(reverse("admin:index")).context["app_list"]
    sections = {app["app_label"]: app["name"] for app in app_list}
    assert len(set(sections.values())) == len(sections)
    assert sections["accounts"] == "Users"
