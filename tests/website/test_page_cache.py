"""The workshop pages' cache (workshops/page_cache.py): every change raises the version that names what it changes,
a cached page is the page a render makes, each response has its own CSRF token, and a page holding a message is
never shared."""

import datetime
import os
import re
import urllib.request
import uuid

import pytest
import redis
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils.html import escape

from activity.models import Action
from activity.services import log_action
from core.page_cache import CSRF_TOKEN_SLOT
from delegations.models import FocalPoint
from delegations.selectors import is_focal_point
from delegations.services import add_focal_point, remove_focal_point
from participants.models import Registration
from participants.organisations import merge_organisations
from participants.privacy import delete_account
from participants.services import cancel_registration, delete_registrations, register
from participants.workshop_changes import duplicate_workshop, update_workshop
from sessions.services import SESSION_FIELDS, delete_session, delete_speaker, move_speaker, update_session
from tests.support.concurrency import ON_POSTGRES
from tests.support.factories import (
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopPartnerFactory,
    seoul_workshop,
)
from tests.support.gunicorn import running_gunicorn
from tests.support.workers import REDIS_CONFIGURED, TEST_REDIS_URL
from website import page_cache
from workshops.models import Workshop
from workshops.permissions import uses_console
from workshops.services import EDITABLE_FIELDS, unpublish_workshop

# An entry is stored once its transaction commits (core/page_cache.py): these tests run outside the test case's
# wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    """A published workshop with a programme (one speaker a participant, one named), partners and a registration."""
    workshop = seoul_workshop(slug="seoul")
    session = ProgrammeSessionFactory(workshop=workshop, title="Opening ceremony")
    speaker_organisation = OrganisationFactory(name="World Customs Organization", acronym="WCO")
    speaking_participant = ParticipantFactory(full_name="Ana Speaker", organisation=speaker_organisation)
    SpeakerFactory(session=session, name="", participant=speaking_participant, order=1)
    SpeakerFactory(session=session, name="Named Speaker", order=2)
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED)
    staff = UserFactory(is_staff=True, is_superuser=True)
    return {
        "workshop": workshop,
        "session": session,
        "speaker_organisation": speaker_organisation,
        "speaking_participant": speaking_participant,
        "registration": registration,
        "staff": staff,
    }


def versions(workshop):
    return Workshop.objects.values_list("content_version", "registrations_version").get(pk=workshop.pk)


def edit_workshop(world, client):
    workshop = world["workshop"]
    fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS}
    update_workshop(workshop_id=workshop.pk, fields={**fields, "title_en": "Renamed"}, actor=world["staff"])


def save_workshop_row(world, client):
    world["workshop"].venue = "Elsewhere"
    world["workshop"].save()


def unpublish(world, client):
    unpublish_workshop(workshop_id=world["workshop"].pk, actor=world["staff"])


def remove_session(world, client):
    delete_session(workshop_id=world["workshop"].pk, session_id=world["session"].pk, actor=world["staff"])


def rename_session(world, client):
    world["session"].title = "Opening, renamed"
    world["session"].save()


def translate_session(world, client):  # a French title only: a column of the same row
    session = world["session"]
    fields = {name: getattr(session, name) for name in SESSION_FIELDS}
    update_session(
        workshop_id=world["workshop"].pk,
        session_id=session.pk,
        fields={**fields, "title_fr": "Ouverture"},
        actor=world["staff"],
    )


def translate_partner_in_admin(world, client):
    organisation = world["workshop"].partners.first().organisation
    client.force_login(world["staff"])
    response = client.post(
        f"/admin/workshops/organisation/{organisation.pk}/change/",
        {
            "name_en": organisation.name_en,
            "name_fr": "Service des douanes de Corée",
            "acronym_en": organisation.acronym_en,
            "kind": "customs",
            "country": "KR",
            "wco_region": "",
        },
    )
    assert response.status_code == 302


def add_session(world, client):
    ProgrammeSessionFactory(workshop=world["workshop"])


def remove_speaker(world, client):
    speaker = world["session"].speakers.first()
    delete_speaker(workshop_id=world["workshop"].pk, speaker_id=speaker.pk, actor=world["staff"])


def reorder_speakers(world, client):  # bulk_update
    speaker = world["session"].speakers.order_by("order").first()
    move_speaker(workshop_id=world["workshop"].pk, speaker_id=speaker.pk, earlier=False, actor=world["staff"])


