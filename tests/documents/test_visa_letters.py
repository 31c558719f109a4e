"""Visa support letters: asked for by the participant, issued or refused by the organiser, mailed with the PDF,
and their passport data erased 30 days after the workshop."""

import base64
import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from activity.models import ActivityEntry
from delegations.services import decide_funding
from documents import pdfs as documents_pdfs
from documents.models import VisaLetterRequest
from documents.services import issue_visa_letters, purge_passport_data
from outbox.models import OutgoingEmail
from tests.delegations.test_delegation_flow import accept_by_email, approve, nominate
from tests.support.delegations import make_delegation
from tests.support.factories import OrganiserMembershipFactory, RegistrationFactory, seoul_workshop
from tests.support.pdfs import pdf_text

pytestmark = pytest.mark.django_db

PASSPORT_NUMBER = "M12345678"
PASSPORT_NAME = "BATBAYAR OLZII"


@pytest.fixture
def registration():
    return RegistrationFactory(workshop=seoul_workshop(), participant__user__password=None)


def form_data(workshop, **changes):
    return {
        "passport_name": PASSPORT_NAME,
        "nationality": "MN",
        "date_of_birth": "1984-03-02",
        "passport_number": PASSPORT_NUMBER,
        "passport_expires_on": (workshop.end_date + datetime.timedelta(days=400)).isoformat(),
        "arrival_date": (workshop.start_date - datetime.timedelta(days=1)).isoformat(),
        "departure_date": (workshop.end_date + datetime.timedelta(days=1)).isoformat(),
        **changes,
    }


def ask(client, registration, **changes):
    client.force_login(registration.participant.user)
    url = reverse("documents:visa_letter_request", kwargs={"pk": registration.pk})
    return client.post(url, form_data(registration.workshop, **changes))


def test_the_request_is_issued_mailed_with_the_pdf_and_downloaded(client, registration):
    assert ask(client, registration).status_code == 302
    visa_request = VisaLetterRequest.objects.get()
    organiser = OrganiserMembershipFactory(workshop=registration.workshop).user
    client.force_login(organiser)
    client.post(
        reverse("console:visa_letters_issue", kwargs={"slug": registration.workshop.slug}),
        {"requests": [visa_request.pk]},
    )
    visa_request.refresh_from_db()
    assert visa_request.status == "issued" and visa_request.reference
    email = OutgoingEmail.objects.get(dedup_key=f"visa-letter:{visa_request.pk}")
    (attachment,) = email.attachments
    assert attachment["mimetype"] == "application/pdf" and attachment["filename"].endswith(".pdf")
    letter = pdf_text(base64.b64decode(attachment["content"]))
    assert PASSPORT_NAME in letter and PASSPORT_NUMBER in letter and visa_request.reference in letter
    assert "at the participant’s own expense" in letter

    client.force_login(registration.participant.user)
    response = client.get(reverse("documents:visa_letter", kwargs={"pk": visa_request.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="visa-letter-')
    assert PASSPORT_NUMBER in pdf_text(response.content)
    actions = list(ActivityEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["document.visa_letter_requested", "document.visa_letter_issued"]
    # Issuing again sends nothing twice.
    assert issue_visa_letters(workshop_id=registration.workshop.pk, request_ids=[visa_request.pk], actor=None) == []
    assert OutgoingEmail.objects.count() == 1


def test_another_persons_letter_answers_404(client, registration):
    ask(client, registration)
    visa_request = VisaLetterRequest.objects.get()
    issue_visa_letters(workshop_id=registration.workshop.pk, request_ids=[visa_request.pk], actor=None)
    stranger = RegistrationFactory(workshop=registration.workshop, participant__user__password=None)
    client.force_login(stranger.participant.user)
    assert client.get(reverse("documents:visa_letter", kwargs={"pk": visa_request.pk})).status_code == 404
    form = reverse("documents:visa_letter_request", kwargs={"pk": registration.pk})
    assert client.get(form).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"arrival_date": "2015-02-30"}, "arrival_date", "Enter a valid date."),
        ({"passport_expires_on": "past departure"}, "passport_expires_on", "must be valid after your departure"),
        ({"passport_name": "A" * 10_000}, "passport_name", "at most 120 characters"),
        ({"arrival_date": "1999-01-01"}, "arrival_date", "Give a date between"),
        ({"departure_date": "arrival - 1"}, "departure_date", "Departure cannot be before arrival."),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "Give a date between"),
    ],
)
def test_bad_input_gets_a_message_on_the_form(client, registration, changes, field, message):
    workshop = registration.workshop
    if changes.get("passport_expires_on") == "past departure":
        changes["passport_expires_on"] = workshop.end_date.isoformat()
    if changes.get("departure_date") == "arrival - 1":
        changes["departure_date"] = (workshop.start_date - datetime.timedelta(days=2)).isoformat()
    response = ask(client, registration, **changes)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not VisaLetterRequest.objects.exists()


