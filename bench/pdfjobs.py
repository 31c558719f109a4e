"""The badges of 500 people, drawn in the background: the click that asks for them answers in < 300 ms, and one
Celery worker has the PDF ready in < 20 s (issue 27). Imported by bench/run.py once Django is set up."""

import datetime
import time

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from bench import seeding
from bench.workers import celery_worker
from documents.models import PdfJob
from workshops.models import Organisation, OrganiserMembership

BADGES = 500
READY_WITHIN = 120  # seconds the measurement waits for the worker before it reports a miss


def badges_workshop(organiser, now):
    """A workshop of BADGES confirmed people of their own, so that the badges count is the target's whatever the
    benchmark's sizes."""
    administrations = list(Organisation.objects.filter(acronym__startswith="BCA-"))
    start = timezone.localdate(now) + datetime.timedelta(days=200)
    workshop = seeding.open_workshop(registrations=BADGES, start_date=start, now=now)
    seeding.register(workshop, seeding.people("badges-", BADGES, administrations, make_password(None)), now)
    OrganiserMembership.objects.create(workshop=workshop, user=organiser)
    return workshop


def measure(*, root, organiser):
    """(seconds the click took to answer, seconds until the PDF was ready or None, the job's pages) with one worker
    running; the click goes through the whole Django stack of this process (production settings, Redis broker)."""
    workshop = badges_workshop(organiser, timezone.now())
    client = Client()
    client.force_login(organiser)
    # A page of the console first, as an organiser's click comes after one: the process's first request (URLs,
    # templates, the broker's connection) is not what is measured.
    client.get(f"/manage/{workshop.slug}/documents/")
    with celery_worker(root=root, name="pdfjobs"):
        started = time.perf_counter()
        response = client.post(f"/manage/{workshop.slug}/documents/pdfs/", {"kind": "badges", "language": "en"})
        answered = time.perf_counter() - started
        job = PdfJob.objects.get(pk=resolve(response["Location"]).kwargs["job_id"])
        while (
            job.state not in (PdfJob.State.DONE, PdfJob.State.FAILED) and time.perf_counter() - started < READY_WITHIN
        ):
            time.sleep(0.1)
            job.refresh_from_db()
        ready = time.perf_counter() - started if job.state == PdfJob.State.DONE else None
    return answered, ready, job


def rows(answered, ready, job, *, milliseconds):
    passed = answered < 0.3 and ready is not None and ready < 20
    drawn = f"ready in {ready:.1f} s" if ready is not None else f"{job.state} after {READY_WITHIN} s"
    return [
        [f"badges for {BADGES}, one worker", f"click answered in {milliseconds(answered)}, PDF {drawn}"]
        + ["", "", "", "", "", "< 300 ms; < 20 s", "PASS" if passed else "MISS"]
    ]
