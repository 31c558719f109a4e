"""Every email in its recipient's language (core.languages.recipient_language); bulk sends render once per language."""

import collections
import contextlib
import datetime

import pytest
from django.test.signals import template_rendered

from delegations.services import decide_nominations, nominate, notify_focal_points
from outbox.delivery import Programmes, build_message
from outbox.models import OutgoingEmail
from participants.invitations import import_invitations, invite
from participants.models import Invitation, Registration
from participants.reminders import reminder_due_at, sweep_reminders
from participants.workshop_changes import cancel_workshop
from tests.support.delegations import make_delegation, nominee
from tests.support.factories import (
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    WorkshopFactory,
    workshop_local,
)
from tests.support.mailserver import attached_files

pytestmark = pytest.mark.django_db
NOVEMBER = datetime.date(2030, 11, 12)


def plain(text):
    """French typography puts a no-break space before a colon; compare as a reader sees it."""
    return text.replace("\u00a0", " ")


@contextlib.contextmanager
def template_renders():
    """Counts of the templates rendered in the block, by name (Django's test signal)."""
    counts = collections.Counter()

    def count(sender, template, context, **kwargs):
        counts[template.name] += 1

    template_rendered.connect(count)
    try:
        yield counts
    finally:
        template_rendered.disconnect(count)


