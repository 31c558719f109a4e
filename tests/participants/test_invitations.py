import contextlib
import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from activity.models import ActivityEntry
from delegations import services as delegation_services
from outbox.models import OutgoingEmail
from participants import invitations
from participants.invitations import InvitationError, invitation_for_token
from participants.models import Invitation, Registration
from tests.support.concurrency import ON_POSTGRES, requires_postgres, run_concurrently
from tests.support.delegations import make_delegation, nominee
from tests.support.factories import (
    InvitationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^/\s]+(/invitations/[A-Za-z0-9_-]+/)")
# The page every link leads to, once the link has put its token in the session.
ANSWER = "/invitations/answer/"


def open_link(client, path):
    """Follow an emailed link as a browser does; returns the page it leads to."""
    return client.get(path, follow=True)


# What an invitee without a complete profile types on the answer page before accepting.
PROFILE = {"full_name": "Kim Min-jun", "position": "Customs officer", "country": "KR", "new_organisation": "KCS"}


def answer(client, path, choice, **options):
    open_link(client, path)
    return client.post(ANSWER, {"answer": choice, **PROFILE}, **options)


def invite(workshop, email="delegate@customs.example", **fields):
    invitations.invite(workshop_id=workshop.pk, email=email, name=fields.pop("name", "Kim Min-jun"), **fields)
    email_row = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.INVITATION, to_email=email).latest("pk")
    return Invitation.objects.get(workshop=workshop, email=email), LINK.search(email_row.filled_text).group(1)


def csv_file(rows, header="email,name,organisation,country", delimiter=",", bom=False):
    text = "\n".join([header.replace(",", delimiter), *(delimiter.join(row) for row in rows)]) + "\n"
    return ("\ufeff" if bom else "") + text


def delegates(count, start=0):
    return [(f"officer{n}@customs.example", f"Officer {n}", "Korea Customs Service", "KR") for n in range(start, count)]


# --- inviting and importing -----------------------------------------------------------------------------


def test_invite_stores_only_a_hash_and_mails_a_256_bit_link():
    workshop = WorkshopFactory()
    invitation, path = invite(workshop)
    token = path.split("/")[2]
    assert len(token) >= 43  # 32 random bytes in URL-safe base64
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert invitation.expires_at == workshop.starts_at
    with pytest.raises(InvitationError, match="already invited"):
        invite(workshop, email="DELEGATE@customs.example")


def test_cancelled_or_started_workshop_takes_no_invitation():
    with pytest.raises(InvitationError, match="cancelled"):
        invite(WorkshopFactory(status=Workshop.Status.CANCELLED))
    with pytest.raises(InvitationError, match="started"):
        invite(WorkshopFactory(start_date=timezone.localdate() - datetime.timedelta(days=1)))


def test_csv_with_bom_and_semicolons_imports_every_row_in_a_constant_number_of_queries(
    django_assert_num_queries,
):
    workshop = WorkshopFactory()
    data = csv_file(delegates(1200), delimiter=";", bom=True).encode()
    # 3 batches of 500: the workshop lock, one duplicate check, per batch one read of the accounts (their
    # languages), one of the emails' dedup keys already written (outbox.services.queue_bulk_email's) and four
    # inserts (invitations, the body their emails share, the emails, their activity-log entries), and the savepoint
    # and its release that stand for the transaction inside a test. SQLite caps the parameters of one statement, so
    # Django splits each batch further there: the count is checked on PostgreSQL.
    with django_assert_num_queries(2 + 3 * 6 + 2) if ON_POSTGRES else contextlib.nullcontext():
        parsed = invitations.import_invitations(workshop_id=workshop.pk, data=data)
    assert parsed.ok and len(parsed.rows) == 1200
    assert Invitation.objects.filter(workshop=workshop).count() == 1200
    assert OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.INVITATION).count() == 1200
    assert Invitation.objects.get(email="officer7@customs.example").country == "KR"


