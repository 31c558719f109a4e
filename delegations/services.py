"""Delegation rules: focal points nominate within their organisation's quota; organisers decide.

Every operation that takes or frees a seat of a quota, or a funded place, locks the workshop row first
(workshops.locking), the lock every registration takes too: two focal points sending the last seat's
nomination at the same moment are served one after the other. A refusal raises DelegationError and
writes nothing; every change writes its activity entry and its emails in the same transaction.
"""

import datetime
import io

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from accounts.selectors import accounts_by_address
from activity.models import Action
from activity.services import log_action
from core.dates import deadline_text
from core.errors import DomainError
from core.languages import recipient_language
from outbox.models import OutgoingEmail
from outbox.services import queue_rendered_email
from participants.invitations import InvitationError, mark_revoked, write_invitation
from participants.models import Invitation, Registration
from participants.selectors import active_registrations
from participants.services import cancel_locked_registration
from workshops.locking import lock_workshop
from workshops.models import Organisation, Workshop
from workshops.versions import raise_registrations_version, raises_versions

from .emails import queue_delegation_emails, queue_quota_emails
from .models import ACTIVE_NOMINATION_STATUSES, FocalPoint, Funding, Nomination, NominationLetter, Quota
from .quota_csv import parse_quota_csv
from .selectors import (
    current_letter,
    email_nominated,
    focal_point_emails,
    funding_granted,
    quota_for,
    replacements_left,
    workshop_quotas,
)

Status = Nomination.Status
MAX_LETTER_BYTES = 5 * 1024 * 1024
# What makes a PDF act when it is opened: a script (an action's /JS, the names tree's /JavaScript, an XFA form,
# which carries its own) or an action that starts a program (/Launch).
ACTIVE_PDF_NAMES = {"/JS", "/JavaScript", "/XFA", "/Launch"}
# Focal points are reminded this long before nominations close, once, if their organisation has seats left.
CLOSING_REMINDER_BEFORE = datetime.timedelta(days=7)


class DelegationError(DomainError):
    """A delegation rule refused the operation; nothing was written."""


def on_workshop_clock(workshop, moment):
    return date_format(timezone.localtime(moment, workshop.tzinfo), "DATETIME_FORMAT")


def nomination_window_refusal(workshop, now):
    """Why no nomination can be made now, or None."""
    if workshop.status == Workshop.Status.CANCELLED:
        return _("This workshop is cancelled; it takes no nominations.")
    if workshop.status != Workshop.Status.PUBLISHED or not workshop.takes_nominations:
        return _("This workshop does not take nominations.")
    if workshop.nomination_opens_at and now < workshop.nomination_opens_at:
        return _("Nominations open on %(when)s (%(zone)s time).") % {
            "when": on_workshop_clock(workshop, workshop.nomination_opens_at),
            "zone": workshop.time_zone,
        }
    if now >= workshop.nominations_close_at:
        return _("Nominations closed on %(when)s (%(zone)s time).") % {
            "when": deadline_text(workshop.nominations_close_at, workshop.tzinfo),
            "zone": workshop.time_zone,
        }
    return None


