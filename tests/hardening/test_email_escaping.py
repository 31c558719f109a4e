"""Every email kind, in every language, with a title holding &, ', < and ": the subject and the text body print it
as it is, the HTML body escapes it."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from delegations.selectors import workshop_quotas
from delegations.services import nominate
from outbox.models import OutgoingEmail
from outbox.services import render_email
from participants.invitations import invite
from participants.reminders import reminder_due_at, sweep_reminders
from sessions.selectors import programme_by_day, programme_sessions
from tests.support.delegations import make_delegation, nominee
from tests.support.factories import ProgrammeSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
TITLE = """Wildlife & Waste: "Ozone" <Trade> at O'Hare"""
ESCAPED = "Wildlife &amp; Waste: &quot;Ozone&quot; &lt;Trade&gt; at O&#x27;Hare"
# An organisation's acronym is short: the focal-point email names the organisation, not a workshop.
ACRONYM = """W&W "O" <T> O'H"""
ENTITIES = ("&amp;", "&quot;", "&lt;", "&gt;", "&#x27;", "&#39;")
EMAIL_TEMPLATES = sorted(path.stem for path in (settings.BASE_DIR / "templates" / "emails").glob("*.subject"))
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_every_email_kind_is_covered():
    # A new kind of email gets its template here by itself; this names the ones the portal has, so none is missed.
    assert set(EMAIL_TEMPLATES) == {
        *(f"registration_{status}" for status in ("received", "confirmed", "waitlisted", "promoted", "rejected")),
        "registration_cancelled",
        "workshop_cancelled",
        "invitation",
        "reminder",
        "delegation_quota",
        "focal_point_added",
        "nomination_changed",
        "nomination_funding",
        "certificate",
        "visa_letter",
        "speaker_upload_reminder",
        "survey_invitation",
        "survey_reminder",
        "travel_claim_decided",
    }


@pytest.fixture
def context():
    delegation = make_delegation(title=TITLE, city="Saint-Louis & Dakar")
    delegation.organisation.name, delegation.organisation.acronym = TITLE, ACRONYM
    delegation.organisation.save()
    workshop = delegation.workshop
    ProgrammeSessionFactory(workshop=workshop, title=TITLE)
    nomination = nominate(
        workshop_id=workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(passport_name=TITLE),
    )
    registration = RegistrationFactory(workshop=workshop, participant__full_name=TITLE)
    sessions = programme_sessions(workshop)
    return {
        "workshop": workshop,
        "registration": registration,
        "participant": registration.participant,
        "first_session": sessions[0],
        "programme": programme_by_day(workshop, sessions),
        "message": TITLE,
        "organisation": delegation.organisation,
        "nomination": nomination,
        "quota": workshop_quotas(workshop)[0],
        "event": "approved",
        "closing": True,
        "invitation_url": "https://example.org/invitations/x/",
        "expires_at": workshop.starts_at,
        "site_url": settings.SITE_URL,
        "closes_at": workshop.starts_at,
        "upload_url": "https://example.org/me/presentations/x/",
        # A claim approved with another amount: the email quotes the organisers' reason.
        "claim": SimpleNamespace(status="adjusted", amount=Decimal("1276.00"), reason=TITLE),
        "currency": "USD",
        "travel_url": "https://example.org/me/travel/x/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
def test_subject_and_text_are_plain_the_html_is_escaped(context, template, language):
    with translation.override(language):
        subject, text, html = render_email(template=template, context=context, language=language)
    assert (ACRONYM if template == "focal_point_added" else TITLE) in subject, subject
    assert TITLE in text
    assert ESCAPED in html
    for entity in ENTITIES:
        assert entity not in subject and entity not in text, (entity, subject)
    assert "<Trade>" not in html and "<T>" not in html and f'lang="{language}"' in html


def test_invitation_and_reminder_rows_keep_the_title_plain_in_both_languages():
    registration = RegistrationFactory(
        workshop__title=TITLE, workshop__reminder_offsets=[2], participant__user__language="fr"
    )
    workshop = registration.workshop
    invite(workshop_id=workshop.pk, email="kim@example.org", name="Kim Minjun", language="en")
    sweep_reminders(now=reminder_due_at(workshop, 2))
    rows = [(email.subject, email.filled_text, email.filled_html) for email in OutgoingEmail.objects.all()]
    assert len(rows) == 3
    for subject, text, html in rows:
        assert TITLE in subject and TITLE in text and ESCAPED in html