def test_500_rows_with_3_bad_import_nothing_and_name_the_3_lines():
    workshop = WorkshopFactory()
    InvitationFactory(workshop=workshop, email="already@customs.example")
    rows = delegates(497)
    rows.insert(10, ("not-an-email", "Someone", "", ""))  # line 12: header is line 1
    rows.insert(100, ("officer3@customs.example", "Twice", "", ""))  # line 102
    rows.insert(300, ("already@customs.example", "Known", "", ""))  # line 302
    parsed = invitations.import_invitations(workshop_id=workshop.pk, data=csv_file(rows).encode())
    assert [line for line, _reason in parsed.errors] == [12, 102, 302]
    assert "not a valid email" in parsed.errors[0][1]
    assert "same email is on line 5" in parsed.errors[1][1]
    assert "already invited" in parsed.errors[2][1]
    assert Invitation.objects.filter(workshop=workshop).count() == 1
    assert not OutgoingEmail.objects.exists()


def test_missing_name_and_ragged_row_are_reported():
    rows = [("a@customs.example", "", "KCS", "KR"), ("b@customs.example", "B", "KCS")]
    parsed = invitations.preview_invitations(workshop=WorkshopFactory(), data=csv_file(rows).encode())
    assert parsed.errors == [(2, "The name is missing."), (3, "3 values where the first line names 4 columns.")]


def test_rows_the_database_would_refuse_are_reported_not_a_500():
    workshop = WorkshopFactory()
    too_long = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 63}.org"  # 260 characters: a valid form, too long to store
    rows = [(too_long, "Long Address", "", ""), ("nul@customs.example", "Kim\x00Min-jun", "", "")]
    parsed = invitations.import_invitations(workshop_id=workshop.pk, data=csv_file(rows).encode())
    assert [line for line, _reason in parsed.errors] == [2, 3]
    assert "too long" in parsed.errors[0][1]
    assert "cannot contain" in parsed.errors[1][1]
    assert not Invitation.objects.exists()


def test_a_field_larger_than_the_csv_limit_is_a_message_not_a_500():
    rows = [("a@customs.example", "x" * 200_000, "", "")]
    parsed = invitations.preview_invitations(workshop=WorkshopFactory(), data=csv_file(rows).encode())
    assert not parsed.ok
    ((line, reason),) = parsed.errors
    assert line == 2 and "not a readable CSV file" in reason


def test_importing_the_same_file_again_adds_nobody():
    workshop = WorkshopFactory()
    data = csv_file(delegates(20)).encode()
    assert invitations.import_invitations(workshop_id=workshop.pk, data=data).ok
    again = invitations.import_invitations(workshop_id=workshop.pk, data=data)
    assert not again.ok and len(again.errors) == 20
    assert Invitation.objects.count() == 20


def organiser_client(client, workshop):
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    return client


def test_console_upload_in_a_wrong_encoding_answers_a_message_not_a_500(client):
    workshop = WorkshopFactory()
    organiser_client(client, workshop)
    data = csv_file([("müller@zoll.example", "Jürgen Müller", "Zoll", "DE")]).encode("latin-1")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/manage/{workshop.slug}/invitations/upload/", {"file": SimpleUploadedFile("list.csv", data)}
    )
    assert response.status_code == 200
    assert "not UTF-8 text" in response.content.decode()
    assert not Invitation.objects.exists()


