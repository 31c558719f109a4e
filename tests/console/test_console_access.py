"""Who may open which organiser console page: every URL under /manage/ × every role."""

import html

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from console.urls import urlpatterns
from delegations.models import Nomination
from outcomes.surveys import prepare_survey
from tests.support.console_world import (
    finished_pdf_job,
    issued_visa_request,
    make_world,
    public_document,
    registration_question,
    url_kwargs,
)

pytestmark = pytest.mark.django_db

# Who each page is for, and what it answers them on GET and on an empty POST.
#   console: anyone with a console role; secretariat: secretariat only;
#   organiser: organisers of the workshop and the secretariat; checkin: those plus check-in staff.
MATRIX = {
    "workshop_list": ("console", 200, 405),
    "workshop_create": ("secretariat", 200, 200),
    "organisations": ("secretariat", 200, 405),
    "organisation_merge": ("secretariat", 405, 302),
    "organisation_review": ("secretariat", 405, 302),
    "dashboard": ("organiser", 200, 405),
    "workshop_edit": ("organiser", 200, 200),
    "workshop_publish": ("organiser", 405, 302),
    "workshop_unpublish": ("organiser", 405, 302),
    "workshop_cancel": ("organiser", 200, 200),
    "workshop_duplicate": ("organiser", 200, 200),
    "programme": ("organiser", 200, 405),
    "session_create": ("organiser", 200, 200),
    "session_edit": ("organiser", 200, 200),
    "session_delete": ("organiser", 405, 302),
    "session_move": ("organiser", 405, 302),
    "speaker_create": ("organiser", 200, 200),
    "speaker_edit": ("organiser", 200, 200),
    "speaker_delete": ("organiser", 405, 302),
    "speaker_move": ("organiser", 405, 302),
    "questions": ("organiser", 200, 200),
    "question_edit": ("organiser", 200, 200),
    "question_move": ("organiser", 405, 302),
    "question_archive": ("organiser", 405, 302),
    "choice_add": ("organiser", 405, 200),
    "choice_hide": ("organiser", 405, 302),
    "registrations": ("organiser", 200, 405),
    "registrations_decide": ("organiser", 405, 302),
    "registrations_export": ("organiser", 200, 405),
    "registrations_xlsx": ("organiser", 200, 405),
    "participant_list": ("organiser", 200, 405),
    "checkin": ("checkin", 200, 405),
    "checkin_attend": ("checkin", 405, 302),
    "checkin_undo": ("checkin", 405, 302),
    "attendance": ("organiser", 200, 405),
    "attendance_csv": ("organiser", 200, 405),
    "attendance_xlsx": ("organiser", 200, 405),
    "attendance_signs": ("organiser", 200, 405),
    "attendance_record": ("organiser", 405, 302),
    "attendance_undo": ("organiser", 405, 302),
    "invitations": ("organiser", 200, 405),
    "invite": ("organiser", 405, 302),
    "invitation_upload": ("organiser", 200, 200),
    "invitation_import": ("organiser", 405, 302),
    "invitation_resend": ("organiser", 405, 302),
    "invitation_revoke": ("organiser", 405, 302),
    "invitations_remind": ("organiser", 200, 302),
    "reminders_send_now": ("organiser", 200, 302),
    "emails_retry_failed": ("organiser", 405, 302),
    "timeline": ("organiser", 200, 405),
    "report": ("organiser", 200, 302),
    "report_publish": ("organiser", 405, 302),
    "report_download": ("organiser", 302, 405),
    "surveys": ("organiser", 200, 405),
    "survey_prepare": ("organiser", 405, 302),
    "survey_results": ("organiser", 200, 405),
    "survey_settings": ("organiser", 405, 200),
    "survey_questions": ("organiser", 200, 200),
    "survey_csv": ("organiser", 200, 405),
    "survey_xlsx": ("organiser", 200, 405),
    "survey_pdf": ("organiser", 200, 405),
    "checkin_scan": ("checkin", 405, 302),
    "documents": ("organiser", 200, 405),
    "badges": ("checkin", 405, 302),
    "pdf_job_start": ("checkin", 405, 302),
    "pdf_job": ("checkin", 200, 405),
    "pdf_job_status": ("checkin", 200, 405),
    "pdf_job_file": ("checkin", 200, 405),
    "certificates_email": ("organiser", 405, 302),
    "letterhead": ("organiser", 200, 200),
    "visa_letters_issue": ("organiser", 405, 302),
    "visa_letter_refuse": ("organiser", 405, 302),
    "visa_letter": ("organiser", 200, 405),
    "focal_points": ("secretariat", 200, 200),
    "focal_point_remove": ("secretariat", 405, 302),
    "delegations": ("organiser", 200, 405),
    "delegations_decide": ("organiser", 405, 302),
    "nomination_funding": ("organiser", 405, 302),
    "focal_points_notify": ("organiser", 405, 302),
    "quotas": ("organiser", 200, 200),
    "quota_upload": ("organiser", 405, 200),
    "materials": ("organiser", 200, 200),
    "speaker_deadline": ("organiser", 405, 302),
    "material_file": ("organiser", 200, 405),
    "material_edit": ("organiser", 200, 200),
    "material_upload": ("organiser", 405, 302),
    "material_remove": ("organiser", 405, 302),
    "travel": ("organiser", 200, 405),
    "travel_settings": ("organiser", 200, 200),
    "travel_arrivals": ("organiser", 200, 405),
    "travel_rooming": ("organiser", 200, 405),
    "travel_payments": ("organiser", 200, 405),
    "travel_payments_csv": ("organiser", 200, 405),
    "travel_payments_xlsx": ("organiser", 200, 405),
    "travel_trip": ("organiser", 200, 200),
    "travel_ticket": ("organiser", 200, 405),
    "travel_letter": ("organiser", 200, 405),
    "travel_boarding_pass": ("organiser", 200, 405),
}