def rename_speaking_participant(world, client):
    world["speaking_participant"].full_name = "Ana Renamed"
    world["speaking_participant"].save()


def add_partner(world, client):
    WorkshopPartnerFactory(workshop=world["workshop"], organisation__name="CITES Secretariat")


def rename_partner_in_admin(world, client):
    organisation = world["workshop"].partners.first().organisation
    client.force_login(world["staff"])
    response = client.post(
        f"/admin/workshops/organisation/{organisation.pk}/change/",
        {
            "name_en": "Korea Customs, renamed",
            "acronym_en": "KCS",
            "kind": "customs",
            "country": "KR",
            "wco_region": "",
        },
    )
    assert response.status_code == 302


def rename_speakers_organisation(world, client):
    world["speaker_organisation"].acronym = "OMD"
    world["speaker_organisation"].save()


def merge_speakers_organisation(world, client):  # update() of the rows naming it
    other = OrganisationFactory(name="World Customs Organisation (typed)")
    merge_organisations(keep_id=other.pk, merge_id=world["speaker_organisation"].pk, actor=world["staff"])


def rename_registrant(world, client):  # the console lists them
    participant = world["registration"].participant
    participant.full_name = "Registrant, renamed"
    participant.save()


def rename_registrants_organisation(world, client):
    organisation = world["registration"].participant.organisation
    organisation.acronym = "RENAMED"
    organisation.save()


def merge_registrants_organisation(world, client):  # update() of the participants naming it
    merge_organisations(
        keep_id=OrganisationFactory().pk, merge_id=world["registration"].participant.organisation_id, actor=None
    )


def change_registrants_email(world, client):
    user = world["registration"].participant.user
    user.email = "renamed@example.org"
    user.save()


def registrant_logs_in(world, client):  # saves last_login alone, which no page shows
    client.force_login(world["registration"].participant.user)


def log_against_registration(world, client):  # a certificate or a visa letter joins the registration's history
    log_action(workshop=world["workshop"], action=Action.VISA_LETTER_REQUESTED, obj=world["registration"])


def register_someone(world, client):
    register(workshop_id=world["workshop"].pk, participant_id=ParticipantFactory().pk)


def cancel(world, client):
    cancel_registration(registration_id=world["registration"].pk)


def delete_registration(world, client):
    delete_registrations(registration_ids=[world["registration"].pk])


def registrant_deletes_account(world, client):  # update() of the registrations
    delete_account(user_id=world["registration"].participant.user_id)


def save_registration_in_admin_shape(world, client):
    world["registration"].status = Registration.Status.CANCELLED
    world["registration"].save()


CONTENT, REGISTRATIONS, NEITHER = "content", "registrations", None