def test_console_upload_previews_then_imports_on_confirmation(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    workshop = WorkshopFactory()
    organiser_client(client, workshop)
    upload = SimpleUploadedFile("list.csv", csv_file(delegates(3)).encode())
    preview = client.post(f"/manage/{workshop.slug}/invitations/upload/", {"file": upload})
    assert "3 invitations ready to import" in preview.content.decode()
    assert not Invitation.objects.exists()
    response = client.post(
        f"/manage/{workshop.slug}/invitations/import/", {"digest": preview.context["digest"]}, follow=True
    )
    assert "3 invitations imported." in response.content.decode()
    assert Invitation.objects.filter(workshop=workshop).count() == 3


def test_console_pages_are_for_the_workshops_organisers_only(client):
    workshop = WorkshopFactory()
    client.force_login(OrganiserMembershipFactory().user)  # organiser of another workshop
    assert client.get(f"/manage/{workshop.slug}/invitations/").status_code == 403
    assert client.post(f"/manage/{workshop.slug}/reminders/send-now/").status_code == 403


def test_console_lists_states_and_resends_and_revokes(client, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory()
    organiser_client(client, workshop)
    sent, _link = invite(workshop, email="sent@customs.example")
    OutgoingEmail.objects.filter(invitation=sent).update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now())
    failed, _link = invite(workshop, email="failed@customs.example")
    OutgoingEmail.objects.filter(invitation=failed).update(status=OutgoingEmail.Status.FAILED)
    InvitationFactory(workshop=workshop, status=Invitation.Status.DECLINED, name="Declining Person")
    InvitationFactory(workshop=workshop, expires_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(f"/manage/{workshop.slug}/invitations/").content.decode()
    for label in ("Email sent: 1", "Email failed: 1", "Declined: 1", "Expired: 1"):
        assert label in page
    assert "1 email of this workshop could not be delivered." in page

    old_hash = sent.token_hash
    client.post(f"/manage/{workshop.slug}/invitations/{sent.pk}/resend/")
    sent.refresh_from_db()
    assert sent.token_hash == old_hash  # sent again with the link the invitee already has
    assert OutgoingEmail.objects.filter(invitation=sent).count() == 2

    client.post(f"/manage/{workshop.slug}/invitations/{failed.pk}/revoke/")
    failed.refresh_from_db()
    assert failed.status == Invitation.Status.REVOKED
    other = InvitationFactory()
    # Another workshop's invitation is not found here, like every other console object.
    assert client.post(f"/manage/{workshop.slug}/invitations/{other.pk}/revoke/").status_code == 404
    other.refresh_from_db()
    assert other.status == Invitation.Status.PENDING


def test_remind_everyone_who_has_not_answered(client):
    workshop = WorkshopFactory()
    organiser_client(client, workshop)
    waiting, _link = invite(workshop, email="waiting@customs.example")
    InvitationFactory(workshop=workshop, status=Invitation.Status.ACCEPTED)
    response = client.post(f"/manage/{workshop.slug}/invitations/remind/", follow=True)
    assert "1 person who has not answered was reminded." in response.content.decode()
    assert OutgoingEmail.objects.filter(invitation=waiting).count() == 2


def test_a_cancelled_workshop_reminds_nobody_of_its_invitations(client):
    workshop = WorkshopFactory()
    invite(workshop, email="waiting@customs.example")
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)
    organiser_client(client, workshop)
    response = client.post(f"/manage/{workshop.slug}/invitations/remind/", follow=True)
    assert "0 people who have not answered were reminded." in response.content.decode()
    assert OutgoingEmail.objects.count() == 1  # the invitation itself, nothing more


# --- the link -----------------------------------------------------------------------------------------


def test_the_link_sends_no_referrer_and_leads_to_an_address_without_it_where_get_changes_nothing(client):
    invitation, path = invite(WorkshopFactory(title="Pacific Green Customs Workshop"))
    link = client.get(path)
    assert (link.status_code, link["Location"], link["Referrer-Policy"]) == (302, ANSWER, "no-referrer")
    # The token waits in a cookie only the answer page receives, never in the database's sessions.
    cookie = link.cookies["invitation"]
    assert (cookie.value, cookie["path"], cookie["httponly"]) == (path.split("/")[2], ANSWER, True)
    assert not any(path.split("/")[2] in str(session.get_decoded()) for session in Session.objects.all())
    response = client.get(ANSWER)
    assert response.status_code == 200
    assert "Pacific Green Customs Workshop" in response.content.decode()
    assert path not in response.content.decode()
    assert "email=delegate%40customs.example" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_anonymous_accept_goes_to_login_with_the_email_prefilled(client):
    _invitation, path = invite(WorkshopFactory())
    response = answer(client, path, "accept")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?")
    assert "email=delegate%40customs.example" in response["Location"]
    assert not Registration.objects.exists()


def test_the_answer_page_without_a_link_opened_says_where_to_find_one(client):
    response = client.get(ANSWER)
    assert response.status_code == 404
    assert "Open the link in your invitation email" in response.content.decode()


def test_the_answer_page_keeps_djangos_csrf_check():
    from django.test import Client

    _invitation, path = invite(WorkshopFactory())
    strict = Client(enforce_csrf_checks=True)
    open_link(strict, path)
    assert strict.post(ANSWER, {"answer": "decline"}).status_code == 403
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_signup_page_prefills_the_invited_email(client):
    response = client.get("/accounts/signup/?email=delegate%40customs.example&next=/invitations/x/")
    assert 'value="delegate@customs.example"' in response.content.decode()


def test_accepting_confirms_while_seats_remain_even_when_approval_is_required(client):
    workshop = WorkshopFactory(capacity=1, requires_approval=True)
    invitation, path = invite(workshop, organisation_name="Korea Customs Service", country="KR")
    client.force_login(UserFactory(email="Delegate@Customs.example"))
    response = answer(client, path, "accept", follow=True)
    assert "Your registration is confirmed." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    registration = invitation.registration
    assert (registration.status, registration.source) == (Registration.Status.CONFIRMED, "invitation")
    assert registration.participant.full_name == "Kim Min-jun"
    assert open_link(client, path).status_code == 410
    # The next invitee finds the seat taken and waits on the list.
    _second, second_path = invite(workshop, email="second@customs.example")
    client.force_login(UserFactory(email="second@customs.example"))
    answer(client, second_path, "accept")
    assert Registration.objects.get(participant__user__email="second@customs.example").status == "waitlisted"


def test_another_logged_in_account_gets_403(client):
    _invitation, path = invite(WorkshopFactory())
    client.force_login(UserFactory(email="someone.else@example.org"))
    assert open_link(client, path).status_code == 403
    assert answer(client, path, "accept").status_code == 403
    assert not Registration.objects.exists()


def test_declined_revoked_and_expired_links_answer_410(client):
    workshop = WorkshopFactory()
    declined, declined_path = invite(workshop, email="no@customs.example")
    response = answer(client, declined_path, "decline")
    assert "You declined the invitation" in response.content.decode()
    assert open_link(client, declined_path).status_code == 410

    revoked, revoked_path = invite(workshop, email="revoked@customs.example")
    invitations.revoke_invitation(workshop_id=workshop.pk, invitation_id=revoked.pk, actor=None)
    response = open_link(client, revoked_path)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()

    expired, expired_path = invite(workshop, email="late@customs.example")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "expired" in open_link(client, expired_path).content.decode()
    assert open_link(client, "/invitations/not-a-token/").status_code == 404


def test_already_registered_person_accepting_keeps_their_registration(client):
    workshop = WorkshopFactory()
    participant = ParticipantFactory(user=UserFactory(email="delegate@customs.example"))
    registration = RegistrationFactory(workshop=workshop, participant=participant)
    _invitation, path = invite(workshop)
    client.force_login(participant.user)
    answer(client, path, "accept")
    assert Invitation.objects.get().registration == registration
    assert Registration.objects.count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_accepts_of_one_token_create_one_registration(mailoutbox):
    workshop = WorkshopFactory()
    # Outside a test transaction the email is delivered (and its link blanked in the outbox) at once.
    invitations.invite(workshop_id=workshop.pk, email="delegate@customs.example", name="Kim Min-jun")
    (message,) = mailoutbox
    token = LINK.search(message.body).group(1).split("/")[2]
    user = UserFactory(email="delegate@customs.example")
    outcomes = run_concurrently(lambda _index: invitations.accept_invitation(token=token, user=user), 20)
    registrations = [outcome for outcome in outcomes if isinstance(outcome, Registration)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, InvitationError)]
    assert (len(registrations), len(refusals)) == (1, 19)
    assert Registration.objects.count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_link_replaced_while_its_accept_waits_for_the_lock_no_longer_works(mailoutbox):
    """An accept that read the invitation, then waited for the workshop lock while the link was replaced (the
    person invited anew), must not go through: "the earlier link stops working" holds under a race too."""
    import threading

    from django.db import connection, transaction

    from participants.models import hash_invitation_token

    workshop = WorkshopFactory()
    invitations.invite(workshop_id=workshop.pk, email="delegate@customs.example", name="Kim Min-jun")
    old_token = LINK.search(mailoutbox[0].body).group(1).split("/")[2]
    invitation = Invitation.objects.get()
    user = UserFactory(email="delegate@customs.example")
    locked, accept_waits = threading.Event(), threading.Event()

    def replace_the_link_holding_the_workshop_lock(index):
        if index == 1:  # the accept, started once the lock is held
            locked.wait()
            return invitations.accept_invitation(token=old_token, user=user)
        with transaction.atomic():
            Workshop.objects.select_for_update().get(pk=workshop.pk)
            Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_invitation_token("a-newer-link"))
            locked.set()
            accept_waits.wait()
        return None

    def wait_until_the_accept_blocks():
        locked.wait()
        with connection.cursor() as cursor:
            while True:  # polls PostgreSQL for the lock wait; no fixed sleep
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
        accept_waits.set()

    watcher = threading.Thread(target=wait_until_the_accept_blocks)
    watcher.start()
    outcomes = run_concurrently(replace_the_link_holding_the_workshop_lock, 2)
    watcher.join()
    assert isinstance(outcomes[1], InvitationError), outcomes[1]
    assert "not valid" in outcomes[1].message
    assert not Registration.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_bulk_rendered_emails_escape_each_recipients_values_in_html_only():
    workshop = WorkshopFactory()
    data = csv_file([("ob@customs.example", "Seán O'Brien <Trade>", "", "IE")]).encode()
    invitations.import_invitations(workshop_id=workshop.pk, data=data)
    email = OutgoingEmail.objects.get()
    assert "Dear Seán O'Brien <Trade>," in email.filled_text
    assert "Dear <bdi>Seán O&#x27;Brien &lt;Trade&gt;</bdi>," in email.filled_html
    assert "[[merge:" not in email.filled_text + email.filled_html