def test_a_french_user_registers_and_is_confirmed_in_french_an_english_user_in_english(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(
        slug="dakar",
        title_en="Green Customs Workshop, Dakar",
        title_fr="Atelier Douanes vertes, Dakar",
        capacity=5,
        start_date=NOVEMBER,
    )
    ProgrammeSessionFactory(workshop=workshop)
    awa = ParticipantFactory(full_name="Awa Ndiaye", user__language="fr")
    kim = ParticipantFactory(full_name="Kim Minjun", user__language="en")
    for participant in (awa, kim):
        client.force_login(participant.user)
        data = {
            "full_name": participant.full_name,
            "organisation": participant.organisation.pk,
            "position": "Customs inspector",
            "country": "SN",
        }
        # Both register from an English page: the email follows the person, not the page.
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/workshops/dakar/register/", data)

    french = OutgoingEmail.objects.get(registration__participant=awa, kind="registration_confirmed")
    assert plain(french.subject) == "Votre place est confirmée : Atelier Douanes vertes, Dakar"
    assert "Atelier Douanes vertes, Dakar" in french.filled_text
    assert "Votre place est confirmée. Nous nous réjouissons de vous accueillir." in french.filled_text
    assert "12–15 novembre 2030" in french.filled_text
    assert '<html lang="fr" dir="ltr">' in french.filled_html
    english = OutgoingEmail.objects.get(registration__participant=kim, kind="registration_confirmed")
    assert english.subject == "Your seat is confirmed: Green Customs Workshop, Dakar"
    assert "Atelier" not in english.filled_text
    assert "12–15 November 2030" in english.filled_text
    assert '<html lang="en" dir="ltr">' in english.filled_html
    assert sorted((message.to[0], message.subject) for message in mailoutbox) == sorted(
        [(awa.user.email, french.subject), (kim.user.email, english.subject)]
    )


def test_a_person_without_a_language_is_written_to_in_the_workshops(client):
    workshop = WorkshopFactory(default_language="fr", start_date=NOVEMBER)
    registration = RegistrationFactory(workshop=workshop, participant__user__language="")
    client.force_login(registration.participant.user)
    client.post(f"/me/registrations/{registration.pk}/cancel/")
    email = OutgoingEmail.objects.get(kind="registration_cancelled")
    assert plain(email.subject).startswith("Inscription annulée : ")


def test_one_reminder_sweep_renders_each_language_once_and_delivers_each_in_its_own(
    mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Ozone Workshop", reminder_offsets=[2], start_date=NOVEMBER)
    ProgrammeSessionFactory(workshop=workshop)
    for n, language in enumerate(["en", "fr", "en", "fr", "fr"]):
        RegistrationFactory(
            workshop=workshop,
            participant__user__email=f"{language}{n}@example.org",
            participant__user__language=language,
        )

    with template_renders() as renders, django_capture_on_commit_callbacks(execute=True):
        assert sweep_reminders(now=reminder_due_at(workshop, 2)) == 5

    assert renders["emails/reminder.subject"] == 2
    assert renders["emails/reminder.txt"] == 2
    assert renders["emails/reminder.html"] == 2
    delivered = {message.to[0]: plain(message.subject) for message in mailoutbox}
    assert len(delivered) == 5
    for address, subject in delivered.items():
        if address.startswith("fr"):
            assert subject == "Rappel : Ozone Workshop, 12–15 novembre 2030"
        else:
            assert subject == "Reminder: Ozone Workshop, 12–15 November 2030"


def invitation_csv(*lines):
    return "\n".join(["email,name,language", *lines]).encode()


def test_a_csv_line_in_french_sends_a_french_invitation_once_per_language():
    workshop = WorkshopFactory(title="Ozone Workshop")
    data = invitation_csv("awa@douanes.sn,Awa Ndiaye,FR", "kim@customs.go.kr,Kim Minjun,en", "li@customs.cn,Li Wei,")

    with template_renders() as renders:
        parsed = import_invitations(workshop_id=workshop.pk, data=data)

    assert parsed.ok
    assert dict(Invitation.objects.values_list("email", "language")) == {
        "awa@douanes.sn": "fr",
        "kim@customs.go.kr": "en",
        "li@customs.cn": "",
    }
    # Li's line names no language: the workshop's (English), rendered with Kim's.
    assert renders["emails/invitation.subject"] == 2
    subjects = dict(OutgoingEmail.objects.values_list("to_email", "subject"))
    assert plain(subjects["awa@douanes.sn"]) == "Invitation : Ozone Workshop"
    assert subjects["kim@customs.go.kr"] == subjects["li@customs.cn"] == "Invitation: Ozone Workshop"
    french = OutgoingEmail.objects.get(to_email="awa@douanes.sn")
    assert "Vous êtes invité(e) à participer à «\u00a0Ozone Workshop\u00a0»." in french.filled_text


def test_an_unknown_language_in_the_csv_is_a_line_error_and_nothing_is_imported():
    workshop = WorkshopFactory()
    data = invitation_csv("awa@douanes.sn,Awa Ndiaye,fr", "kim@customs.go.kr,Kim Minjun,xx")

    parsed = import_invitations(workshop_id=workshop.pk, data=data)

    assert parsed.errors == [(3, "“xx” is not a language of the portal (use en, fr, es, ar, or leave it empty).")]
    assert not Invitation.objects.exists() and not OutgoingEmail.objects.exists()


def test_an_organiser_invites_one_person_in_french_from_the_console(client):
    workshop = WorkshopFactory(slug="dakar", title="Ozone Workshop")
    organiser = OrganiserMembershipFactory(workshop=workshop).user
    client.force_login(organiser)
    page = client.get("/manage/dakar/invitations/").content.decode()
    assert 'name="language"' in page

    client.post(
        "/manage/dakar/invitations/invite/", {"email": "awa@douanes.sn", "name": "Awa Ndiaye", "language": "fr"}
    )

    assert Invitation.objects.get().language == "fr"
    assert plain(OutgoingEmail.objects.get().subject) == "Invitation : Ozone Workshop"


def test_an_invitees_account_language_wins_over_the_invitations():
    workshop = WorkshopFactory(title="Ozone Workshop")
    ParticipantFactory(user__email="awa@douanes.sn", user__language="fr")
    invite(workshop_id=workshop.pk, email="awa@douanes.sn", name="Awa Ndiaye", language="en")
    assert plain(OutgoingEmail.objects.get().subject) == "Invitation : Ozone Workshop"


def test_a_focal_points_choice_of_language_goes_to_the_invitation_approval_sends():
    delegation = make_delegation(title="Ozone Workshop")
    nomination = nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        language="fr",
        **nominee(),
    )
    organiser = OrganiserMembershipFactory(workshop=delegation.workshop).user
    decide_nominations(
        workshop_id=delegation.workshop.pk, nomination_ids=[nomination.pk], decision="approved", actor=organiser
    )
    invitation = Invitation.objects.get(email=nomination.email)
    assert invitation.language == "fr"
    assert plain(OutgoingEmail.objects.get(invitation=invitation).subject) == "Invitation : Ozone Workshop"


def test_the_nomination_form_offers_the_focal_points_own_language(client):
    delegation = make_delegation()
    delegation.focal_point.language = "fr"
    delegation.focal_point.save()
    client.force_login(delegation.focal_point)
    response = client.get(f"/delegations/{delegation.workshop.slug}/{delegation.organisation.pk}/")
    assert response.context["form"]["language"].initial == "fr"


def test_a_workshop_cancellation_renders_once_per_language():
    workshop = WorkshopFactory(title="Ozone Workshop")
    for language in ["en", "fr", "fr"]:
        RegistrationFactory(
            workshop=workshop, participant__user__language=language, status=Registration.Status.CONFIRMED
        )
    organiser = OrganiserMembershipFactory(workshop=workshop).user

    with template_renders() as renders:
        cancel_workshop(workshop_id=workshop.pk, message="The venue is closed.", actor=organiser)

    assert renders["emails/workshop_cancelled.subject"] == 2
    subjects = sorted(plain(subject) for subject in OutgoingEmail.objects.values_list("subject", flat=True))
    assert subjects == [
        "Atelier annulé : Ozone Workshop",
        "Atelier annulé : Ozone Workshop",
        "Workshop cancelled: Ozone Workshop",
    ]
    assert all("The venue is closed." in email.filled_text for email in OutgoingEmail.objects.all())


def test_notifying_the_focal_points_renders_once_per_language_with_each_organisations_figures():
    english = make_delegation(seats=3, funded_seats=1, title="Ozone Workshop")
    french = make_delegation(workshop=english.workshop, seats=2, funded_seats=0)
    also_french = make_delegation(workshop=english.workshop, seats=4, funded_seats=2)
    for delegation in (french, also_french):
        delegation.focal_point.language = "fr"
        delegation.focal_point.save()

    with template_renders() as renders:
        assert notify_focal_points(workshop_id=english.workshop.pk, actor=english.focal_point) == 3

    assert renders["emails/delegation_quota.subject"] == 2
    bodies = {email.to_email: email.filled_text for email in OutgoingEmail.objects.all()}
    short_name = english.organisation.short_name
    assert (
        f"{short_name} may nominate 3 delegates to this workshop, 1 of them with funding."
        in bodies[english.focal_point.email]
    )
    for delegation, seats, funded in [(french, 2, 0), (also_french, 4, 2)]:
        body = plain(bodies[delegation.focal_point.email])
        assert f"{delegation.organisation.short_name} peut désigner {seats} délégués" in body, body
        assert f"dont {funded} avec un financement." in body


def register_online(client, participant, slug):
    client.force_login(participant.user)
    data = {
        "full_name": participant.full_name,
        "organisation": participant.organisation.pk,
        "position": "Customs inspector",
        "country": "MX",
    }
    client.post(f"/workshops/{slug}/register/", data)


@pytest.fixture
def in_spanish():
    """A workshop in English and Spanish, Spanish its default, with its first session in Spanish."""
    workshop = WorkshopFactory(
        slug="cartagena",
        title_en="Green Customs Workshop, Cartagena",
        title_es="Taller de Aduanas Verdes, Cartagena",
        time_zone="America/Bogota",
        languages=["en", "es"],
        default_language="es",
        start_date=NOVEMBER,
    )
    ProgrammeSessionFactory(
        workshop=workshop, title="Opening", title_es="Apertura", starts_at=workshop_local(workshop, 0, 9)
    )
    return workshop


def test_a_spanish_registrant_gets_spanish_emails_with_spanish_dates(client, in_spanish):
    ana = ParticipantFactory(full_name="Ana Gómez", user__language="es")
    register_online(client, ana, in_spanish.slug)

    email = OutgoingEmail.objects.get(registration__participant=ana, kind="registration_confirmed")
    assert email.language == "es"
    assert '<html lang="es" dir="ltr">' in email.filled_html
    assert "Taller de Aduanas Verdes, Cartagena" in email.subject
    # The catalogue has no Spanish yet, so the sentences are English; the dates are Django's Spanish, in the
    # order and with the words Spanish writes them.
    for body in (email.filled_text, email.filled_html):
        assert "12–15 de noviembre de 2030" in body
        assert "martes 12 de noviembre de 2030, 09:00" in body
    [(_filename, content, _mimetype)] = attached_files(build_message(email, Programmes()))
    assert "SUMMARY;LANGUAGE=es:Apertura" in content


def test_a_french_person_at_an_english_and_spanish_workshop_gets_its_default_language(client, in_spanish):
    awa = ParticipantFactory(full_name="Awa Ndiaye", user__language="fr")
    register_online(client, awa, in_spanish.slug)

    email = OutgoingEmail.objects.get(registration__participant=awa, kind="registration_confirmed")
    assert email.language == "es"
    assert '<html lang="es" dir="ltr">' in email.filled_html
    assert "Taller de Aduanas Verdes, Cartagena" in email.subject and "12–15 de noviembre de 2030" in email.filled_text
    [(_filename, content, _mimetype)] = attached_files(build_message(email, Programmes()))
    assert "SUMMARY;LANGUAGE=es:Apertura" in content


def test_a_bulk_send_renders_once_per_language_the_workshop_offers(in_spanish):
    for n, language in enumerate(["en", "es", "fr", "ar", ""]):
        RegistrationFactory(
            workshop=in_spanish,
            participant__user__email=f"person{n}-{language}@example.org",
            participant__user__language=language,
        )

    with template_renders() as renders:
        cancel_workshop(
            workshop_id=in_spanish.pk,
            message="The venue is closed.",
            actor=OrganiserMembershipFactory(workshop=in_spanish).user,
        )

    assert renders["emails/workshop_cancelled.subject"] == 2
    assert dict(OutgoingEmail.objects.values_list("to_email", "language")) == {
        "person0-en@example.org": "en",
        "person1-es@example.org": "es",
        "person2-fr@example.org": "es",
        "person3-ar@example.org": "es",
        "person4-@example.org": "es",
    }


def test_an_invitation_in_a_language_the_workshop_does_not_offer_is_sent_in_its_default(in_spanish):
    invite(workshop_id=in_spanish.pk, email="awa@douanes.sn", name="Awa Ndiaye", language="fr")
    email = OutgoingEmail.objects.get()
    assert email.language == "es" and "Taller de Aduanas Verdes, Cartagena" in email.subject


def test_the_console_offers_only_the_workshops_languages_for_an_invitation(client, in_spanish):
    client.force_login(OrganiserMembershipFactory(workshop=in_spanish).user)
    form = client.get("/manage/cartagena/invitations/").context["form"]
    assert form.fields["language"].choices == [("en", "English"), ("es", "Spanish")]
    assert form.fields["language"].initial == "es"