@pytest.mark.parametrize(
    ("change", "raised"),
    [
        (edit_workshop, CONTENT),
        (save_workshop_row, CONTENT),
        (unpublish, CONTENT),
        (remove_session, CONTENT),
        (rename_session, CONTENT),
        (translate_session, CONTENT),
        (add_session, CONTENT),
        (remove_speaker, CONTENT),
        (reorder_speakers, CONTENT),
        (rename_speaking_participant, CONTENT),
        (add_partner, CONTENT),
        (rename_partner_in_admin, CONTENT),
        (translate_partner_in_admin, CONTENT),
        (rename_speakers_organisation, CONTENT),
        (merge_speakers_organisation, CONTENT),
        (register_someone, REGISTRATIONS),
        (cancel, REGISTRATIONS),
        (delete_registration, REGISTRATIONS),
        (registrant_deletes_account, REGISTRATIONS),
        (save_registration_in_admin_shape, REGISTRATIONS),
        (rename_registrant, REGISTRATIONS),
        (rename_registrants_organisation, REGISTRATIONS),
        (merge_registrants_organisation, REGISTRATIONS),
        (change_registrants_email, REGISTRATIONS),
        (registrant_logs_in, NEITHER),
        (log_against_registration, REGISTRATIONS),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_change_raises_the_version_that_names_it(world, client, change, raised):
    content, registrations = versions(world["workshop"])
    change(world, client)
    new_content, new_registrations = versions(world["workshop"])
    assert (new_content > content, new_registrations > registrations) == (raised == CONTENT, raised == REGISTRATIONS)


def test_a_rolled_back_change_leaves_the_versions_as_they_were(world):
    before = versions(world["workshop"])
    with pytest.raises(RuntimeError), transaction.atomic():
        rename_session(world, None)
        register_someone(world, None)
        raise RuntimeError
    assert versions(world["workshop"]) == before


def test_what_a_rolled_back_change_rendered_is_never_served(world, client):
    """The rolled-back change raised the version to the number the next real change raises it to; a page built
    inside it under that number was not kept."""
    with pytest.raises(RuntimeError), transaction.atomic():
        world["session"].title = "A title that was rolled back"
        world["session"].save()
        page_cache.workshop_page_parts(Workshop.objects.get(pk=world["workshop"].pk), AnonymousUser())
        raise RuntimeError
    world["session"].title = "The title kept"
    world["session"].save()
    page = client.get("/workshops/seoul/").content.decode()
    assert "The title kept" in page
    assert "rolled back" not in page


def test_a_saved_copy_never_sets_a_version_back(world):
    stale_copy = Workshop.objects.get(pk=world["workshop"].pk)
    register_someone(world, None)
    _content, registrations = versions(world["workshop"])
    stale_copy.save()
    assert versions(world["workshop"])[1] == registrations


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_tokens(html):
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


def visitor(world, state):
    client = Client()
    if state == "logged in":
        client.force_login(UserFactory())
    elif state == "registrant":
        waiting = RegistrationFactory(workshop=world["workshop"], status=Registration.Status.WAITLISTED)
        client.force_login(waiting.participant.user)
    elif state == "organiser":
        client.force_login(OrganiserMembershipFactory(workshop=world["workshop"]).user)
    elif state == "secretariat":
        client.force_login(secretariat_group(UserFactory()).user_set.get())
    elif state == "focal point":
        user = UserFactory()
        focal_point_of(world, user)
        client.force_login(user)
    elif state == "staff":
        client.force_login(world["staff"])
    return client


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize(
    "state", ["anonymous", "logged in", "registrant", "organiser", "secretariat", "focal point", "staff"]
)
@pytest.mark.parametrize("url", ["/workshops/seoul/", "/", "/workshops/"])
def test_a_cached_page_is_the_page_a_render_makes(world, settings, language, direction, state, url):
    client = visitor(world, state)
    headers = {"Accept-Language": language}
    calendar_url = "/workshops/seoul/programme.ics"
    first = client.get(url, headers=headers)
    first_calendar = client.get(calendar_url, headers=headers)
    cached = client.get(url, headers=headers)
    cached_calendar = client.get(calendar_url, headers=headers)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    uncached = client.get(url, headers=headers)
    uncached_calendar = client.get(calendar_url, headers=headers)
    pages = {without_tokens(response.content.decode()) for response in (first, cached, uncached)}
    assert len(pages) == 1
    assert f'<html lang="{language}" dir="{direction}">' in first.content.decode()
    assert "Asia/Pacific Regional Green Customs Workshop" in first.content.decode()
    stamp = re.compile(rb"DTSTAMP:\S+")
    assert len({stamp.sub(b"", r.content) for r in (first_calendar, cached_calendar, uncached_calendar)}) == 1


def test_a_change_shows_at_once(world, client):
    assert "Ana Speaker" in client.get("/workshops/seoul/").content.decode()
    rename_speaking_participant(world, client)
    page = client.get("/workshops/seoul/").content.decode()
    assert "Ana Renamed" in page
    assert "Ana Speaker" not in page
    seats_before = re.search(r"\d+ of 30 seats left", page).group()
    assert "1 participant confirmed" in client.get("/").content.decode()
    assert "1 participant confirmed" in client.get("/workshops/").content.decode()
    register_someone(world, client)
    assert re.search(r"\d+ of 30 seats left", client.get("/workshops/seoul/").content.decode()).group() != seats_before
    assert "2 participants confirmed" in client.get("/").content.decode()
    assert "2 participants confirmed" in client.get("/workshops/").content.decode()
    save_workshop_row(world, client)
    world["workshop"].title = "Renamed in a save"
    world["workshop"].save()
    assert "Renamed in a save" in client.get("/").content.decode()
    assert "Renamed in a save" in client.get("/workshops/").content.decode()


def test_each_anonymous_response_has_its_own_token_and_it_is_accepted(world):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/workshops/seoul/").content.decode()
    second_page = second.get("/workshops/seoul/").content.decode()  # from the cache
    (first_token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first_page))
    (second_token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second_page))
    assert first_token != second_token
    answer = second.post(
        "/i18n/setlang/", {"language": "fr", "next": "/workshops/seoul/", "csrfmiddlewaretoken": second_token}
    )
    assert answer.status_code == 302
    refused = Client(enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": second_token}
    )
    assert refused.status_code == 403  # the token goes with its own cookie