def test_outbox_forgets_the_link_once_the_invitation_is_sent(mail_server, django_capture_on_commit_callbacks):
    from tests.support.mailserver import text_body

    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(workshop_id=WorkshopFactory().pk, email="delegate@customs.example", name="Kim Min-jun")
    (message,) = mail_server.messages
    token = LINK.search(text_body(message)).group(1).split("/")[2]
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT
    assert token not in email.filled_text + email.filled_html
    assert "/invitations/[removed after sending]/" in email.filled_text


def row_text(email):
    """Every stored field of an outbox row, as one text to search for a secret."""
    return " ".join(str(value) for value in OutgoingEmail.objects.filter(pk=email.pk).values().get().values())


def test_a_failed_invitation_email_keeps_no_working_link(mail_server, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory()
    mail_server.refuse_next("550 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, path = invite(workshop)
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    token = path.split("/")[2]
    assert token not in row_text(email)
    assert "/invitations/[removed: not delivered]/" in email.filled_text + email.filled_html
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_retrying_a_failed_invitation_email_sends_its_link_again(
    client, mail_server, django_capture_on_commit_callbacks
):
    from tests.support.mailserver import text_body

    workshop = WorkshopFactory()
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    client.force_login(organiser)
    mail_server.refuse_next("550 Mailbox full", "550 Mailbox full")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, old_path = invite(workshop)
        answered, _answered_path = invite(workshop, email="answered@customs.example")
    Invitation.objects.filter(pk=answered.pk).update(status=Invitation.Status.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/{workshop.slug}/emails/retry-failed/", follow=True)
    page = " ".join(response.content.decode().split())
    assert "1 failed email queued again." in page
    assert "1 invitation email was not sent again: its invitation has been answered, withdrawn or has expired." in page
    (message,) = mail_server.messages
    # The outbox blanked the link of the failed email; the retry writes the invitation's link in again.
    assert LINK.search(text_body(message)).group(1) == old_path
    assert OutgoingEmail.objects.get(invitation=answered).status == OutgoingEmail.Status.FAILED
    resent = ActivityEntry.objects.get(action="invitation.resent")
    assert (resent.object_id, resent.actor_id) == (invitation.pk, organiser.pk)
    client.force_login(UserFactory(email="delegate@customs.example"))
    response = answer(client, old_path, "accept", follow=True)
    assert "Your registration is confirmed." in response.content.decode()


def test_the_admin_retry_of_a_failed_invitation_email_sends_its_link_again(
    admin_client, superuser, mail_server, django_capture_on_commit_callbacks
):
    from tests.support.mailserver import text_body

    mail_server.refuse_next("550 Mailbox full")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, old_path = invite(WorkshopFactory())
    email = OutgoingEmail.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/outbox/outgoingemail/", {"action": "retry_failed", "_selected_action": [email.pk]})
    (message,) = mail_server.messages
    path = LINK.search(text_body(message)).group(1)
    assert path == old_path and invitation_for_token(path.split("/")[2]) == invitation
    assert ActivityEntry.objects.get(action="invitation.resent").actor_id == superuser.pk
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and path.split("/")[2] not in row_text(email)


def test_console_invites_one_person_with_an_answer_by_date_in_the_workshop_zone(client):
    workshop = WorkshopFactory(time_zone="Asia/Seoul")
    organiser_client(client, workshop)
    answer_by = workshop.start_date - datetime.timedelta(days=10)
    response = client.post(
        f"/manage/{workshop.slug}/invitations/invite/",
        {"email": "delegate@customs.example", "name": "Kim Min-jun", "country": "KR", "answer_by": answer_by},
        follow=True,
    )
    assert "Invitation to delegate@customs.example queued." in response.content.decode()
    invitation = Invitation.objects.get()
    local_expiry = invitation.expires_at.astimezone(workshop.tzinfo)
    assert (local_expiry.date(), local_expiry.hour) == (answer_by + datetime.timedelta(days=1), 0)
    too_late = client.post(
        f"/manage/{workshop.slug}/invitations/invite/",
        {"email": "late@customs.example", "name": "Late", "answer_by": workshop.start_date},
        follow=True,
    )
    assert "no later than the workshop&#x27;s start" in too_late.content.decode()


def test_console_sends_a_reminder_now_and_retries_failed_emails(
    client, mail_server, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    organiser_client(client, workshop)
    registration = RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/{workshop.slug}/reminders/send-now/", follow=True)
    assert "1 reminder queued." in response.content.decode()
    assert [message["To"] for message in mail_server.messages] == [registration.participant.user.email]

    OutgoingEmail.objects.update(status=OutgoingEmail.Status.FAILED, sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/{workshop.slug}/emails/retry-failed/", follow=True)
    assert "1 failed email queued again." in response.content.decode()
    assert len(mail_server.messages) == 2


def test_the_invitation_reads_valid_until_the_day_before_the_workshop_starts(client):
    workshop = WorkshopFactory(time_zone="Asia/Kolkata")
    _invitation, path = invite(workshop)
    day_before = workshop.start_date - datetime.timedelta(days=1)
    expected = f"valid until {day_before:%-d %B %Y} (Asia/Kolkata time)"
    assert expected in " ".join(OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.INVITATION).filled_text.split())
    open_link(client, path)
    assert expected in " ".join(client.get("/invitations/answer/").content.decode().split())


def test_accepting_asks_an_invitee_without_a_complete_profile_for_position_and_organisation(client):
    workshop = WorkshopFactory()
    _invitation, path = invite(workshop, organisation_name="Korea Customs Service", country="KR")
    client.force_login(UserFactory(email="delegate@customs.example"))
    page = open_link(client, path).content.decode()
    assert "Your details for the participant list and your badge" in page
    assert 'value="Kim Min-jun"' in page and 'value="Korea Customs Service"' in page

    refused = client.post(ANSWER, {"answer": "accept", "full_name": "Kim Min-jun", "country": "KR"})
    assert refused.status_code == 200
    assert not Registration.objects.exists()

    client.post(ANSWER, {"answer": "accept", **PROFILE, "position": "Head of the CITES desk"})
    participant = Registration.objects.get().participant
    assert (participant.position, participant.is_complete) == ("Head of the CITES desk", True)


def test_an_invitee_with_a_complete_profile_accepts_with_one_press(client):
    workshop = WorkshopFactory()
    _invitation, path = invite(workshop)
    participant = ParticipantFactory(user__email="delegate@customs.example")
    client.force_login(participant.user)
    assert "Your details for the participant list" not in open_link(client, path).content.decode()
    client.post(ANSWER, {"answer": "accept"})
    assert Registration.objects.get().participant == participant


# --- the same link in every email -------------------------------------------------------------------------


def test_reminders_and_resends_carry_the_link_of_the_first_email_and_it_works_until_answered(client):
    workshop = WorkshopFactory()
    invitation, first_path = invite(workshop)
    invitations.remind_unanswered(workshop_id=workshop.pk, actor=None)
    invitations.resend_invitation(workshop_id=workshop.pk, invitation_id=invitation.pk, actor=None)

    emails = OutgoingEmail.objects.filter(invitation=invitation).order_by("pk")
    assert [LINK.search(email.filled_text).group(1) for email in emails] == [first_path] * 3
    client.force_login(UserFactory(email="delegate@customs.example"))
    assert "Your registration is confirmed." in answer(client, first_path, "accept", follow=True).content.decode()
    # Answered: the one link (every email's) stops working.
    client.logout()
    assert open_link(client, first_path).status_code == 410


def test_inviting_anew_after_a_refusal_makes_a_new_link_and_the_old_one_stops_working():
    delegation = make_delegation(seats=2)
    nomination = delegation_services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(1),
    )
    delegation_services.decide_nominations(
        workshop_id=delegation.workshop.pk, nomination_ids=[nomination.pk], decision="approved", actor=None
    )
    invitation = Invitation.objects.get()
    old_token = LINK.search(OutgoingEmail.objects.get(invitation=invitation).filled_text).group(1).split("/")[2]
    invitations.decline_invitation(token=old_token)
    invitations.write_invitation(
        workshop=delegation.workshop,
        email=nomination.email,
        name=nomination.passport_name,
        actor=None,
        now=timezone.now(),
        registration_source=Registration.Source.NOMINATION,
    )

    new_token = LINK.search(OutgoingEmail.objects.filter(invitation=invitation).latest("pk").filled_text).group(1)
    assert new_token.split("/")[2] != old_token
    assert invitation_for_token(old_token) is None
    assert invitation_for_token(new_token.split("/")[2]) == invitation


def test_the_link_survives_a_secret_key_rotation_while_the_old_key_is_a_fallback(settings):
    workshop = WorkshopFactory()
    invitation, path = invite(workshop)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, [old_key]
    invitations.remind_unanswered(workshop_id=workshop.pk, actor=None)
    reminded = OutgoingEmail.objects.filter(invitation=invitation).latest("pk")
    assert LINK.search(reminded.filled_text).group(1) == path

    # Once the old key is dropped the portal cannot write that link again: the next email carries a new one.
    settings.SECRET_KEY_FALLBACKS = []
    invitations.resend_invitation(workshop_id=workshop.pk, invitation_id=invitation.pk, actor=None)
    new_path = LINK.search(OutgoingEmail.objects.filter(invitation=invitation).latest("pk").filled_text).group(1)
    assert new_path != path and invitation_for_token(new_path.split("/")[2]) == invitation


def test_the_database_alone_rebuilds_no_link():
    invitation, path = invite(WorkshopFactory())
    token = path.split("/")[2]
    stored = " ".join(str(value) for value in Invitation.objects.filter(pk=invitation.pk).values().get().values())
    assert token not in stored and invitation.link_nonce not in token


def test_the_french_invitation_reads_well_for_a_title_that_starts_with_atelier():
    workshop = WorkshopFactory(title="Atelier Douanes vertes pour l'Asie et le Pacifique")
    invite(workshop, language="fr")
    text = " ".join(OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.INVITATION).filled_text.split())
    assert "Vous êtes invité(e) à participer à « Atelier Douanes vertes pour l'Asie et le Pacifique »." in text
    # (Splitting the text made the no-break spaces inside the quotation marks plain ones.)
    assert "atelier Atelier" not in text
