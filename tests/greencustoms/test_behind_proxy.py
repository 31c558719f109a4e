"""Issue 24, item 2: behind the reverse proxy the rate limits count real clients (the address the trusted proxy
forwards), a client that is not the proxy cannot choose its address, and the exports read their rows in chunks
by key, as PgBouncer in transaction mode requires (no server-side cursor)."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.chunks import in_key_chunks
from core.rate_limits import within_limit
from participants.models import Registration
from tests.support.factories import OrganiserMembershipFactory, RegistrationFactory, UserFactory, WorkshopFactory
from website.adapter import AccountAdapter

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR


def client_ip(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return AccountAdapter().get_client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


@pytest.mark.parametrize(
    ("remote_addr", "forwarded", "counted_as"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),  # the proxy says who connected to it
        (PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the client's own header comes first: not believed
        (PROXY, "203.0.113.7, 10.0.0.2", "203.0.113.7"),  # a second trusted proxy appended its client
        (PROXY, "not an address", PROXY),
        (PROXY, None, PROXY),
        ("192.0.2.50", "203.0.113.7", "192.0.2.50"),  # not from the proxy: the header is ignored
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxy_only(settings, remote_addr, forwarded, counted_as):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.2"]
    assert client_ip(remote_addr, forwarded) == counted_as


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(PROXY, "203.0.113.7") == PROXY


def wrong_logins(client, address, times):
    """Failed logins for several accounts (each one's own limit is not reached), all from `address`."""
    responses = [
        client.post(
            reverse("account_login"),
            {"login": f"nobody{attempt}@customs.example", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=address,
        )
        for attempt in range(times)
    ]
    return [response.status_code for response in responses]


def log_in(client, user, address):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR=address)
    return client.session.get("_auth_user_id") == str(user.pk)


def test_forty_wrong_passwords_from_one_client_are_limited_while_others_log_in(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    user = UserFactory(email="ji-woo@customs.go.kr")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    wrong_logins(client, "203.0.113.7", 40)
    assert not log_in(client, user, "203.0.113.7")  # the guesser's address is refused, right password or wrong
    assert log_in(client, user, "198.51.100.9")


def test_without_a_trusted_proxy_one_guesser_locks_everyone_behind_the_proxy_out(client, settings):
    """What the setting is for: the limits would count every client as the proxy."""
    settings.TRUSTED_PROXIES = []
    user = UserFactory(email="ji-woo@customs.go.kr")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    wrong_logins(client, "203.0.113.7", 40)
    assert not log_in(client, user, "198.51.100.9")


def test_our_read_limit_counts_the_forwarded_client(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    factory = RequestFactory()

    def request_from(address):
        return factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    assert within_limit(request_from("203.0.113.7"), action="test", limit=1, period=60)
    assert not within_limit(request_from("203.0.113.7"), action="test", limit=1, period=60)
    assert within_limit(request_from("198.51.100.9"), action="test", limit=1, period=60)


def test_rows_are_read_in_chunks_by_key_in_the_querys_order():
    workshop = WorkshopFactory(capacity=100)
    RegistrationFactory.create_batch(25, workshop=workshop)
    rows = Registration.objects.filter(workshop=workshop).order_by("-created_at", "-pk").values_list("pk", "status")
    with CaptureQueriesContext(connection) as queries:
        chunked = list(in_key_chunks(rows, size=10))
    assert chunked == list(rows)
    assert len(queries) == 1 + 3  # the keys, then three chunks of at most 10
    assert not any("DECLARE" in query["sql"] for query in queries.captured_queries)  # no server-side cursor


def test_the_csv_export_streams_with_server_side_cursors_disabled(client, settings):
    """As behind PgBouncer: DISABLE_SERVER_SIDE_CURSORS is on and the export still sends every row."""
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        workshop = WorkshopFactory(capacity=3000)
        RegistrationFactory.create_batch(1500, workshop=workshop)
        client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
        response = client.get(reverse("console:registrations_export", kwargs={"slug": workshop.slug}))
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False
    assert response.status_code == 200
    assert len(body.splitlines()) == 1 + 1500


STORAGE_OF_LETTERS = (
    "from delegations.models import NominationLetter; "
    "print(type(NominationLetter._meta.get_field('file').storage).__name__)"
)


def test_private_files_go_to_a_bucket_when_one_is_named_else_to_the_folder():
    from tests.greencustoms.test_settings import manage

    in_bucket = manage("shell", "-c", STORAGE_OF_LETTERS, PRIVATE_STORAGE_BUCKET="green-customs-private")
    assert in_bucket.stdout.split()[-1] == "S3Storage", in_bucket.stderr
    in_folder = manage("shell", "-c", STORAGE_OF_LETTERS, PRIVATE_STORAGE_BUCKET="")
    assert in_folder.stdout.split()[-1] == "PrivateFolderStorage", in_folder.stderr