def test_the_organiser_refuses_with_a_reason_the_participant_reads(client, registration):
    ask(client, registration)
    visa_request = VisaLetterRequest.objects.get()
    client.force_login(OrganiserMembershipFactory(workshop=registration.workshop).user)
    url = reverse(
        "console:visa_letter_refuse", kwargs={"slug": registration.workshop.slug, "request_id": visa_request.pk}
    )
    client.post(url, {"reason": "Your registration is for online attendance."})
    client.force_login(registration.participant.user)
    page = client.get(reverse("participants:my_registrations")).content.decode()
    assert "Your registration is for online attendance." in page
    assert "Ask for a visa support letter" in page  # a refused request may be asked again


def everything_in_the_database():
    """Every value of every row of every table, as one text."""
    return repr([list(model.objects.values_list()) for model in apps.get_models(include_auto_created=True)])


def ways_of_writing(day):
    """How a date can sit in the database: ISO in JSON, `datetime.date(...)`'s repr, and the letter's wording."""
    return [day.isoformat(), repr(day), date_format(day, "j F Y")]


def test_passport_data_is_erased_30_days_after_the_workshop(client, registration):
    workshop = registration.workshop
    # Travel dates two days out, so no other date of the workshop or the request shares them.
    travel = {
        "arrival_date": workshop.start_date - datetime.timedelta(days=2),
        "departure_date": workshop.end_date + datetime.timedelta(days=2),
        "passport_expires_on": workshop.end_date + datetime.timedelta(days=400),
    }
    ask(client, registration, **{name: day.isoformat() for name, day in travel.items()})
    visa_request = VisaLetterRequest.objects.get()
    issue_visa_letters(workshop_id=registration.workshop.pk, request_ids=[visa_request.pk], actor=None)
    # Each passport value, in every form it could take in a column.
    passport_values = [[PASSPORT_NUMBER], [PASSPORT_NAME], ["Mongolia", "'MN'"]]
    passport_values += [ways_of_writing(day) for day in (datetime.date(1984, 3, 2), *travel.values())]
    database = everything_in_the_database()
    assert all(any(form in database for form in forms) for forms in passport_values)  # the check can see them
    assert purge_passport_data(now=workshop.ends_at + datetime.timedelta(days=29)) == 0
    assert purge_passport_data(now=workshop.ends_at + datetime.timedelta(days=30)) == 1
    database = everything_in_the_database()
    assert [form for forms in passport_values for form in forms if form in database] == []
    assert not OutgoingEmail.objects.get().attachments  # the mailed PDF carried the passport number too
    visa_request.refresh_from_db()
    assert visa_request.purged_at and visa_request.snapshot == {}
    erased = ActivityEntry.objects.get(action="document.passport_data_erased")
    assert erased.actor is None and erased.data == {"count": 1}
    assert purge_passport_data(now=timezone.now() + datetime.timedelta(days=400)) == 0
    client.force_login(registration.participant.user)
    assert client.get(reverse("documents:visa_letter", kwargs={"pk": visa_request.pk})).status_code == 404


def test_a_delegate_whose_funding_was_granted_gets_a_letter_saying_the_organisers_fund_them(client):
    delegation = make_delegation(funding_deadline=timezone.now() + datetime.timedelta(days=5))
    nomination = nominate(delegation, 1, funding_requested=True, funding_reason="Least developed country")
    approve(delegation, nomination)
    decide_funding(workshop_id=delegation.workshop.pk, nomination_id=nomination.pk, grant=True, actor=None)
    accept_by_email(client, nomination.email)
    nomination.refresh_from_db()
    registration = nomination.registration

    assert ask(client, registration).status_code == 302
    (issued,) = issue_visa_letters(
        workshop_id=registration.workshop.pk, request_ids=[VisaLetterRequest.objects.get().pk], actor=None
    )

    letter = pdf_text(documents_pdfs.visa_letter_pdf(issued))
    assert "funded by the organisers of the workshop" in letter
    assert "own expense" not in letter


@pytest.mark.parametrize(
    ("languages", "default_language", "expected"),
    [(["en", "fr"], "en", "fr"), (["en", "es"], "es", "es")],
)
def test_a_letter_is_in_the_participants_language_if_the_workshop_offers_it_else_in_its_default(
    client, languages, default_language, expected
):
    workshop = seoul_workshop(languages=languages, default_language=default_language)
    registration = RegistrationFactory(workshop=workshop, participant__user__language="fr")
    assert ask(client, registration).status_code == 302
    visa_request = VisaLetterRequest.objects.get()

    # Issued from a page in English: the letter follows the participant, not the organiser.
    (issued,) = issue_visa_letters(
        workshop_id=workshop.pk, request_ids=[visa_request.pk], actor=OrganiserMembershipFactory(workshop=workshop).user
    )

    assert issued.snapshot["language"] == expected
    assert OutgoingEmail.objects.get(dedup_key=f"visa-letter:{visa_request.pk}").language == expected
