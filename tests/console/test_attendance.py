"""Attendance by day and by session: the desk's records on the workshop's clock, undo, self check-in by a session's
sign, the attendance page with its filters and exports, and the dashboard's bars."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from delegations.models import Funding, Nomination
from documents.selectors import badge_code
from participants.models import Attendance, Registration
from participants.selectors import self_check_in_code
from participants.services import (
    AlreadyCheckedIn,
    RegistrationError,
    cancel_registration,
    check_in,
    undo_attendance,
    undo_check_in,
)
from tests.console.test_console_browser import log_in_as
from tests.support.browser import assert_accessible, assert_fits_the_width, save_screenshot
from tests.support.factories import (
    InvitationFactory,
    OrganisationFactory,
    OrganiserMembershipFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    record_days,
    running_today,
    workshop_local,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status


def url(name, workshop, **kwargs):
    return reverse(f"console:{name}", kwargs={"slug": workshop.slug, **kwargs})


@pytest.fixture
def seoul():
    """Four days in Seoul, 10–13 November 2015."""
    return WorkshopFactory(
        time_zone="Asia/Seoul", start_date=datetime.date(2015, 11, 10), end_date=datetime.date(2015, 11, 13)
    )


def at_seoul(day, hour, minute):
    return datetime.datetime(2015, 11, day, hour, minute, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul"))


# --- the records --------------------------------------------------------------------------------------------------


def test_a_scan_at_2359_and_one_at_0001_on_the_workshops_clock_land_on_their_own_days(seoul):
    registration = RegistrationFactory(workshop=seoul)
    # 23:59 in Seoul is 14:59 UTC, the same UTC day as the scan two minutes later: only Seoul's clock tells them apart.
    check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(10, 23, 59))
    check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(11, 0, 1))
    assert list(registration.attendances.values_list("day", flat=True)) == [
        datetime.date(2015, 11, 10),
        datetime.date(2015, 11, 11),
    ]
    registration.refresh_from_db()
    assert registration.attended_at == at_seoul(10, 23, 59)  # the first record's time


def test_a_second_scan_the_same_day_records_nothing_and_says_so(seoul):
    registration = RegistrationFactory(workshop=seoul, participant__full_name="Kim Minjun")
    check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(10, 8, 30))
    with pytest.raises(AlreadyCheckedIn, match="Kim Minjun is already checked in today: nothing new was recorded."):
        check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(10, 17, 0))
    assert registration.attendances.count() == 1


def test_undo_takes_back_todays_record_and_attended_at_follows_the_remaining_ones(seoul):
    registration = RegistrationFactory(workshop=seoul)
    for day in (10, 11):
        check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(day, 9, 0))
    undo_check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(10, 18, 0))
    registration.refresh_from_db()
    assert list(registration.attendances.values_list("day", flat=True)) == [datetime.date(2015, 11, 11)]
    assert registration.attended_at == at_seoul(11, 9, 0)
    undo_check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(11, 18, 0))
    registration.refresh_from_db()
    assert registration.attended_at is None and not registration.attendances.exists()
    with pytest.raises(RegistrationError, match="has no check-in to undo here"):
        undo_check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(11, 18, 0))


def test_no_record_outside_the_workshops_days_nor_for_someone_unconfirmed(seoul):
    confirmed = RegistrationFactory(workshop=seoul)
    with pytest.raises(RegistrationError, match="is not a day of the workshop"):
        check_in(workshop_id=seoul.pk, registration_id=confirmed.pk, now=at_seoul(9, 23, 59))
    waitlisted = RegistrationFactory(workshop=seoul, status=Status.WAITLISTED)
    with pytest.raises(RegistrationError, match="is not confirmed"):
        check_in(workshop_id=seoul.pk, registration_id=waitlisted.pk, now=at_seoul(10, 9, 0))
    assert not Attendance.objects.exists()


def test_a_session_taking_attendance_is_recorded_apart_from_the_day(seoul):
    visit = ProgrammeSessionFactory(
        workshop=seoul, takes_attendance=True, starts_at=at_seoul(12, 13, 30), ends_at=at_seoul(12, 17, 0)
    )
    talk = ProgrammeSessionFactory(workshop=seoul, starts_at=at_seoul(12, 9, 0), ends_at=at_seoul(12, 10, 0))
    registration = RegistrationFactory(workshop=seoul)
    check_in(workshop_id=seoul.pk, registration_id=registration.pk, now=at_seoul(12, 8, 40))
    check_in(workshop_id=seoul.pk, registration_id=registration.pk, session_id=visit.pk, now=at_seoul(12, 13, 20))
    with pytest.raises(AlreadyCheckedIn):
        check_in(workshop_id=seoul.pk, registration_id=registration.pk, session_id=visit.pk, now=at_seoul(12, 14, 0))
    with pytest.raises(RegistrationError, match="does not take attendance"):
        check_in(workshop_id=seoul.pk, registration_id=registration.pk, session_id=talk.pk, now=at_seoul(12, 9, 0))
    assert list(registration.attendances.order_by("pk").values_list("day", "session")) == [
        (datetime.date(2015, 11, 12), None),
        (datetime.date(2015, 11, 12), visit.pk),
    ]


def test_cancelling_a_seat_takes_its_records_away(seoul):
    registration = RegistrationFactory(workshop=seoul)
    record_days(registration, seoul.days[:2])
    cancel_registration(registration_id=registration.pk, actor=None)
    registration.refresh_from_db()
    assert registration.attended_at is None and not registration.attendances.exists()


def test_another_workshops_record_cannot_be_undone_through_this_one(seoul):
    elsewhere = RegistrationFactory(workshop=WorkshopFactory())
    record_days(elsewhere, elsewhere.workshop.days[:1])
    with pytest.raises(Attendance.DoesNotExist):
        undo_attendance(workshop_id=seoul.pk, attendance_id=elsewhere.attendances.get().pk)
    assert elsewhere.attendances.exists()


# --- the desk -----------------------------------------------------------------------------------------------------


@pytest.fixture
def desk(client):
    workshop = running_today()
    client.force_login(OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user)
    return workshop


def test_the_desk_in_session_mode_records_the_chosen_session(client, desk):
    session = ProgrammeSessionFactory(
        workshop=desk,
        title="Field visit",
        takes_attendance=True,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    registration = RegistrationFactory(workshop=desk, participant__full_name="Lee Seo-yeon")
    page = client.get(url("checkin", desk), {"session": session.pk}).content.decode()
    assert f'name="session" value="{session.pk}"' in page and "at this session" in page
    response = client.post(url("checkin_scan", desk), {"q": badge_code(registration.pk), "session": session.pk})
    assert registration.attendances.get().session == session
    shown = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Undo check-in of Lee Seo-yeon" in shown
    # The day's own view shows nobody checked in today: the session's record is not the day's.
    assert client.get(url("checkin", desk)).context["attended"] == 0
    again = client.post(
        url("checkin_scan", desk), {"q": badge_code(registration.pk), "session": session.pk}, follow=True
    )
    assert "already recorded at this session" in again.content.decode()
    client.post(url("checkin_undo", desk, registration_id=registration.pk), {"session": session.pk})
    assert not registration.attendances.exists()


def test_check_in_staff_of_another_workshop_cannot_undo_a_record_here(client, desk):
    registration = RegistrationFactory(workshop=desk)
    check_in(workshop_id=desk.pk, registration_id=registration.pk)
    record = registration.attendances.get()
    other = running_today()
    client.force_login(OrganiserMembershipFactory(workshop=other, role="checkin", user__password=None).user)
    assert client.post(url("checkin_undo", other, registration_id=registration.pk)).status_code == 404
    organiser = OrganiserMembershipFactory(workshop=other, user__password=None).user
    client.force_login(organiser)
    assert client.post(url("attendance_undo", other, attendance_id=record.pk)).status_code == 404
    assert client.post(url("attendance_undo", desk, attendance_id=record.pk)).status_code == 403
    assert Attendance.objects.filter(pk=record.pk).exists()


# --- self check-in ------------------------------------------------------------------------------------------------


@pytest.fixture
def visit():
    """A session taking attendance from 13:30 to 17:00 on the workshop's third day, self check-in switched on."""
    workshop = WorkshopFactory(self_check_in=True)
    return ProgrammeSessionFactory(
        workshop=workshop,
        takes_attendance=True,
        starts_at=workshop_local(workshop, 2, 13, 30),
        ends_at=workshop_local(workshop, 2, 17, 0),
    )


