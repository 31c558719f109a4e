import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from accounts.models import User
from activity.models import ActivityEntry
from demo import data as demo_data
from outbox.models import OutgoingEmail
from participants.answers import registration_questions
from participants.models import Registration, RegistrationAnswer
from sessions.models import ProgrammeSession
from tests.support.module_data import making_data, module_transaction
from workshops.models import Organisation, PartnerRole, Workshop

pytestmark = pytest.mark.django_db


def seed():
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def seed_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for the module (4 to 6 s each time on a busy 2-core machine); each test's own writes,
    seeding again included, are rolled back after it (tests/support/module_data.py). The first run into an empty
    database is tested apart (test_seed_demo_invalid.py)."""
    with module_transaction(django_db_blocker):
        with making_data(django_db_blocker, tmp_path_factory):
            output = seed()
        yield output


@pytest.fixture
def seoul(seed_output):
    return Workshop.objects.get(slug=demo_data.SEOUL_WORKSHOP["slug"])


def test_seoul_workshop_has_its_partner_organisations_and_roles(seoul):
    assert seoul.title == "Asia/Pacific Regional Green Customs Workshop"
    assert (seoul.city, seoul.country.code, seoul.time_zone) == ("Seoul", "KR", "Asia/Seoul")
    roles = {
        (partner.organisation.short_name, partner.role) for partner in seoul.partners.select_related("organisation")
    }
    assert {short_name for short_name, _ in roles} == {"WCO", "RILO A/P", "UNEP", "CITES", "BRS", "KCS"}
    assert {("RILO A/P", PartnerRole.ORGANISER), ("KCS", PartnerRole.HOST), ("KCS", PartnerRole.SPONSOR)} <= roles
    assert ("UNEP", PartnerRole.ORGANISER) in roles


def test_seoul_workshop_has_thirty_confirmed_participants_from_ten_customs_administrations(seoul):
    confirmed = seoul.registrations.filter(status=Registration.Status.CONFIRMED, decided_at__isnull=False)
    assert confirmed.count() >= 30
    administrations = Organisation.objects.filter(
        participants__registrations__in=confirmed, kind=Organisation.Kind.CUSTOMS, wco_region="ap"
    ).distinct()
    assert administrations.count() >= 10
    assert confirmed.filter(attended_at__isnull=False).exists()
    # Demo people must never get a real mailbox: every address is under a reserved example domain.
    emails = confirmed.values_list("participant__user__email", flat=True)
    assert all(email.endswith(".customs.example") for email in emails)


def test_seoul_sessions_all_take_place_during_the_workshop_days_in_seoul_time(seoul):
    sessions = list(seoul.sessions.all())
    assert len(sessions) >= 20
    for session in sessions:
        assert seoul.start_date <= session.starts_at.astimezone(seoul.tzinfo).date() <= seoul.end_date
        assert session.ends_at.astimezone(seoul.tzinfo).date() <= seoul.end_date
        session.full_clean()
    kinds = {session.kind for session in sessions}
    assert {"opening", "break", "field_visit", "closing"} <= kinds


def test_upcoming_workshop_is_open_for_registration(seed_output):
    upcoming = Workshop.objects.get(slug=demo_data.UPCOMING_WORKSHOP["slug"])
    assert upcoming.registration_is_open()
    assert upcoming.registration_closes_at < upcoming.starts_at
    assert upcoming.registrations.exists()
    assert upcoming.sessions.exists()


def test_the_demo_participant_holds_an_issued_visa_letter_for_the_upcoming_workshop(seed_output):
    upcoming = Workshop.objects.get(slug=demo_data.UPCOMING_WORKSHOP["slug"])
    mine = upcoming.registrations.get(participant__user__email=demo_data.PARTICIPANT_ACCOUNT["email"])
    (letter,) = mine.visa_letter_requests.all()
    # The number is read from its encrypted column; the letter's snapshot holds no copy of it.
    assert letter.status == "issued" and letter.passport_number == "LA0123456"
    assert "passport_number" not in letter.snapshot
    assert OutgoingEmail.objects.get(dedup_key=f"visa-letter:{letter.pk}").attachments


def test_the_seoul_certificates_are_available(client, seoul):
    attended = seoul.registrations.filter(attended_at__isnull=False).select_related("participant__user").first()
    client.force_login(attended.participant.user)
    response = client.post(reverse("documents:certificate", kwargs={"pk": attended.pk}))
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("account", [demo_data.ORGANISER_ACCOUNT, demo_data.PARTICIPANT_ACCOUNT])
def test_printed_credentials_log_in(client, seed_output, account):
    assert f"{account['email']} / {account['password']}" in seed_output
    assert client.login(username=account["email"], password=account["password"])


def test_demo_organiser_organises_the_three_workshops(seed_output):
    organised = Workshop.objects.filter(organiser_memberships__user__email=demo_data.ORGANISER_ACCOUNT["email"])
    assert organised.count() == 3


def test_second_run_changes_nothing_and_says_so(seed_output):
    before = row_counts()
    upcoming_before = Workshop.objects.values().get(slug=demo_data.UPCOMING_WORKSHOP["slug"])

    second_output = seed()

    assert "nothing changed" not in seed_output
    assert "Demo data already present: nothing changed." in second_output
    assert demo_data.ORGANISER_ACCOUNT["password"] in second_output
    assert row_counts() == before
    assert Workshop.objects.values().get(slug=demo_data.UPCOMING_WORKSHOP["slug"]) == upcoming_before


def test_run_repairs_edited_demo_rows(seoul):
    Workshop.objects.filter(pk=seoul.pk).update(capacity=5)

    output = seed()

    assert "Updated: workshops 1." in output and "Created:" not in output
    assert Workshop.objects.get(pk=seoul.pk).capacity == demo_data.SEOUL_WORKSHOP["capacity"]


def test_home_page_shows_the_seoul_workshop(client, seed_output):
    response = client.get("/")
    assert response.status_code == 200
    assert demo_data.SEOUL_WORKSHOP["title"] in response.content.decode()


def test_upcoming_dates_are_kept_from_the_first_run(seed_output):
    upcoming = Workshop.objects.filter(slug=demo_data.UPCOMING_WORKSHOP["slug"])
    # As if the demo had been seeded a week earlier: a re-run must not move the workshop along with today.
    shift = datetime.timedelta(days=7)
    upcoming.update(
        start_date=F("start_date") - shift,
        end_date=F("end_date") - shift,
        registration_opens_at=F("registration_opens_at") - shift,
        registration_closes_at=F("registration_closes_at") - shift,
    )
    ProgrammeSession.objects.filter(workshop__in=upcoming).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    Registration.objects.filter(workshop__in=upcoming).update(
        created_at=F("created_at") - shift, decided_at=F("decided_at") - shift
    )
    shifted = upcoming.values().get()

    output = seed()

    assert "Demo data already present: nothing changed." in output
    assert upcoming.values().get() == shifted


def test_demo_accounts_log_in_through_the_allauth_login_page(client, seed_output):
    response = client.post(
        "/accounts/login/", {"login": "participant@example.org", "password": "gc-participant-demo"}, follow=True
    )
    assert response.context["user"].email == "participant@example.org"


def test_seoul_timeline_tells_its_registrations_decisions_and_check_ins(client, seoul):
    registrations = Registration.objects.filter(workshop=seoul)
    logged = Counter(ActivityEntry.objects.filter(workshop=seoul).values_list("action", flat=True))
    assert logged["registration.created"] == logged["registration.decided"] == registrations.count()
    assert logged["registration.checked_in"] == registrations.filter(attended_at__isnull=False).count()
    client.login(email=demo_data.ORGANISER_ACCOUNT["email"], password=demo_data.ORGANISER_ACCOUNT["password"])
    page = client.get(reverse("console:timeline", args=[seoul.slug])).content.decode()
    assert "Demo Organiser checked in" in page


def test_the_demo_secretariat_creates_workshops_and_the_demo_organiser_is_told_whom_to_ask(client, seed_output):
    assert "secretariat@example.org / gc-secretariat-demo" in seed_output
    assert client.login(email="secretariat@example.org", password="gc-secretariat-demo")
    listing = client.get("/manage/").content.decode()
    assert 'href="/manage/new/"' in listing
    assert client.get("/manage/new/").status_code == 200

    assert client.login(email="organiser@example.org", password="gc-organiser-demo")
    listing = client.get("/manage/").content.decode()
    assert 'href="/manage/new/"' not in listing
    assert "Only the secretariat creates new workshops. Ask the secretariat (secretariat@example.org)." in listing
    refused = client.get("/manage/new/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Only the secretariat creates new workshops. Ask the secretariat (secretariat@example.org)." in page
    assert "Sign in as someone else" in page
    assert 'class="navbar' in page


def test_demo_delegations_show_seoul_nominations_and_an_open_upcoming_quota(client, seed_output):
    from delegations.models import Nomination, Quota

    account = demo_data.FOCAL_POINT_ACCOUNT
    assert f"{account['email']} / {account['password']}" in seed_output
    seoul = Workshop.objects.get(slug=demo_data.SEOUL_WORKSHOP["slug"])
    delegates = Registration.objects.filter(workshop=seoul, source=Registration.Source.NOMINATION)
    assert delegates.count() == Nomination.objects.filter(workshop=seoul, status="approved").count() > 0
    assert all(nomination.registration for nomination in Nomination.objects.filter(workshop=seoul))
    assert set(Quota.objects.filter(workshop=seoul).values_list("seats", flat=True)) <= {2, 4}
    client.login(username=account["email"], password=account["password"])
    page = client.get("/delegations/").content.decode()
    assert "Green Customs Workshop on Chemicals and Waste Controls" in page and "1 of 2 seats used" in page


def test_a_few_demo_participants_read_french_and_a_switch_survives_seeding_again(seed_output):
    french = set(User.objects.filter(language="fr").values_list("email", flat=True))
    assert french == {
        "dara.sok@kh.customs.example",
        "sophea.chan@kh.customs.example",
        "lan.nguyen@vn.customs.example",
        "youssef.benali@ma.customs.example",
    }
    participant = User.objects.get(email=demo_data.PARTICIPANT_ACCOUNT["email"])
    assert participant.language == "en"
    # The demo participant switches to French, then the demo is seeded again: their choice stays.
    User.objects.filter(pk=participant.pk).update(language="fr")
    assert "nothing changed" in seed()
    participant.refresh_from_db()
    assert participant.language == "fr"


def test_seoul_asks_its_own_registration_questions_and_its_delegates_answered_them(client, seoul):
    questions = registration_questions(seoul.pk)
    assert [question.key for question in questions] == [spec["key"] for spec in demo_data.SEOUL_QUESTIONS]
    answers = RegistrationAnswer.objects.filter(registration__workshop=seoul)
    assert answers.filter(question__key="handled-cites-permits", value=True).exists()
    assert (
        answers.filter(question__key="cites-permits-per-year").count()
        == answers.filter(question__key="handled-cites-permits", value=True).count()
    )
    client.force_login(User.objects.get(email=demo_data.ORGANISER_ACCOUNT["email"]))
    page = client.get(reverse("console:questions", args=[seoul.slug])).content.decode()
    assert "Have you handled CITES permits in your work?" in page


def test_each_demo_workshop_offers_its_own_languages(seed_output):
    offered = dict(Workshop.objects.values_list("slug", "languages"))
    assert offered == {
        demo_data.SEOUL_WORKSHOP["slug"]: ["en", "fr"],
        demo_data.UPCOMING_WORKSHOP["slug"]: ["en", "fr", "es"],
        demo_data.MENA_WORKSHOP["slug"]: ["en", "ar"],
    }
    # Content is written only in the languages a workshop offers.
    assert not Workshop.objects.filter(slug=demo_data.SEOUL_WORKSHOP["slug"], title_es__gt="").exists()
    assert not ProgrammeSession.objects.filter(
        workshop__slug=demo_data.UPCOMING_WORKSHOP["slug"], title_ar__gt=""
    ).exists()


def test_the_upcoming_workshop_has_its_content_and_programme_in_spanish(client, seed_output):
    upcoming = Workshop.objects.get(slug=demo_data.UPCOMING_WORKSHOP["slug"])
    assert upcoming.title_es == "Taller de Aduanas Verdes sobre el control de productos químicos y desechos"
    assert all(getattr(upcoming, f"{name}_es") for name in ("summary", "objectives", "venue")), (
        "the summary, objectives and venue have Spanish text"
    )
    assert not upcoming.sessions.filter(title_es__isnull=True).exists()
    assert not upcoming.sessions.filter(title_es="").exists()

    page = client.get(upcoming.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in page
    assert "Taller de Aduanas Verdes sobre el control de productos químicos y desechos" in page
    assert "Los movimientos de desechos en el marco del Convenio de Basilea" in page


def test_the_workshop_in_amman_is_in_english_and_arabic_with_its_programme(client, seed_output):
    mena = Workshop.objects.get(slug=demo_data.MENA_WORKSHOP["slug"])
    assert (mena.city, mena.country.code, mena.time_zone, mena.wco_region) == ("Amman", "JO", "Asia/Amman", "mena")
    assert mena.default_language == "ar"
    assert mena.registration_is_open()
    assert mena.title_ar == "حلقة العمل الإقليمية للجمارك الخضراء لمنطقة الشرق الأوسط وشمال أفريقيا"
    assert all(getattr(mena, f"{name}_ar") for name in ("summary", "objectives", "venue", "city"))
    sessions = list(mena.sessions.all())
    assert len(sessions) >= 10 and all(session.title_ar and session.room_ar for session in sessions)
    assert {"opening", "field_visit", "closing"} <= {session.kind for session in sessions}
    host = mena.partners.get(role=PartnerRole.HOST).organisation
    assert (host.name_en, host.name_ar) == ("Jordan Customs", "دائرة الجمارك الأردنية")

    page = client.get(mena.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar"' in page
    assert "حلقة العمل الإقليمية للجمارك الخضراء لمنطقة الشرق الأوسط وشمال أفريقيا" in page
    assert "زيارة ميدانية: تفتيش الشحنات في مطار الملكة علياء الدولي" in page


def test_the_participants_in_amman_were_sent_their_confirmation_in_arabic(seed_output):
    mena = Workshop.objects.get(slug=demo_data.MENA_WORKSHOP["slug"])
    registrations = mena.registrations.select_related("participant__user")
    readers = {
        registration.participant.user.email: registration.participant.user.language for registration in registrations
    }
    assert list(readers.values()).count("ar") >= 2
    emails = OutgoingEmail.objects.filter(registration__workshop=mena, kind="registration_confirmed")
    # Each in Arabic, the French reader's too: the workshop does not offer French, and its default is Arabic.
    assert {email.to_email: email.language for email in emails} == dict.fromkeys(readers, "ar")
    for email in emails:
        assert email.programme_of_id == mena.pk
        assert '<html lang="ar"' in email.filled_html
        assert "حلقة العمل الإقليمية للجمارك الخضراء" in email.subject
