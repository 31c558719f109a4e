"""Whole-workshop PDFs drawn in the background: the job, its progress, its file, a second click, a failure, and the
files' retention."""

import datetime
import html

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityEntry
from core import personal_data
from documents.models import Certificate, PdfJob
from documents.services import PDF_JOB_FILES_KEPT, PDF_JOB_SILENT_AFTER, purge_pdf_jobs, run_pdf_job, start_pdf_job
from tests.support.celery_testing import wait_for
from tests.support.factories import (
    OrganiserMembershipFactory,
    RegistrationFactory,
    WorkshopFactory,
    record_days,
    seoul_workshop,
)
from tests.support.pdfs import made_in_the_console, page_count, pdf_text
from workshops.models import OrganiserMembership, Workshop

pytestmark = pytest.mark.django_db


def url(name, workshop, job=None):
    return reverse(f"console:{name}", kwargs={"slug": workshop.slug, **({"job_id": job.pk} if job else {})})


@pytest.fixture
def organiser(client):
    workshop = WorkshopFactory()
    user = OrganiserMembershipFactory(workshop=workshop).user
    client.force_login(user)
    return user


def workshop_of(user):
    return Workshop.objects.get(organiser_memberships__user=user)


def test_the_badges_job_reaches_100_percent_and_its_file_holds_every_badge(client, organiser):
    workshop = workshop_of(organiser)
    # More than one part (96 badges each): the pages of every part land in the one file.
    people = [RegistrationFactory(workshop=workshop, participant__full_name=f"Badge Holder {n:03}") for n in range(100)]
    job, response, content = made_in_the_console(client, workshop, "badges")
    assert (job.state, job.progress, job.requested_by) == ("done", 100, organiser)
    assert page_count(content) == 13  # 100 badges, 8 to a sheet
    text = " ".join(pdf_text(content).split())
    assert all(registration.participant.full_name in text for registration in people)
    status = client.get(url("pdf_job_status", workshop, job)).json()
    assert status == {
        "state": "done",
        "state_label": "Ready",
        "progress": 100,
        "file_url": url("pdf_job_file", workshop, job),
    }
    assert "Download the PDF" in client.get(url("pdf_job", workshop, job)).content.decode()
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}-badges-en.pdf"'
    entry = ActivityEntry.objects.get(action="document.pdf_requested")
    assert entry.data == {"document": "badges"} and entry.actor == organiser


def test_a_second_click_while_the_job_runs_starts_nothing_new(client, organiser):
    workshop = workshop_of(organiser)
    RegistrationFactory(workshop=workshop)
    running, started = start_pdf_job(workshop_id=workshop.pk, kind="badges", language="en", actor=organiser)
    assert started
    response = client.post(url("pdf_job_start", workshop), {"kind": "badges", "language": "en"}, follow=True)
    assert response.redirect_chain[-1][0] == url("pdf_job", workshop, running)
    assert "This PDF was already being drawn" in response.content.decode()
    # Nothing was drawn by the second click (tasks run in-process here: a new task would have finished the job).
    assert list(PdfJob.objects.values_list("pk", "state")) == [(running.pk, "queued")]
    assert ActivityEntry.objects.filter(action="document.pdf_requested").count() == 1
    # Unfinished, the page refreshes itself without scripts and polls with them; the file is not there yet.
    page = client.get(url("pdf_job", workshop, running)).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page and "js/pdf-job.js" in page
    assert client.get(url("pdf_job_file", workshop, running)).status_code == 404
    # Another language is another document.
    assert start_pdf_job(workshop_id=workshop.pk, kind="badges", language="fr", actor=organiser)[1]


def test_the_database_holds_one_unfinished_job_per_workshop_kind_and_language(organiser):
    workshop = workshop_of(organiser)
    now = timezone.now()
    PdfJob.objects.create(workshop=workshop, kind="badges", language="en", requested_at=now, updated_at=now)
    with pytest.raises(IntegrityError):
        PdfJob.objects.create(workshop=workshop, kind="badges", language="en", requested_at=now, updated_at=now)


def test_a_job_whose_worker_went_silent_is_given_up_and_started_afresh(organiser):
    workshop = workshop_of(organiser)
    lost, _started = start_pdf_job(workshop_id=workshop.pk, kind="badges", language="en", actor=organiser)
    later = lost.updated_at + PDF_JOB_SILENT_AFTER
    fresh, started = start_pdf_job(workshop_id=workshop.pk, kind="badges", language="en", actor=organiser, now=later)
    lost.refresh_from_db()
    assert started and fresh.pk != lost.pk and lost.state == "failed"
    assert run_pdf_job(job_id=lost.pk) is None  # its task, delivered late, draws nothing
    assert run_pdf_job(job_id=fresh.pk).state == "done"
    assert run_pdf_job(job_id=fresh.pk) is None  # nor twice