@raises_versions
def nominate(
    *,
    workshop_id,
    organisation_id,
    actor,
    passport_name,
    email,
    position,
    gender="",
    language="",
    funding_requested=False,
    funding_reason="",
    now=None,
):
    """A focal point names a delegate of their organisation; refused, writing nothing, when a rule says no.

    `language` is the one the focal point chose for the nominee's emails (the invitation approval sends).
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        refusal = nomination_window_refusal(workshop, now)
        # Once nominations close, a withdrawn nominee may still be replaced until the workshop starts.
        if refusal and not replacements_left(workshop=workshop, organisation_id=organisation_id, now=now):
            raise DelegationError(refusal)
        quota = quota_for(workshop=workshop, organisation_id=organisation_id)
        if quota is None:
            raise DelegationError(_("Your organisation has no quota at this workshop."))
        if workshop.nomination_letter_required and not current_letter(
            workshop=workshop, organisation_id=organisation_id
        ):
            raise DelegationError(
                _("Upload your organisation's nomination letter (PDF) first; this workshop requires it.")
            )
        if quota.use.used >= quota.seats:
            raise DelegationError(
                _(
                    "Your organisation has used all its %(seats)s seats. "
                    "Withdraw a nominee to name someone else, or ask the organisers for a larger quota."
                )
                % {"seats": quota.seats}
            )
        if email_nominated(workshop=workshop, email=email):
            raise DelegationError(_("%(email)s is already nominated for this workshop.") % {"email": email})
        if active_registrations(workshop).filter(participant__user__email__iexact=email).exists():
            raise DelegationError(_("%(email)s is already registered for this workshop.") % {"email": email})
        if funding_requested and now >= workshop.funding_requests_close_at:
            raise DelegationError(
                _("Funding requests closed on %(when)s (%(zone)s time); nominate without requesting funding.")
                % {
                    "when": deadline_text(workshop.funding_requests_close_at, workshop.tzinfo),
                    "zone": workshop.time_zone,
                }
            )
        # A nomination shows in the console beside the registration it leads to (its funding).
        raise_registrations_version([workshop.pk])
        nomination = Nomination.objects.create(
            workshop=workshop,
            organisation_id=organisation_id,
            nominated_by=actor,
            passport_name=passport_name.strip(),
            email=email,
            position=position.strip(),
            gender=gender,
            language=language,
            funding=Funding.REQUESTED if funding_requested else Funding.NOT_REQUESTED,
            funding_reason=funding_reason.strip() if funding_requested else "",
        )
        log_nomination(nomination, Action.NOMINATION_SUBMITTED, actor=actor, now=now)
    return nomination


def log_nomination(nomination, action, *, actor, now, **data):
    log_action(
        workshop=nomination.workshop,
        action=action,
        obj=nomination,
        actor=actor,
        data={"organisation": nomination.organisation.short_name, **data},
        at=now,
    )


def lock_nomination(workshop, nomination_id, organisation_ids=None):
    """The workshop's nomination, locked (of these organisations only, if given); DoesNotExist otherwise."""
    nominations = Nomination.objects.select_for_update().filter(workshop=workshop)
    if organisation_ids is not None:
        nominations = nominations.filter(organisation_id__in=organisation_ids)
    nomination = nominations.get(pk=nomination_id)
    nomination.workshop = workshop
    return nomination


def tell_focal_points(nomination, *, event, now, **context):
    """Email every focal point of the nominee's organisation about a change to the nomination."""
    addresses = focal_point_emails([nomination.organisation_id]).get(nomination.organisation_id, [])
    queue_delegation_emails(
        recipients=[(address, f"nomination:{nomination.pk}:{event}:{address.lower()}") for address in addresses],
        template="nomination_changed",
        workshop=nomination.workshop,
        nomination=nomination,
        event=event,
        **context,
    )