def message_cookie(text):
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies[CookieStorage.cookie_name].value


def test_a_page_with_a_message_is_never_served_from_or_into_the_cache(world, client):
    client.get("/workshops/seoul/")  # the shared copy is cached
    client.cookies[CookieStorage.cookie_name] = message_cookie("Your registration was cancelled.")
    assert "Your registration was cancelled." in client.get("/workshops/seoul/").content.decode()
    assert "Your registration was cancelled." not in Client().get("/workshops/seoul/").content.decode()


@pytest.fixture
def shared_redis_cache(settings):
    """The cache as production has it: Redis (the test broker's database), under a prefix of this test's own."""
    prefix = f"page-cache-test-{uuid.uuid4().hex}"
    location = TEST_REDIS_URL
    settings.CACHES = {
        "default": {"BACKEND": "greencustoms.cache.DegradingRedisCache", "LOCATION": location, "KEY_PREFIX": prefix}
    }
    client = redis.Redis.from_url(location)
    yield {"url": f"{location}?key_prefix={prefix}", "entries": lambda: list(client.scan_iter(match=f"{prefix}:*"))}
    # The database is shared (never flushed): this test's own entries go, by their prefix.
    for name in client.scan_iter(match=f"{prefix}:*"):
        client.delete(name)


@pytest.fixture
def second_web_process(shared_redis_cache):
    """gunicorn serving the test database with the same Redis cache: another web process, as on another machine."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CACHE_URL": shared_redis_cache["url"],
        "DJANGO_SETTINGS_MODULE": "greencustoms.settings",
    }
    with running_gunicorn(env=env) as server:
        yield {"url": server.url, "cache_entries": shared_redis_cache["entries"]}


def page_from(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server)
        return response.read().decode()


@pytest.mark.skipif(
    not (ON_POSTGRES and REDIS_CONFIGURED),
    reason="needs PostgreSQL and Redis, which gunicorn shares with the tests: set DATABASE_URL=postgres://… and "
    "TEST_CELERY_BROKER_URL=redis://…",
)
@pytest.mark.django_db(transaction=True)
def test_an_edit_made_through_one_web_process_shows_at_once_through_another(world, second_web_process):
    """This process (the test client) and gunicorn share the Redis cache: gunicorn caches the page, a partner
    organisation is renamed in admin through this process, and gunicorn's next response shows the new name."""
    url = f"{second_web_process['url']}/workshops/seoul/"
    assert "Korea Customs Service" in page_from(url)
    assert second_web_process["cache_entries"](), "gunicorn keeps its entries under the test's prefix"
    assert "Korea Customs Service" in page_from(url)  # served from the shared cache
    client = Client()
    client.force_login(world["staff"])
    organisation = world["workshop"].partners.get(organisation__name="Korea Customs Service").organisation
    response = client.post(
        f"/admin/workshops/organisation/{organisation.pk}/change/",
        {
            "name_en": "Korea Customs Service, renamed",
            "acronym_en": "KCS",
            "kind": "customs",
            "country": "KR",
            "wco_region": "",
        },
    )
    assert response.status_code == 302
    page = page_from(url)
    assert "Korea Customs Service, renamed (<bdi>KCS</bdi>)" in page
    assert "Korea Customs Service, renamed (<bdi>KCS</bdi>)" in Client().get("/workshops/seoul/").content.decode()


