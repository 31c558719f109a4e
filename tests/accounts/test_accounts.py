import re

import pytest
from django.contrib.auth import get_backends

from accounts.models import User
from outbox.models import OutgoingEmail
from tests.support.factories import OrganiserMembershipFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def eager_celery(monkeypatch):
    """Deliver in-process even when CI points Celery at a broker, so the test sees the outbox send."""
    from greencustoms.celery_app import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def test_signup_writes_the_verification_email_to_the_outbox(
    client, django_capture_on_commit_callbacks, mailoutbox, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/", {"email": "ji-woo@customs.go.kr", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.to_email, email.status) == ("account", "ji-woo@customs.go.kr", "sent")
    assert email.subject.startswith("[Green Customs] ")
    # The outbox delivered it: one message, the same one, with the link; the stored row no longer holds the key.
    assert [message.subject for message in mailoutbox] == [email.subject]
    key = re.search(r"http://testserver/accounts/confirm-email/([^/\s]+)/", mailoutbox[0].body).group(1)
    assert key not in email.filled_text + email.filled_html
    assert "/accounts/confirm-email/[removed after sending]/" in email.filled_text


def test_a_sent_password_reset_email_leaves_no_usable_link_in_the_outbox(
    client, django_capture_on_commit_callbacks, mailoutbox, eager_celery
):
    UserFactory(email="ji-woo@customs.go.kr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "ji-woo@customs.go.kr"})
    (message,) = mailoutbox
    link = re.search(r"http://testserver(/accounts/password/reset/key/[^/\s]+/)", message.body).group(1)
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT
    assert link not in email.filled_text + email.filled_html
    assert "/accounts/password/reset/key/[removed after sending]/" in email.filled_text
    # The link in the delivered message still works.
    assert client.get(link, follow=True).status_code == 200


def test_two_password_resets_are_two_outbox_rows(client):
    UserFactory(email="ji-woo@customs.go.kr")
    for _ in range(2):
        client.post("/accounts/password/reset/", {"email": "ji-woo@customs.go.kr"})
    assert OutgoingEmail.objects.filter(kind="account", to_email="ji-woo@customs.go.kr").count() == 2


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="ji-woo@customs.go.kr")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "ji-woo@customs.go.kr", "password": "wrong"})
        assert "not correct" in response.content.decode()
    # Even the right password is refused now: the account is protected against guessing.
    response = client.post("/accounts/login/", {"login": "ji-woo@customs.go.kr", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def verified(user):
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def test_login_with_an_incomplete_profile_goes_home_the_profile_waits_for_a_registration(client):
    verified(UserFactory(email="new@example.org"))
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == "/"


def test_an_organiser_lands_in_the_console_after_logging_in(client):
    organiser = verified(UserFactory(email="organiser@example.org"))
    OrganiserMembershipFactory(user=organiser)
    response = client.post("/accounts/login/", {"login": "organiser@example.org", "password": PASSWORD})
    assert response["Location"] == "/manage/"


def test_next_wins_over_the_console_after_logging_in(client):
    organiser = verified(UserFactory(email="organiser@example.org"))
    OrganiserMembershipFactory(user=organiser)
    response = client.post(
        "/accounts/login/", {"login": "organiser@example.org", "password": PASSWORD, "next": "/workshops/"}
    )
    assert response["Location"] == "/workshops/"


def test_login_with_a_complete_profile_goes_home(client):
    verified(ParticipantFactory(user__email="known@example.org").user)
    response = client.post("/accounts/login/", {"login": "known@example.org", "password": PASSWORD})
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"]
)
def test_account_pages_are_in_the_portal_frame_with_bootstrap_fields(client, url):
    page = client.get(url).content.decode()
    assert "Green Customs Workshops" in page and "portal-navbar" in page
    if "confirm-email" not in url:
        assert "form-control" in page and "btn btn-gc" in page


def test_the_user_of_each_request_is_read_as_the_orm_reads_them(client):
    """Each authentication backend reads the user of a logged-in request (get_user) by raw SQL: whole, as the ORM
    reads them, each id its own user; an id nobody has, or an inactive account, is no user, as with Django's."""
    first = UserFactory(email="first@example.org", language="fr", is_staff=True)
    second = UserFactory(email="second@example.org")
    inactive = UserFactory(email="gone@example.org", is_active=False)
    backends = get_backends()
    assert {type(backend).__module__ for backend in backends} == {"accounts.backends"}
    for backend in backends:
        for user in (first, second):
            read = backend.get_user(user.pk)
            expected = User.objects.get(pk=user.pk)
            assert [getattr(read, field.attname) for field in User._meta.concrete_fields] == [
                getattr(expected, field.attname) for field in User._meta.concrete_fields
            ]
        assert backend.get_user(second.pk + 1000) is None
        assert backend.get_user(inactive.pk) is None
    client.force_login(second)
    assert client.get("/").wsgi_request.user.email == "second@example.org"