@raises_versions
def withdraw_nomination(*, workshop_id, nomination_id, actor, organisation_ids=None, now=None):
    """Withdraw a nominee until the workshop starts: their seat of the quota is free for a replacement.

    An approved nominee's invitation is revoked; a registration they already hold is cancelled by the
    registration service, so the workshop's waiting list moves up.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        raise_registrations_version([workshop.pk])
        nomination = lock_nomination(workshop, nomination_id, organisation_ids)
        if nomination.status not in ACTIVE_NOMINATION_STATUSES:
            raise DelegationError(
                _("This nomination is %(status)s; only a submitted or approved one can be withdrawn.")
                % {"status": nomination.get_status_display()}
            )
        if now >= workshop.starts_at:
            raise DelegationError(_("The workshop has started; its delegations can no longer change."))
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("registration__participant__user")
            .get(pk=nomination.invitation_id)
            if nomination.invitation_id
            else None
        )
        if invitation and invitation.status == Invitation.Status.PENDING:
            invitation.workshop = workshop
            mark_revoked(invitation, actor=actor, now=now)
        registration = invitation.registration if invitation else None
        if registration and registration.status != Registration.Status.CANCELLED:
            registration.workshop = workshop
            cancel_locked_registration(workshop=workshop, registration=registration, actor=actor, now=now)
        was = nomination.status
        nomination.status = Status.WITHDRAWN
        nomination.save(update_fields=["status"])
        log_nomination(nomination, Action.NOMINATION_WITHDRAWN, actor=actor, now=now, status=[was, Status.WITHDRAWN])
        tell_focal_points(nomination, event="withdrawn", now=now)
    return nomination


DECISIONS = {Status.APPROVED: Action.NOMINATION_APPROVED, Status.REJECTED: Action.NOMINATION_REJECTED}


@raises_versions
def decide_nominations(*, workshop_id, nomination_ids, decision, actor, message="", now=None):
    """Approve or reject submitted nominations; returns those decided (others were not waiting for a decision).

    Approval invites the nominee through the invitation service: the link is bound to their address, and
    accepting it registers them with the source "nomination". The focal points hear of every decision.
    """
    if decision not in DECISIONS:
        raise DelegationError(_("Unknown decision."))
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        if workshop.status == Workshop.Status.CANCELLED:
            raise DelegationError(_("This workshop is cancelled; its nominations can no longer be decided."))
        raise_registrations_version([workshop.pk])
        chosen = list(
            Nomination.objects.select_for_update()
            .filter(workshop=workshop, pk__in=nomination_ids, status=Status.SUBMITTED)
            .order_by("created_at", "pk")
        )
        for nomination in chosen:
            nomination.workshop = workshop
            if decision == Status.APPROVED:
                try:
                    nomination.invitation = write_invitation(
                        workshop=workshop,
                        email=nomination.email,
                        name=nomination.passport_name,
                        organisation_name=nomination.organisation.name,
                        country=nomination.organisation.country,
                        language=nomination.language,
                        actor=actor,
                        now=now,
                        registration_source=Registration.Source.NOMINATION,
                    )
                except InvitationError as error:
                    raise DelegationError(
                        _("%(name)s cannot be approved: %(reason)s")
                        % {"name": nomination.passport_name, "reason": error.message}
                    ) from error
            nomination.status = decision
            nomination.decision_message = message
            nomination.decided_at, nomination.decided_by = now, actor
            nomination.save(update_fields=["status", "decision_message", "decided_at", "decided_by", "invitation"])
            log_nomination(nomination, DECISIONS[decision], actor=actor, now=now)
            tell_focal_points(nomination, event=decision, now=now, message=message)
    return chosen


@raises_versions
def decide_funding(*, workshop_id, nomination_id, grant, actor, now=None):
    """Grant a nominee's funding request within the organisation's funded seats and the workshop's budget,
    or refuse it. The nominee and the focal points are told."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        nomination = lock_nomination(workshop, nomination_id)
        if nomination.funding == Funding.NOT_REQUESTED or nomination.status not in ACTIVE_NOMINATION_STATUSES:
            raise DelegationError(_("Only a submitted or approved nominee who asked for funding can be granted it."))
        wanted = Funding.GRANTED if grant else Funding.NOT_GRANTED
        if nomination.funding == wanted:
            return nomination
        if grant:
            quota = quota_for(workshop=workshop, organisation_id=nomination.organisation_id)
            if quota is None or quota.use.funded >= quota.funded_seats:
                raise DelegationError(
                    _("%(organisation)s has no funded seat left (%(count)s in its quota).")
                    % {"organisation": nomination.organisation.short_name, "count": quota.funded_seats if quota else 0}
                )
            if funding_granted(workshop) >= workshop.funding_budget:
                raise DelegationError(
                    _("The workshop's funding budget is spent: all %(count)s funded places are granted.")
                    % {"count": workshop.funding_budget}
                )
        raise_registrations_version([workshop.pk])  # the funding shows beside the nominee's registration
        nomination.funding = wanted
        nomination.save(update_fields=["funding"])
        log_nomination(
            nomination, Action.FUNDING_GRANTED if grant else Action.FUNDING_NOT_GRANTED, actor=actor, now=now
        )
        event = f"funding-{wanted}-{now.timestamp():.0f}"
        tell_focal_points(nomination, event=event, now=now)
        queue_delegation_emails(
            recipients=[(nomination.email, f"nomination:{nomination.pk}:{event}:nominee")],
            template="nomination_funding",
            workshop=workshop,
            chosen_language_by=nomination,
            nomination=nomination,
        )
    return nomination