# Counted once the cache holds the page's parts (the first request for a workshop builds them: see
# test_workshop_pages.WORKSHOP_PAGE_QUERIES). The session comes from the cache (cached_db).
# Anonymous: the workshop row, whose versions name the cached page.
ANONYMOUS_WORKSHOP_PAGE_QUERIES = 1
# Logged in, with or without a registration: the user, the workshop (whose versions name its cached parts and the
# visitor's own registration) and the navigation's answers (Manage, Delegations) in one query; the page is their own.
LOGGED_IN_WORKSHOP_PAGE_QUERIES = 3
# The workshop row; logged in, the user too.
ANONYMOUS_CALENDAR_QUERIES = 1
LOGGED_IN_CALENDAR_QUERIES = 2
# Anonymous: the published workshops' versions and last days, whose digest names the cached page (rendering it
# reads the workshops with their seat counts, upcoming then past; the list also the filter's years and countries).
HOME_QUERIES = 1
WORKSHOP_LIST_QUERIES = 1
# Logged in, not cached: the user, the published workshops with their seat counts, upcoming and past, and the
# navigation's answers.
LOGGED_IN_HOME_QUERIES = 4
# Logged in, not cached: the user, the secretariat's two permission lookups (a manager also sees drafts), the
# filter's years and countries, upcoming and past with their seat counts, and the navigation's answers.
LOGGED_IN_WORKSHOP_LIST_QUERIES = 8


@pytest.mark.parametrize(
    ("state", "url", "queries"),
    [
        ("anonymous", "/workshops/seoul/", ANONYMOUS_WORKSHOP_PAGE_QUERIES),
        ("logged in", "/workshops/seoul/", LOGGED_IN_WORKSHOP_PAGE_QUERIES),
        ("registrant", "/workshops/seoul/", LOGGED_IN_WORKSHOP_PAGE_QUERIES),
        ("anonymous", "/workshops/seoul/programme.ics", ANONYMOUS_CALENDAR_QUERIES),
        ("registrant", "/workshops/seoul/programme.ics", LOGGED_IN_CALENDAR_QUERIES),
        ("anonymous", "/", HOME_QUERIES),
        ("anonymous", "/workshops/", WORKSHOP_LIST_QUERIES),
        ("logged in", "/", LOGGED_IN_HOME_QUERIES),
        ("logged in", "/workshops/", LOGGED_IN_WORKSHOP_LIST_QUERIES),
    ],
)
def test_queries_of_a_cached_page(world, django_assert_num_queries, state, url, queries):
    client = visitor(world, state)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def secretariat_grant():
    return Permission.objects.get(codename="manage_all_workshops")


def secretariat_group(*users):
    group = Group.objects.create(name="Secretariat")
    group.permissions.add(secretariat_grant())
    group.user_set.add(*users)
    return group


def plain_user(world):
    return UserFactory()


def organiser(world):
    return OrganiserMembershipFactory(workshop=world["workshop"]).user


def checkin_staff(world):
    return OrganiserMembershipFactory(role="checkin").user


def superuser(world):
    return UserFactory(is_superuser=True)


def granted(world):
    user = UserFactory()
    user.user_permissions.add(secretariat_grant())
    return user


def granted_by_group(world, **fields):
    user = UserFactory(**fields)
    secretariat_group(user)
    return user


def inactive_granted_by_group(world):
    return granted_by_group(world, is_active=False)


def focal_point(world):
    FocalPoint.objects.create(organisation=world["speaker_organisation"], email="Focal.Point@Example.org")
    return UserFactory(email="focal.point@example.org")