AUDIENCES = {
    "console": {"other_organiser", "organiser", "checkin", "secretariat"},
    "secretariat": {"secretariat"},
    "organiser": {"organiser", "secretariat"},
    "checkin": {"organiser", "checkin", "secretariat"},
}
ROLES = [
    "anonymous",
    "participant",
    "focal_point_elsewhere",
    "focal_point_without_quota",
    "other_organiser",
    "organiser",
    "checkin",
    "secretariat",
]
PATTERNS = {pattern.name: pattern for pattern in urlpatterns}


def expected_status(name, role, method):
    audience, get_status, post_status = MATRIX[name]
    if role == "anonymous":
        return 302
    if role not in AUDIENCES[audience]:
        return 403
    return get_status if method == "get" else post_status


def test_every_console_url_has_an_entry_in_the_matrix():
    """A page added under /manage/ without deciding who may see it fails here."""
    assert set(PATTERNS) == set(MATRIX), {"missing": set(PATTERNS) - set(MATRIX), "stale": set(MATRIX) - set(PATTERNS)}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_authorization_matrix(client, name, role, method):
    world = make_world()
    user = world.users[role]
    if user:
        client.force_login(user)
    url = reverse(f"console:{name}", kwargs=url_kwargs(PATTERNS[name], world))
    response = getattr(client, method)(url)
    assert response.status_code == expected_status(name, role, method)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, pattern in PATTERNS.items()
        if "slug" in pattern.pattern.converters and set(pattern.pattern.converters) - {"slug"}
    ),
)
def test_another_workshops_objects_answer_404(client, name):
    """Pages of one workshop never reach the sessions, speakers or registrations of another."""
    world = make_world()
    foreign = make_world_objects_elsewhere(world)
    client.force_login(world.users["organiser"])
    kwargs = url_kwargs(PATTERNS[name], world)
    kwargs.update({key: foreign[key] for key in kwargs if key != "slug"})
    url = reverse(f"console:{name}", kwargs=kwargs)
    assert client.get(url).status_code in {404, 405}
    # A page that answers only GET refuses a POST before it looks anything up.
    assert client.post(url).status_code == (405 if MATRIX[name][2] == 405 else 404)