def letter_problem(upload):
    """Why an uploaded file cannot be a nomination letter, or None. Judged by its content, not its name: it must
    be a PDF that pypdf reads through, with no script and no action that starts a program (the organisers open
    it)."""
    if upload.size == 0:
        return _("The file is empty. Upload the signed letter as a PDF file.")
    if upload.size > MAX_LETTER_BYTES:
        return _("The file is larger than 5 MB. Scan the letter at a lower resolution and upload it again.")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    not_a_pdf = _("The file is not a PDF document. Save or scan the letter as a PDF and upload it again.")
    if not content.startswith(b"%PDF-"):
        return not_a_pdf
    try:
        document = PdfReader(io.BytesIO(content))
        pages = len(document.pages)
        active = acts_when_opened(document)
    except FileNotDecryptedError:
        return _("The PDF is protected by a password. Save it again without one and upload it again.")
    except Exception:  # pypdf raises many kinds of error on a damaged file: each of them means it cannot be read
        pages = 0
    if not pages:
        return _("The PDF cannot be read: it may be damaged. Save or scan the letter as a PDF again and upload it.")
    if active:
        return _(
            "The PDF holds a script or an action that starts a program, which the organisers must not run. Print "
            "the letter to a new PDF, or scan it, and upload it again."
        )
    return None


def acts_when_opened(document):
    """Whether any object a PDF's trailer reaches (the catalogue's open action and names tree, pages,
    annotations, form fields and their actions) holds one of ACTIVE_PDF_NAMES, as a key or a value."""
    seen = set()
    waiting = [document.trailer]
    while waiting:
        item = waiting.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) not in seen:
                seen.add((item.idnum, item.generation))
                waiting.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            names = (name for name in [*item.keys(), *item.values()] if isinstance(name, NameObject))
            if any(name in ACTIVE_PDF_NAMES for name in names):
                return True
            waiting.extend(item.values())
        elif isinstance(item, ArrayObject):
            waiting.extend(item)
    return False


def upload_letter(*, workshop_id, organisation_id, upload, actor, now=None):
    """Keep a new version of the organisation's nomination letter; earlier versions stay."""
    now = now or timezone.now()
    problem = letter_problem(upload)
    if problem:
        raise DelegationError(problem)
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        if not Quota.objects.filter(workshop=workshop, organisation_id=organisation_id).exists():
            raise DelegationError(_("Your organisation has no quota at this workshop."))
        if now >= workshop.starts_at:
            raise DelegationError(_("The workshop has started; its delegations can no longer change."))
        letter = NominationLetter(
            workshop=workshop,
            organisation_id=organisation_id,
            original_name=upload.name[:255],
            size=upload.size,
            uploaded_by=actor,
            uploaded_at=now,
        )
        letter.file.save("letter.pdf", upload, save=False)
        # The file is written before the row; if the transaction rolls back, nothing points to it.
        letter.save()
        log_action(
            workshop=workshop,
            action=Action.NOMINATION_LETTER_UPLOADED,
            obj=letter,
            actor=actor,
            data={"organisation": letter.organisation.short_name},
            at=now,
        )
    return letter


def set_quota(*, workshop_id, organisation_id, seats, funded_seats, actor):
    """Give an organisation its seats and funded seats at the workshop (a quota below its use is allowed:
    nothing is removed, the page shows it as over). Not durable: the admin saves inside its own transaction.

    The log keeps the figures it replaced, so the timeline says only what changed; setting the same figures again
    changes nothing and logs nothing."""
    if seats < 0 or funded_seats < 0:
        raise DelegationError(_("Seats cannot be negative."))
    if funded_seats > seats:
        raise DelegationError(_("The funded seats cannot outnumber the seats."))
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        before = Quota.objects.filter(workshop=workshop, organisation_id=organisation_id).first()
        previous = [before.seats, before.funded_seats] if before else None
        if previous == [seats, funded_seats]:
            return before
        quota, _created = Quota.objects.update_or_create(
            workshop=workshop, organisation_id=organisation_id, defaults={"seats": seats, "funded_seats": funded_seats}
        )
        log_action(
            workshop=workshop,
            action=Action.QUOTA_SET,
            obj=quota,
            actor=actor,
            data={"seats": seats, "funded_seats": funded_seats, **({"previous": previous} if previous else {})},
        )
    return quota