@pytest.mark.parametrize(
    ("make_user", "manage", "delegations"),
    [
        (plain_user, False, False),
        (organiser, True, False),
        (checkin_staff, True, False),
        (superuser, True, False),
        (granted, True, False),
        (granted_by_group, True, False),
        (inactive_granted_by_group, False, False),
        (focal_point, False, True),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_the_navigation_answers_in_one_query_as_the_console_and_delegations_do(world, make_user, manage, delegations):
    """The public pages ask the navigation's questions in one query; the console and delegations pages ask them
    their own way. Both answer alike."""
    user = make_user(world)
    assert (uses_console(user), is_focal_point(user)) == (manage, delegations)
    client = Client()
    client.force_login(user)
    for url in ("/workshops/seoul/", "/", "/workshops/"):
        page = client.get(url).content.decode()
        assert ('href="/manage/"' in page, 'href="/delegations/"' in page) == (manage, delegations)


def focal_point_of(world, user):
    FocalPoint.objects.create(organisation=world["speaker_organisation"], email=user.email)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def own_render(client, url, headers=None):
    """The page rendered for this visitor alone (a query string keeps it off any shared copy), with the footer's
    language form sending back to the page itself as the shared copy's does."""
    page = client.get(f"{url}?alone=1", headers=headers).content.decode()
    return page.replace(f'value="{url}?alone=1"', f'value="{url}"')


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("state", ["logged in", "registrant", "organiser", "staff", "focal point"])
def test_a_logged_in_visitors_copy_is_the_page_rendered_for_them_alone(world, language, state):
    """The copy shared by logged-in visitors who see the same navigation and registration is their own page,
    their own email (escaped) included."""
    headers = {"Accept-Language": language}
    user = UserFactory(email="o'neil+<page>@example.org")
    if state == "registrant":
        RegistrationFactory(
            workshop=world["workshop"], participant=ParticipantFactory(user=user), status=Registration.Status.WAITLISTED
        )
    elif state == "organiser":
        OrganiserMembershipFactory(workshop=world["workshop"], user=user)
    elif state == "staff":
        user.is_staff = True
        user.save()
    elif state == "focal point":
        focal_point_of(world, user)
    client = logged_in(user)
    first, cached = (client.get("/workshops/seoul/", headers=headers).content.decode() for _ in range(2))
    alone = own_render(client, "/workshops/seoul/", headers)
    assert len({without_tokens(page) for page in (first, cached, alone)}) == 1
    assert 'title="o&#x27;neil+&lt;page&gt;@example.org"' in cached


def test_visitors_alike_share_a_copy_each_with_their_own_email_and_token(world):
    first, second = UserFactory(email="first@example.org"), UserFactory(email="second@example.org")
    first_page = logged_in(first).get("/workshops/seoul/").content.decode()
    second_client = Client(enforce_csrf_checks=True)
    second_client.force_login(second)
    second_page = second_client.get("/workshops/seoul/").content.decode()  # the first's copy
    assert "first@example.org" in first_page
    assert "second@example.org" in second_page
    assert "first@example.org" not in second_page
    (token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second_page))
    answer = second_client.post("/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


# Each change below is made in two steps: `prepare(world, user)` sets the scene before the user looks at the page,
# and returns the change itself, made once the page (and the user's navigation answers) are in the cache.
MANAGE, DELEGATIONS, ADMIN = 'href="/manage/"', 'href="/delegations/"', 'href="/admin/"'


def membership_added(world, user):
    return lambda: OrganiserMembershipFactory(workshop=world["workshop"], user=user)


def membership_removed(world, user):
    return OrganiserMembershipFactory(workshop=world["workshop"], user=user).delete


def membership_given_to_someone_else(world, user):
    membership = OrganiserMembershipFactory(workshop=world["workshop"], user=user)

    def change():
        membership.user = UserFactory()
        membership.save()

    return change


def workshop_of_the_membership_deleted(world, user):  # the membership goes in the cascade
    return OrganiserMembershipFactory(user=user).workshop.delete


def focal_point_added(world, user):  # by the service, under the address in another case
    return lambda: add_focal_point(
        organisation_id=world["speaker_organisation"].pk, email=user.email.upper(), actor=world["staff"]
    )


def focal_point_removed(world, user):
    focal_point = FocalPoint.objects.create(organisation=world["speaker_organisation"], email=user.email)
    return lambda: remove_focal_point(focal_point_id=focal_point.pk, actor=world["staff"])


def focal_points_address_changed_to_the_users(world, user):
    focal_point = FocalPoint.objects.create(organisation=world["speaker_organisation"], email="someone@example.org")

    def change():
        focal_point.email = user.email.title()
        focal_point.save()

    return change


def focal_points_address_changed_away_from_the_users(world, user):
    focal_point = FocalPoint.objects.create(organisation=world["speaker_organisation"], email=user.email)

    def change():
        focal_point.email = "someone@example.org"
        focal_point.save()

    return change


def focal_points_organisation_deleted(world, user):  # the focal point goes in the cascade
    return FocalPoint.objects.create(organisation=OrganisationFactory(), email=user.email).organisation.delete


def users_address_changed_to_a_focal_points(world, user):
    FocalPoint.objects.create(organisation=world["speaker_organisation"], email="new.address@example.org")

    def change():
        user.email = "new.address@example.org"
        user.save()

    return change


def group_added_to_the_user(world, user):
    group = secretariat_group()
    return lambda: user.groups.add(group)


def user_added_to_the_group(world, user):
    group = secretariat_group()
    return lambda: group.user_set.add(user)


def group_taken_from_the_user(world, user):
    group = secretariat_group(user)
    return lambda: user.groups.remove(group)


def user_taken_from_the_group(world, user):
    group = secretariat_group(user)
    return lambda: group.user_set.remove(user)


def users_groups_cleared(world, user):
    secretariat_group(user)
    return user.groups.clear


def groups_users_cleared(world, user):
    return secretariat_group(user).user_set.clear


def group_deleted(world, user):
    return secretariat_group(user).delete


def permission_granted_to_the_user(world, user):
    return lambda: user.user_permissions.add(secretariat_grant())


def user_given_the_permission(world, user):
    return lambda: secretariat_grant().user_set.add(user)


def permission_revoked_from_the_user(world, user):
    user.user_permissions.add(secretariat_grant())
    return lambda: user.user_permissions.remove(secretariat_grant())


def permissions_users_cleared(world, user):
    user.user_permissions.add(secretariat_grant())
    return secretariat_grant().user_set.clear


def permission_granted_to_the_users_group(world, user):
    group = Group.objects.create(name="Secretariat")
    group.user_set.add(user)
    return lambda: group.permissions.add(secretariat_grant())


def group_given_the_permission(world, user):
    group = Group.objects.create(name="Secretariat")
    group.user_set.add(user)
    return lambda: secretariat_grant().group_set.add(group)


def permission_revoked_from_the_users_group(world, user):
    group = secretariat_group(user)
    return lambda: group.permissions.remove(secretariat_grant())


def permission_taken_from_every_group(world, user):
    secretariat_group(user)
    return secretariat_grant().group_set.clear


def permission_deleted(world, user):  # its grants go in the cascade
    user.user_permissions.add(secretariat_grant())
    return secretariat_grant().delete


def permission_given_another_code(world, user):
    user.user_permissions.add(secretariat_grant())

    def change():
        grant = secretariat_grant()
        grant.codename = "formerly_manage_all_workshops"
        grant.save()

    return change


def made_superuser(world, user):
    def change():
        user.is_superuser = True
        user.save()

    return change


def made_staff(world, user):
    def change():
        user.is_staff = True
        user.save()

    return change


@pytest.mark.parametrize(
    ("prepare", "link", "shown_after"),
    [
        (membership_added, MANAGE, True),
        (membership_removed, MANAGE, False),
        (membership_given_to_someone_else, MANAGE, False),
        (workshop_of_the_membership_deleted, MANAGE, False),
        (focal_point_added, DELEGATIONS, True),
        (focal_point_removed, DELEGATIONS, False),
        (focal_points_address_changed_to_the_users, DELEGATIONS, True),
        (focal_points_address_changed_away_from_the_users, DELEGATIONS, False),
        (focal_points_organisation_deleted, DELEGATIONS, False),
        (users_address_changed_to_a_focal_points, DELEGATIONS, True),
        (group_added_to_the_user, MANAGE, True),
        (user_added_to_the_group, MANAGE, True),
        (group_taken_from_the_user, MANAGE, False),
        (user_taken_from_the_group, MANAGE, False),
        (users_groups_cleared, MANAGE, False),
        (groups_users_cleared, MANAGE, False),
        (group_deleted, MANAGE, False),
        (permission_granted_to_the_user, MANAGE, True),
        (user_given_the_permission, MANAGE, True),
        (permission_revoked_from_the_user, MANAGE, False),
        (permissions_users_cleared, MANAGE, False),
        (permission_granted_to_the_users_group, MANAGE, True),
        (group_given_the_permission, MANAGE, True),
        (permission_revoked_from_the_users_group, MANAGE, False),
        (permission_taken_from_every_group, MANAGE, False),
        (permission_deleted, MANAGE, False),
        (permission_given_another_code, MANAGE, False),
        (made_superuser, MANAGE, True),
        (made_staff, ADMIN, True),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_change_to_what_the_navigation_asks_shows_at_once(world, prepare, link, shown_after):
    """The navigation's answers are asked for every logged-in page, never kept: a change shows at the next request."""
    user = UserFactory(email="kim.lee@customs.example")
    change = prepare(world, user)
    client = logged_in(user)
    for _ in range(2):  # the second with the workshop page's parts from the cache
        assert (link in client.get("/workshops/seoul/").content.decode()) is not shown_after
    change()
    assert (link in client.get("/workshops/seoul/").content.decode()) is shown_after


def test_each_organiser_of_a_copied_workshop_reaches_it_at_once(world):
    """The copy's memberships come by bulk_create, without a signal: each organiser reaches the copy all the same."""
    membership = OrganiserMembershipFactory(role="checkin")
    copy = duplicate_workshop(
        workshop_id=membership.workshop_id,
        titles={},
        slug="the-copy",
        start_date=membership.workshop.start_date + datetime.timedelta(days=364),
        actor=world["staff"],
    )
    assert logged_in(membership.user).get(f"/manage/{copy.slug}/check-in/").status_code == 200
    assert logged_in(world["staff"]).get(f"/manage/{copy.slug}/").status_code == 200


def test_a_change_to_someone_elses_access_leaves_the_users_navigation_alone(world):
    user, other = UserFactory(), UserFactory()
    client = logged_in(user)
    client.get("/workshops/seoul/")
    OrganiserMembershipFactory(workshop=world["workshop"], user=other)
    FocalPoint.objects.create(organisation=world["speaker_organisation"], email=other.email)
    secretariat_group(other)
    other.user_permissions.add(secretariat_grant())
    page = client.get("/workshops/seoul/").content.decode()
    assert MANAGE not in page
    assert DELEGATIONS not in page


def test_a_saved_copy_of_a_user_never_takes_their_new_role_away(world):
    user = UserFactory()
    stale_copy = type(user).objects.get(pk=user.pk)
    OrganiserMembershipFactory(workshop=world["workshop"], user=user)
    stale_copy.name = "Renamed from a stale copy"
    stale_copy.save()
    assert MANAGE in logged_in(user).get("/workshops/seoul/").content.decode()


def test_a_registration_made_or_cancelled_shows_at_once(world):
    participant = ParticipantFactory()
    client = logged_in(participant.user)
    assert 'data-testid="registration-status"' not in client.get("/workshops/seoul/").content.decode()
    registration = register(workshop_id=world["workshop"].pk, participant_id=participant.pk)
    assert 'data-testid="registration-status"' in client.get("/workshops/seoul/").content.decode()
    cancel_registration(registration_id=registration.pk, actor=participant.user)
    assert 'data-testid="registration-status"' not in client.get("/workshops/seoul/").content.decode()


def test_a_logged_in_visitors_message_is_never_served_from_or_into_the_cache(world):
    user = UserFactory()
    client = logged_in(user)
    client.get("/workshops/seoul/")  # the shared copy is cached
    client.cookies[CookieStorage.cookie_name] = message_cookie("Your registration was cancelled.")
    assert "Your registration was cancelled." in client.get("/workshops/seoul/").content.decode()
    assert "Your registration was cancelled." not in logged_in(user).get("/workshops/seoul/").content.decode()


def test_a_registrant_and_someone_not_registered_each_see_their_own_panel(world):
    plain = logged_in(UserFactory()).get("/workshops/seoul/").content.decode()
    registrant = logged_in(world["registration"].participant.user).get("/workshops/seoul/").content.decode()
    assert 'data-testid="registration-status"' not in plain
    assert 'data-testid="registration-status"' in registrant


@pytest.mark.parametrize(
    "slot", [str(CSRF_TOKEN_SLOT), "csrf-token-slot-of-a-cached-page"], ids=["slot", "former slot"]
)
def test_text_holding_the_token_slot_is_shown_as_typed_not_filled_with_the_visitors_token(slot):
    """An organiser's text holding the slot a cached copy keeps for the CSRF token got each visitor's token in it
    (issue 26, item 9): the slot is markup now, which no typed text can be."""
    workshop = seoul_workshop(slug="seoul", summary=f"Summary {slot} end", objectives=f"Objectives {slot} end")
    for visit in ("rendered", "from the cache"):
        page = Client().get(f"/workshops/{workshop.slug}/").content.decode()
        assert escape(f"Summary {slot} end") in page, visit
        assert escape(f"Objectives {slot} end") in page, visit