def test_a_job_that_fails_says_so_and_can_be_made_again(client, organiser):
    workshop = workshop_of(organiser)
    Workshop.objects.filter(pk=workshop.pk).update(
        start_date=timezone.localdate() - datetime.timedelta(days=10),
        end_date=timezone.localdate() - datetime.timedelta(days=8),
    )
    workshop.refresh_from_db()
    record_days(RegistrationFactory(workshop=workshop), workshop.days)
    job, _started = start_pdf_job(workshop_id=workshop.pk, kind="certificates", language="en", actor=organiser)
    # Cancelled while the job waited for a worker: the certificates are refused, so the job fails.
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)
    assert run_pdf_job(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.state == "failed" and not job.file
    page = client.get(url("pdf_job", workshop, job)).content.decode()
    assert "This PDF could not be drawn." in page and "Try again" in page and "noscript" not in page
    assert client.get(url("pdf_job_status", workshop, job)).json()["state_label"] == "Failed"
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.PUBLISHED)
    retried, _response, content = made_in_the_console(client, workshop, "certificates")
    assert retried.pk != job.pk and page_count(content) == 1 and Certificate.objects.count() == 1


def test_certificates_are_refused_before_a_job_starts_when_the_workshop_gives_none(client, organiser):
    workshop = workshop_of(organiser)  # not over yet
    response = client.post(url("pdf_job_start", workshop), {"kind": "certificates", "language": "en"}, follow=True)
    assert "once the workshop's last day has ended" in html.unescape(response.content.decode())
    assert not PdfJob.objects.exists()


def test_the_official_list_job_in_french(client, organiser):
    workshop = workshop_of(organiser)
    RegistrationFactory(workshop=workshop, participant__full_name="Kim Minjun")
    job, response, content = made_in_the_console(client, workshop, "official_list", "fr")
    assert "Kim Minjun" in pdf_text(content) and "Page 1 sur 1" in pdf_text(content)
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}-official-list-fr.pdf"'


def test_check_in_staff_make_the_badges_and_nothing_else(client):
    workshop = WorkshopFactory()
    RegistrationFactory(workshop=workshop, participant__full_name="Kim Minjun")
    client.force_login(OrganiserMembershipFactory(workshop=workshop, role=OrganiserMembership.Role.CHECKIN).user)
    refused = client.post(url("pdf_job_start", workshop), {"kind": "official_list", "language": "en"}, follow=True)
    assert "Check-in staff may print the badges only." in refused.content.decode()
    assert not PdfJob.objects.exists()
    badges, _response, content = made_in_the_console(client, workshop, "badges")
    assert "Kim Minjun" in pdf_text(content)
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    official_list, _started = start_pdf_job(
        workshop_id=workshop.pk, kind="official_list", language="en", actor=organiser
    )
    assert client.get(url("pdf_job", workshop, official_list)).status_code == 404


def test_old_files_are_removed_and_a_deleted_account_takes_the_files_naming_it(
    organiser, django_capture_on_commit_callbacks
):
    workshop = workshop_of(organiser)
    registration = RegistrationFactory(workshop=workshop)
    job, _started = start_pdf_job(workshop_id=workshop.pk, kind="badges", language="en", actor=organiser)
    job = run_pdf_job(job_id=job.pk)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_pdf_jobs(now=job.requested_at + PDF_JOB_FILES_KEPT - datetime.timedelta(seconds=1)) == 0
    assert storage.exists(name)
    participant = registration.participant
    person = personal_data.Person(user_id=participant.user_id, email=participant.email)
    assert [row["document"] for row in personal_data.export(person)["pdf_jobs"]] == ["Name badges"]
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(person)
    assert not PdfJob.objects.exists() and not storage.exists(name)

    again = run_pdf_job(
        job_id=start_pdf_job(workshop_id=workshop.pk, kind="badges", language="en", actor=organiser)[0].pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            personal_data.run_retention(again.requested_at + PDF_JOB_FILES_KEPT + datetime.timedelta(seconds=1))[
                "pdf_jobs"
            ]
            == 1
        )
    assert not storage.exists(again.file.name)


@pytest.mark.usefixtures("celery_worker")
def test_a_worker_draws_the_job_while_the_page_reads_its_progress(client):
    """With a real worker (Redis, PostgreSQL), the click answers at once and the progress climbs part by part."""
    workshop = seoul_workshop()
    client.force_login(OrganiserMembershipFactory(workshop=workshop).user)
    for number in range(200):
        RegistrationFactory(workshop=workshop, participant__full_name=f"Badge Holder {number:03}")
    response = client.post(url("pdf_job_start", workshop), {"kind": "badges", "language": "en"})
    job = PdfJob.objects.get()
    assert response["Location"] == url("pdf_job", workshop, job)
    seen = []

    def finished():
        """the job to be done"""
        status = client.get(url("pdf_job_status", workshop, job)).json()
        seen.append(status["progress"])
        return status["state"] == "done"

    wait_for(finished, timeout=120, interval=0.2)
    assert seen == sorted(seen) and seen[-1] == 100
    assert any(0 < progress < 100 for progress in seen), seen  # three parts: the bar moved between them
    content = b"".join(client.get(url("pdf_job_file", workshop, job)).streaming_content)
    assert page_count(content) == 25