def make_world_objects_elsewhere(world):
    from tests.support.factories import InvitationFactory, ProgrammeSessionFactory, RegistrationFactory, SpeakerFactory

    session = ProgrammeSessionFactory(workshop=world.other_workshop)
    nomination = Nomination.objects.create(
        workshop=world.other_workshop,
        organisation=world.focal_point.organisation,
        passport_name="Elsewhere",
        email="elsewhere@customs.example",
        position="Officer",
    )
    material_file = public_document(world.other_workshop)
    question = registration_question(world.other_workshop)
    return {
        "question_id": question.pk,
        "choice_id": question.choices.get().pk,
        "material_id": material_file.material_id,
        "file_id": material_file.pk,
        "nomination_id": nomination.pk,
        "session_id": session.pk,
        "speaker_id": SpeakerFactory(session=session).pk,
        "registration_id": RegistrationFactory(workshop=world.other_workshop).pk,
        "invitation_id": InvitationFactory(workshop=world.other_workshop).pk,
        "request_id": issued_visa_request(RegistrationFactory(workshop=world.other_workshop)).pk,
        "job_id": finished_pdf_job(world.other_workshop).pk,
        "attendance_id": elsewhere_attendance(world.other_workshop).pk,
        "survey_id": prepare_survey(workshop_id=world.other_workshop.pk, purpose="evaluation", actor=None).pk,
        "boarding_pass_id": elsewhere_boarding_pass(world.other_workshop).pk,
    }


def elsewhere_boarding_pass(workshop):
    from tests.support.travel import funded_delegate, trip_with_files

    nomination, _registration = funded_delegate(workshop, name="Elsewhere Funded")
    return trip_with_files(workshop, nomination)[1]


def elsewhere_attendance(workshop):
    from tests.support.factories import RegistrationFactory, record_days

    registration = RegistrationFactory(workshop=workshop)
    record_days(registration, workshop.days[:1])
    return registration.attendances.get()


def database_snapshot():
    """Every row of every table, so that any write shows up."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_get_never_changes_the_database(client, name):
    world = make_world()
    client.force_login(world.users["secretariat"])
    url = reverse(f"console:{name}", kwargs=url_kwargs(PATTERNS[name], world))
    before = database_snapshot()
    client.get(url)
    assert database_snapshot() == before


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_post_without_csrf_token_is_refused(name):
    world = make_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["secretariat"])
    url = reverse(f"console:{name}", kwargs=url_kwargs(PATTERNS[name], world))
    before = database_snapshot()
    response = client.post(url, {"message": "Cancelled", "to": "up"})
    assert response.status_code == 403
    assert b"CSRF" in response.content
    assert database_snapshot() == before


def test_a_refusal_is_a_portal_page_saying_why_and_what_to_do_in_both_languages():
    world = make_world()
    client = Client()
    client.force_login(world.users["checkin"])
    page = client.get(reverse("console:dashboard", kwargs={"slug": world.workshop.slug}))
    assert page.status_code == 403
    assert "check-in staff: it opens the check-in desk only" in page.content.decode()
    assert 'aria-label="Main navigation"' in page.content.decode()

    client.force_login(world.users["other_organiser"])
    french = client.get(
        reverse("console:dashboard", kwargs={"slug": world.workshop.slug}), headers={"accept-language": "fr"}
    )
    assert french.status_code == 403
    text = html.unescape(french.content.decode())
    assert "Votre compte n'organise pas cet atelier." in text
    assert "Se connecter avec un autre compte" in text


def test_logging_in_as_someone_else_from_a_refusal_comes_back_to_the_refused_page():
    world = make_world()
    client = Client()
    client.force_login(world.users["participant"])
    assert client.get("/manage/").status_code == 403
    response = client.post("/accounts/logout/", {"next": "/accounts/login/?next=/manage/"})
    assert response["Location"] == "/accounts/login/?next=/manage/"