def self_check_in(client, code, registration, moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    client.force_login(registration.participant.user)
    return client.post(reverse("participants:self_check_in", kwargs={"code": code}))


@pytest.mark.parametrize(
    ("minutes_from_start", "recorded"), [(-16, False), (-15, True), (0, True), (210, True), (211, False)]
)
def test_self_check_in_opens_15_minutes_before_the_session_and_closes_at_its_end(
    client, visit, monkeypatch, minutes_from_start, recorded
):
    registration = RegistrationFactory(workshop=visit.workshop, participant__user__password=None)
    moment = visit.starts_at + datetime.timedelta(minutes=minutes_from_start)
    response = self_check_in(client, self_check_in_code(visit), registration, moment, monkeypatch)
    page = response.content.decode()
    assert registration.attendances.exists() == recorded
    if recorded:
        assert "You are checked in. Thank you!" in page
        assert registration.attendances.get().method == Attendance.Method.SELF
    else:
        assert "Self check-in for this session opens at" in page


def test_self_check_in_is_refused_when_switched_off_unconfirmed_unregistered_or_forged(client, visit, monkeypatch):
    during = visit.starts_at + datetime.timedelta(minutes=5)
    code = self_check_in_code(visit)
    pending = RegistrationFactory(workshop=visit.workshop, status=Status.PENDING, participant__user__password=None)
    page = self_check_in(client, code, pending, during, monkeypatch).content.decode()
    assert "Your registration is not confirmed (status: Pending approval): nothing was recorded." in page
    stranger = RegistrationFactory(workshop=WorkshopFactory(), participant__user__password=None)
    assert (
        "You are not registered for this workshop."
        in self_check_in(client, code, stranger, during, monkeypatch).content.decode()
    )
    confirmed = RegistrationFactory(workshop=visit.workshop, participant__user__password=None)
    forged = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    response = self_check_in(client, forged, confirmed, during, monkeypatch)
    assert response.status_code == 404 and "not one of the portal's check-in signs" in response.content.decode()
    Workshop.objects.filter(pk=visit.workshop_id).update(self_check_in=False)
    page = self_check_in(client, code, confirmed, during, monkeypatch).content.decode()
    assert "Self check-in is switched off for this workshop: check in at the desk." in page
    assert not Attendance.objects.exists()


def test_a_second_self_check_in_says_so(client, visit, monkeypatch):
    registration = RegistrationFactory(workshop=visit.workshop, participant__user__password=None)
    during = visit.starts_at + datetime.timedelta(minutes=5)
    self_check_in(client, self_check_in_code(visit), registration, during, monkeypatch)
    page = self_check_in(client, self_check_in_code(visit), registration, during, monkeypatch).content.decode()
    assert "already recorded at this session" in page
    assert registration.attendances.count() == 1


def test_a_sign_asks_anonymous_visitors_to_sign_in_first(client, visit):
    response = client.get(reverse("participants:self_check_in", kwargs={"code": self_check_in_code(visit)}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_console_prints_a_sign_per_session_with_its_code(client, visit):
    client.force_login(OrganiserMembershipFactory(workshop=visit.workshop, user__password=None).user)
    page = client.get(url("attendance_signs", visit.workshop)).content.decode()
    assert self_check_in_code(visit) in page and "data:image/png;base64," in page


# --- the attendance page ------------------------------------------------------------------------------------------


@pytest.fixture
def organiser_client(client, seoul):
    client.force_login(OrganiserMembershipFactory(workshop=seoul, user__password=None).user)
    return client


def people(seoul):
    """Ana (every day, Korea), Ben (missed the third day, Thailand, funded), Cleo (never came, Thailand)."""
    korea, thailand = OrganisationFactory(name="Korea Customs Service"), OrganisationFactory(name="Thai Customs")
    ana = RegistrationFactory(workshop=seoul, participant__full_name="Ana", participant__organisation=korea)
    ben = RegistrationFactory(
        workshop=seoul,
        participant__full_name="Ben",
        participant__organisation=thailand,
        participant__country="TH",
        source=Registration.Source.NOMINATION,
    )
    cleo = RegistrationFactory(
        workshop=seoul, participant__full_name="Cleo", participant__organisation=thailand, participant__country="TH"
    )
    ana.participant.country = "KR"
    ana.participant.save(update_fields=["country"])
    record_days(ana, seoul.days)
    record_days(ben, [seoul.days[0], seoul.days[1], seoul.days[3]])
    return ana, ben, cleo


def shown(response):
    return [registration.participant.full_name for registration in response.context["page"]]


def test_the_page_filters_by_country_organisation_missing_day_no_shows_and_certificate(organiser_client, seoul):
    ana, ben, cleo = people(seoul)
    page = url("attendance", seoul)
    assert shown(organiser_client.get(page)) == ["Ana", "Ben", "Cleo"]
    assert shown(organiser_client.get(page, {"country": "TH"})) == ["Ben", "Cleo"]
    organisation = ana.participant.organisation_id
    assert shown(organiser_client.get(page, {"organisation": organisation})) == ["Ana"]
    assert shown(organiser_client.get(page, {"missing": "2015-11-12"})) == ["Ben", "Cleo"]
    assert shown(organiser_client.get(page, {"missing": "any"})) == ["Ben", "Cleo"]
    assert shown(organiser_client.get(page, {"view": "no-shows"})) == ["Cleo"]
    assert shown(organiser_client.get(page, {"view": "no-certificate"})) == ["Ben", "Cleo"]
    Workshop.objects.filter(pk=seoul.pk).update(certificate_min_days=3)
    assert shown(organiser_client.get(page, {"view": "no-certificate"})) == ["Cleo"]
    # Values it does not know drop that filter alone, with no error.
    response = organiser_client.get(page, {"country": "ZZ", "organisation": "x", "missing": "1999-01-01", "q": "b\x00"})
    assert response.status_code == 200 and shown(response) == ["Ana", "Ben", "Cleo"]
    assert "3 / 4" in organiser_client.get(page, {"q": "Ben"}).content.decode()


def test_the_funded_filter_follows_the_nomination_the_registration_came_from(organiser_client, seoul):
    _ana, ben, _cleo = people(seoul)
    invitation = InvitationFactory(workshop=seoul, registration=ben, email=ben.participant.email)
    Nomination.objects.create(
        workshop=seoul,
        organisation=ben.participant.organisation,
        passport_name="BEN",
        email=ben.participant.email,
        position="Officer",
        funding=Funding.GRANTED,
        status=Nomination.Status.APPROVED,
        invitation=invitation,
    )
    page = url("attendance", seoul)
    assert shown(organiser_client.get(page, {"funded": "yes"})) == ["Ben"]
    assert shown(organiser_client.get(page, {"funded": "no"})) == ["Ana", "Cleo"]


def test_an_organiser_records_a_day_the_desk_missed_and_undoes_it(organiser_client, seoul):
    _ana, ben, _cleo = people(seoul)
    field_visit_day = seoul.days[2]
    response = organiser_client.post(
        url("attendance_record", seoul, registration_id=ben.pk), {"day": field_visit_day.isoformat(), "back": "q=Ben"}
    )
    assert response["Location"].endswith(f"?q=Ben#attendance-{ben.pk}")
    record = ben.attendances.get(day=field_visit_day)
    assert "Undo the record of Ben" in organiser_client.get(url("attendance", seoul)).content.decode()
    organiser_client.post(url("attendance_undo", seoul, attendance_id=record.pk))
    assert not ben.attendances.filter(day=field_visit_day).exists()
    for bad in ("2015-11-14", "not-a-day", "2015-02-30"):
        page = organiser_client.post(
            url("attendance_record", seoul, registration_id=ben.pk), {"day": bad}, follow=True
        ).content.decode()
        assert "nothing was recorded" in page
    assert ben.attendances.count() == 3


def test_the_csv_and_xlsx_exports_hold_every_day_and_make_formulas_inert(organiser_client, seoul):
    ana, _ben, _cleo = people(seoul)
    ana.participant.full_name = "=HYPERLINK(1)"
    ana.participant.save(update_fields=["full_name"])
    response = organiser_client.get(url("attendance_csv", seoul), {"country": "KR"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Email", "Organisation", "Country", "Funding"]
    assert rows[0][5:9] == [day.isoformat() for day in seoul.days]
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][5:9] == ["09:00"] * 4 and rows[1][-2:] == ["4", "Yes"]
    xlsx = organiser_client.get(url("attendance_xlsx", seoul))
    assert xlsx["Content-Disposition"] == f'attachment; filename="{seoul.slug}-attendance.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values[1:]] == ["'=HYPERLINK(1)", "Ben", "Cleo"]
    assert [row[-2:] for row in values[1:]] == [[4, "Yes"], [3, "No"], [0, "No"]]


def test_check_in_staff_see_the_desk_not_the_attendance_page(client, seoul):
    client.force_login(OrganiserMembershipFactory(workshop=seoul, role="checkin", user__password=None).user)
    for name in ("attendance", "attendance_csv", "attendance_xlsx", "attendance_signs"):
        assert client.get(url(name, seoul)).status_code == 403


@pytest.mark.parametrize("count", [10, 100])
def test_the_attendance_page_runs_the_same_queries_whatever_the_size(
    organiser_client, seoul, django_assert_num_queries, count
):
    for registration in RegistrationFactory.create_batch(count, workshop=seoul):
        record_days(registration, seoul.days[:3])
    # The console's six, the countries and organisations present, how many match, the page of rows, their records
    # and the sessions taking attendance.
    with django_assert_num_queries(12):
        response = organiser_client.get(url("attendance", seoul))
    assert response.status_code == 200


# --- the dashboard ------------------------------------------------------------------------------------------------


def test_the_dashboard_draws_attendance_per_day_and_counts_the_no_shows(organiser_client, seoul):
    people(seoul)
    page = organiser_client.get(url("dashboard", seoul)).content.decode()
    assert "Attendance by day: Tue 10 Nov. 2, Wed 11 Nov. 2, Thu 12 Nov. 1, Fri 13 Nov. 2" in page
    assert "1 no-show" in page


# --- in a browser -------------------------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_organiser_reads_the_attendance_page_and_records_a_missed_day(
    chromium, live_server, transactional_db, language
):
    seoul = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        time_zone="Asia/Seoul",
        start_date=datetime.date(2015, 11, 10),
        end_date=datetime.date(2015, 11, 13),
        certificate_min_days=3,
    )
    ProgrammeSessionFactory(
        workshop=seoul,
        title="Field visit: cargo examination at Incheon",
        takes_attendance=True,
        starts_at=at_seoul(12, 13, 30),
        ends_at=at_seoul(12, 17, 0),
    )
    _ana, ben, _cleo = people(seoul)
    for viewport, size in ((DESKTOP, "desktop"), (PHONE, "phone")):
        context = chromium.new_context(base_url=live_server.url, viewport=viewport)
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        log_in_as(page, live_server, OrganiserMembershipFactory(workshop=seoul, user__password=None).user)
        page.goto(url("attendance", seoul))
        expect(page.locator(f"#attendance-{ben.pk}")).to_contain_text("3 / 4")
        assert_fits_the_width(page, viewport["width"])
        save_screenshot(page, f"attendance-{size}-{language}")
        assert_accessible(page)
        context.close()
    context = chromium.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    log_in_as(page, live_server, OrganiserMembershipFactory(workshop=seoul, user__password=None).user)
    page.goto(url("attendance", seoul) + "?view=no-certificate")
    expect(page.locator("tbody tr")).to_have_count(1)  # Cleo, never there
    page.goto(url("attendance", seoul) + "?q=Ben")
    page.get_by_role("button", name="Record Ben on Thursday 12 November").click()
    expect(page.get_by_text("Attendance of Ben recorded.")).to_be_visible()
    expect(page.locator(f"#attendance-{ben.pk}")).to_contain_text("4 / 4")
    save_screenshot(page, "attendance-recorded")
    page.goto(url("dashboard", seoul))
    expect(page.get_by_role("heading", name="Attendance by day")).to_be_visible()
    save_screenshot(page, "attendance-dashboard")
    context.close()


@pytest.mark.browser
def test_the_desk_records_a_session_on_a_phone_and_a_participant_checks_in_by_the_sign(
    chromium, live_server, transactional_db
):
    workshop = running_today(title="Asia/Pacific Regional Green Customs Workshop", self_check_in=True)
    session = ProgrammeSessionFactory(
        workshop=workshop,
        title="Field visit: cargo examination at Incheon",
        takes_attendance=True,
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(hours=3),
    )
    scanned = RegistrationFactory(workshop=workshop, participant__full_name="Lee Seo-yeon")
    walker = RegistrationFactory(
        workshop=workshop, participant__full_name="Батбаяр Дорж", participant__user__password=None
    )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in_as(
        page, live_server, OrganiserMembershipFactory(workshop=workshop, role="checkin", user__password=None).user
    )
    page.goto(url("checkin", workshop))
    page.get_by_label("Record").select_option(str(session.pk))
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_text("at this session")).to_be_visible()
    page.fill("#checkin-search", badge_code(scanned.pk))
    page.locator("#checkin-search").press("Enter")
    expect(page.get_by_role("button", name="Undo check-in of Lee Seo-yeon")).to_be_visible()
    assert scanned.attendances.get().session == session
    assert_fits_the_width(page, PHONE["width"])
    save_screenshot(page, "checkin-session-phone")
    assert_accessible(page)
    context.close()

    organiser = chromium.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    log_in_as(organiser, live_server, OrganiserMembershipFactory(workshop=workshop, user__password=None).user)
    organiser.goto(url("attendance_signs", workshop))
    expect(organiser.get_by_role("img", name="QR code to check in at Field visit")).to_be_visible()
    save_screenshot(organiser, "attendance-signs")
    assert_accessible(organiser)
    organiser.context.close()

    phone = chromium.new_context(base_url=live_server.url, viewport=PHONE).new_page()
    log_in_as(phone, live_server, walker.participant.user)
    phone.goto(reverse("participants:self_check_in", kwargs={"code": self_check_in_code(session)}))
    phone.get_by_role("button", name="Check me in").click()
    expect(phone.get_by_text("You are checked in. Thank you!")).to_be_visible()
    assert walker.attendances.get().method == Attendance.Method.SELF
    assert_fits_the_width(phone, PHONE["width"])
    save_screenshot(phone, "self-check-in-phone")
    assert_accessible(phone)
    phone.context.close()