def import_quotas(*, workshop_id, data, actor):
    """Set the quotas of a whole CSV file or of none: returns the parsed file, its errors by line."""
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        parsed = parse_quota_csv(data)
        if not parsed.ok:
            return parsed
        for row in parsed.rows:
            Quota.objects.update_or_create(
                workshop=workshop,
                organisation=row.organisation,
                defaults={"seats": row.seats, "funded_seats": row.funded_seats},
            )
        log_action(workshop=workshop, action=Action.QUOTAS_IMPORTED, actor=actor, data={"count": len(parsed.rows)})
    return parsed


def add_focal_point(*, organisation_id, email, actor):
    """Let whoever holds (or creates) an account with `email` speak for the organisation; they are told by email.

    Not durable: the admin adds inside the transaction that saves its form. The entry has no workshop:
    the role holds at every workshop.
    """
    email = email.strip()
    with transaction.atomic():
        organisation = Organisation.objects.get(pk=organisation_id)
        try:
            with transaction.atomic():
                focal_point = FocalPoint.objects.create(organisation=organisation, email=email, added_by=actor)
        except IntegrityError as error:
            raise DelegationError(
                _("%(email)s is already a focal point of %(organisation)s.")
                % {"email": email, "organisation": organisation.short_name}
            ) from error
        log_focal_point(focal_point, Action.FOCAL_POINT_ADDED, actor=actor)
        context = {"organisation": organisation, "site_url": settings.SITE_URL, "email": email}
        language = recipient_language(user=accounts_by_address([email]).get(email.lower()))
        queue_rendered_email(
            template="focal_point_added",
            context=context,
            language=language,
            to_email=email,
            kind=OutgoingEmail.Kind.DELEGATION,
            dedup_key=f"focal-point:{focal_point.pk}:added",
        )
    return focal_point


def remove_focal_point(*, focal_point_id, actor):
    """Take the role away; the organisation's nominations stay. Not durable: the admin deletes inside its own
    transaction. A focal point already removed is left alone."""
    with transaction.atomic():
        focal_point = FocalPoint.objects.select_for_update().filter(pk=focal_point_id).first()
        if focal_point is None:
            return
        log_focal_point(focal_point, Action.FOCAL_POINT_REMOVED, actor=actor)
        focal_point.delete()


def log_focal_point(focal_point, action, *, actor):
    log_action(
        workshop=None,
        action=action,
        obj=focal_point,
        actor=actor,
        data={"organisation": focal_point.organisation.short_name},
    )


def notify_focal_points(*, workshop_id, actor, now=None):
    """Email every focal point of every organisation with a quota its quota and delegation page.

    Once per quota and focal point: pressing the button again mails only those added since. Returns how many.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        count = write_quota_emails(workshop, workshop_quotas(workshop), occasion="notified", closing=False)
        if count:
            log_action(
                workshop=workshop, action=Action.FOCAL_POINTS_NOTIFIED, actor=actor, data={"count": count}, at=now
            )
    return count


def write_quota_emails(workshop, quotas, *, occasion, closing):
    """Queue the quota email to each focal point of `quotas` not yet mailed for `occasion`; returns how many."""
    addresses = focal_point_emails([quota.organisation_id for quota in quotas])
    recipients = [
        (quota, address, f"quota:{quota.pk}:{address.lower()}:{occasion}")
        for quota in quotas
        for address in addresses.get(quota.organisation_id, [])
    ]
    return len(queue_quota_emails(workshop=workshop, recipients=recipients, closing=closing))


def sweep_closing_reminders(*, now=None):
    """Remind, once, the focal points of organisations with seats left that nominations close in 7 days."""
    now = now or timezone.now()
    candidates = (
        Workshop.objects.published()
        .exclude(admission=Workshop.Admission.OPEN)
        .filter(start_date__gte=now.date() - datetime.timedelta(days=1))
    )
    count = 0
    for candidate in candidates.only("pk", "start_date", "time_zone", "nomination_closes_at"):
        closes_at = candidate.nominations_close_at
        if closes_at - CLOSING_REMINDER_BEFORE <= now < closes_at:
            count += remind_closing(workshop_id=candidate.pk, now=now)
    return count


def remind_closing(*, workshop_id, now):
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        with_seats_left = [quota for quota in workshop_quotas(workshop) if quota.use.left]
        count = write_quota_emails(workshop, with_seats_left, occasion="closing", closing=True)
        if count:
            log_action(workshop=workshop, action=Action.NOMINATIONS_CLOSING_REMINDED, data={"count": count}, at=now)
    return count
