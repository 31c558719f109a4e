"""The nomination rules, through the services: quota, window, letter, duplicates, funding, withdrawal."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from activity.models import ActivityEntry
from delegations import services
from delegations.models import Nomination, NominationLetter
from outbox.models import OutgoingEmail
from participants.models import Registration
from tests.support.delegations import PDF, make_delegation, nominee, pdf_document, pdf_upload
from tests.support.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def nominate(delegation, index=0, **fields):
    return services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        **nominee(index, **fields),
    )


def refusal(delegation, index=0, **fields):
    """The message of the refused nomination; asserts nothing was written."""
    nominations, entries = Nomination.objects.count(), ActivityEntry.objects.count()
    with pytest.raises(services.DelegationError) as refused:
        nominate(delegation, index, **fields)
    assert (Nomination.objects.count(), ActivityEntry.objects.count()) == (nominations, entries)
    return refused.value.message


def test_the_third_nomination_for_two_seats_is_refused_and_writes_nothing():
    delegation = make_delegation(seats=2)
    nominate(delegation, 1)
    nominate(delegation, 2)

    assert "used all its 2 seats" in refusal(delegation, 3)
    assert Nomination.objects.filter(organisation=delegation.organisation).count() == 2


def test_a_withdrawn_nominee_frees_the_seat_for_a_replacement():
    delegation = make_delegation(seats=1)
    first = nominate(delegation, 1)
    services.withdraw_nomination(
        workshop_id=delegation.workshop.pk, nomination_id=first.pk, actor=delegation.focal_point
    )

    replacement = nominate(delegation, 2)

    assert replacement.status == Nomination.Status.SUBMITTED


def test_the_same_address_cannot_be_nominated_twice_whatever_its_case():
    delegation = make_delegation(seats=3)
    nominate(delegation, 1)
    assert "already nominated" in refusal(delegation, 2, email="DELEGATE1@example.org")


def test_a_person_already_registered_cannot_be_nominated():
    delegation = make_delegation()
    registration = RegistrationFactory(workshop=delegation.workshop, participant__user__email="kim@example.org")
    assert "already registered" in refusal(delegation, email="Kim@Example.org")
    registration.status = Registration.Status.CANCELLED
    registration.save()
    assert nominate(delegation, email="kim@example.org")


def test_nominations_outside_the_window_are_refused():
    delegation = make_delegation()
    workshop = delegation.workshop
    workshop.nomination_opens_at = timezone.now() + datetime.timedelta(days=1)
    workshop.save()
    assert "Nominations open on" in refusal(delegation)
    workshop.nomination_opens_at = timezone.now() - datetime.timedelta(days=3)
    workshop.nomination_closes_at = timezone.now() - datetime.timedelta(days=1)
    workshop.save()
    assert "Nominations closed on" in refusal(delegation)


def test_a_cancelled_workshop_takes_no_nomination():
    delegation = make_delegation()
    delegation.workshop.status = delegation.workshop.Status.CANCELLED
    delegation.workshop.save()
    assert "cancelled" in refusal(delegation)


def test_the_letter_is_required_before_nominating_when_the_workshop_says_so():
    delegation = make_delegation(nomination_letter_required=True)
    assert "nomination letter" in refusal(delegation)

    services.upload_letter(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        upload=pdf_upload(),
        actor=delegation.focal_point,
    )

    assert nominate(delegation)


def test_funding_requests_after_the_deadline_are_refused():
    delegation = make_delegation(funding_deadline=timezone.now() - datetime.timedelta(hours=1))
    assert "Funding requests closed" in refusal(delegation, funding_requested=True, funding_reason="No budget")
    assert nominate(delegation).funding == Nomination.Funding.NOT_REQUESTED


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "not a PDF"),
        ("letter.pdf", b"<!doctype html><script>alert(1)</script>", "not a PDF"),
        ("letter.pdf", b"", "empty"),
        ("letter.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_letters_that_are_not_pdfs_are_refused_by_their_content(name, content, reason):
    delegation = make_delegation()
    with pytest.raises(services.DelegationError, match=reason):
        services.upload_letter(
            workshop_id=delegation.workshop.pk,
            organisation_id=delegation.organisation.pk,
            upload=SimpleUploadedFile(name, content),
            actor=delegation.focal_point,
        )
    assert not NominationLetter.objects.exists()


def password_protected_pdf():
    writer = PdfWriter(clone_from=io.BytesIO(PDF))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    document = io.BytesIO()
    writer.write(document)
    return document.getvalue()


SCRIPT = b"<< /S /JavaScript /JS (app.launchURL('https://attacker.example/');) >>"
READ_THROUGH = "cannot be read"
ACTS = "holds a script or an action that starts a program"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # Each began with %PDF- and was kept as a letter before (issue 26, item 9).
        (b"%PDF-1.7\n<!doctype html><script>alert(1)</script>", READ_THROUGH),
        (PDF[: len(PDF) // 2], READ_THROUGH),
        (pdf_document(catalogue=b"/OpenAction " + SCRIPT), ACTS),
        (pdf_document(catalogue=b"/Names << /JavaScript 4 0 R >>", more=[b"<< /Names [(run) 5 0 R] >>", SCRIPT]), ACTS),
        (pdf_document(page=b"/AA << /O 4 0 R >>", more=[SCRIPT]), ACTS),
        (
            pdf_document(
                page=b"/Annots [4 0 R]",
                more=[b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /Launch /F (cmd.exe) >> >>"],
            ),
            ACTS,
        ),
        (
            pdf_document(
                catalogue=b"/AcroForm << /Fields [] /XFA 4 0 R >>", more=[b"<< /Length 0 >>\nstream\n\nendstream"]
            ),
            ACTS,
        ),
        (password_protected_pdf(), "protected by a password"),
    ],
    ids=["html after %PDF-", "cut short", "open action", "names tree", "page action", "launch link", "XFA", "password"],
)
def test_letters_that_are_unreadable_or_act_when_opened_are_refused(content, reason):
    delegation = make_delegation()
    with pytest.raises(services.DelegationError, match=reason):
        services.upload_letter(
            workshop_id=delegation.workshop.pk,
            organisation_id=delegation.organisation.pk,
            upload=SimpleUploadedFile("letter.pdf", content),
            actor=delegation.focal_point,
        )
    assert not NominationLetter.objects.exists()


def test_a_plain_pdf_letter_is_kept():
    delegation = make_delegation()
    services.upload_letter(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        upload=SimpleUploadedFile("letter.pdf", pdf_document(page=b"/Annots []")),
        actor=delegation.focal_point,
    )
    assert NominationLetter.objects.count() == 1


def test_every_letter_version_is_kept_and_the_newest_is_current(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    delegation = make_delegation()
    for _version in range(2):
        services.upload_letter(
            workshop_id=delegation.workshop.pk,
            organisation_id=delegation.organisation.pk,
            upload=pdf_upload(),
            actor=delegation.focal_point,
        )
    assert NominationLetter.objects.count() == 2
    assert len(list(tmp_path.rglob("*.pdf"))) == 2


def grant(delegation, nomination):
    return services.decide_funding(
        workshop_id=delegation.workshop.pk, nomination_id=nomination.pk, grant=True, actor=UserFactory()
    )


def test_a_grant_past_the_organisations_funded_seats_is_refused():
    delegation = make_delegation(seats=3, funded_seats=1)
    first, second = (nominate(delegation, i, funding_requested=True, funding_reason="LDC") for i in (1, 2))
    grant(delegation, first)

    with pytest.raises(services.DelegationError, match="no funded seat left"):
        grant(delegation, second)
    second.refresh_from_db()
    assert second.funding == Nomination.Funding.REQUESTED


def test_a_grant_past_the_workshops_budget_is_refused():
    delegation = make_delegation(seats=2, funded_seats=2, funding_budget=1)
    other = make_delegation(workshop=delegation.workshop, seats=2, funded_seats=2)
    granted = nominate(delegation, 1, funding_requested=True, funding_reason="LDC")
    grant(delegation, granted)
    waiting = nominate(other, 2, funding_requested=True, funding_reason="LDC")

    with pytest.raises(services.DelegationError, match="funding budget is spent"):
        grant(other, waiting)


def test_a_funding_decision_mails_the_nominee_and_the_focal_point():
    delegation = make_delegation()
    nomination = nominate(delegation, 1, funding_requested=True, funding_reason="LDC")
    grant(delegation, nomination)

    recipients = set(OutgoingEmail.objects.filter(kind="delegation").values_list("to_email", flat=True))
    assert recipients == {nomination.email, delegation.focal_point.email}


def test_lowering_a_quota_below_its_use_is_allowed_and_shown_as_over():
    from delegations.selectors import quota_for

    delegation = make_delegation(seats=2)
    nominate(delegation, 1)
    nominate(delegation, 2)
    services.set_quota(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        seats=1,
        funded_seats=0,
        actor=UserFactory(),
    )
    quota = quota_for(workshop=delegation.workshop, organisation_id=delegation.organisation.pk)
    assert (quota.use.used, quota.use.left, quota.use.over) == (2, 0, 1)
    assert Nomination.objects.filter(status=Nomination.Status.SUBMITTED).count() == 2


def test_quota_lines_the_database_would_refuse_are_reported_not_a_500():
    from delegations.quota_csv import parse_quota_csv

    parsed = parse_quota_csv(b"organisation,seats,funded_seats\nK\x00CS,2,1\nKCS,2\nKCS,-1,0\n")

    assert [line for line, _reason in parsed.errors] == [2, 3, 4]
    assert "null character" in parsed.errors[0][1]
    assert "2 values where the first line names 3 columns" in parsed.errors[1][1]
    assert "whole numbers" in parsed.errors[2][1]


def test_after_the_close_a_withdrawn_nominee_can_be_replaced_once_until_the_start():
    delegation = make_delegation(seats=2)
    first = nominate(delegation, 1)
    nominate(delegation, 2)
    closes_at = delegation.workshop.nomination_closes_at
    after_close = closes_at + datetime.timedelta(hours=1)
    services.withdraw_nomination(
        workshop_id=delegation.workshop.pk, nomination_id=first.pk, actor=delegation.focal_point, now=after_close
    )
    Nomination.objects.filter(pk=first.pk).update(created_at=closes_at - datetime.timedelta(days=1))

    replacement = services.nominate(
        workshop_id=delegation.workshop.pk,
        organisation_id=delegation.organisation.pk,
        actor=delegation.focal_point,
        now=after_close,
        **nominee(3),
    )
    Nomination.objects.filter(pk=replacement.pk).update(created_at=after_close)

    with pytest.raises(services.DelegationError, match="Nominations closed"):
        services.nominate(
            workshop_id=delegation.workshop.pk,
            organisation_id=delegation.organisation.pk,
            actor=delegation.focal_point,
            now=after_close,
            **nominee(4),
        )


def test_each_focal_point_email_says_in_its_subject_what_happened():
    delegation = make_delegation(seats=5, funded_seats=2)
    organiser = UserFactory()
    approved, rejected, funded, unfunded, withdrawn = (
        nominate(delegation, i, funding_requested=True, funding_reason="LDC") for i in range(1, 6)
    )
    for nomination, decision in ((approved, "approved"), (rejected, "rejected")):
        services.decide_nominations(
            workshop_id=delegation.workshop.pk, nomination_ids=[nomination.pk], decision=decision, actor=organiser
        )
    grant(delegation, funded)
    services.decide_funding(workshop_id=delegation.workshop.pk, nomination_id=unfunded.pk, grant=False, actor=organiser)
    services.withdraw_nomination(
        workshop_id=delegation.workshop.pk, nomination_id=withdrawn.pk, actor=delegation.focal_point
    )

    title = delegation.workshop.title
    subjects = set(
        OutgoingEmail.objects.filter(to_email=delegation.focal_point.email, kind="delegation").values_list(
            "subject", flat=True
        )
    )
    assert subjects >= {
        f"Nomination of Delegate 1 approved: {title}",
        f"Nomination of Delegate 2 not accepted: {title}",
        f"Funding granted to Delegate 3: {title}",
        f"Funding not granted to Delegate 4: {title}",
        f"Nomination of Delegate 5 withdrawn: {title}",
    }
