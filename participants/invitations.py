"""Invitations: an organiser invites people by email; the link in the email becomes a registration.

Kept apart from services.py because it is a whole workflow (invite, import, answer, resend, revoke).
Tokens: an HMAC, with the site's SECRET_KEY, of 256 random bits stored on the invitation (its link nonce); the
token itself is sent only in the email and stored only as a SHA-256 digest (the outbox row keeps the link until the
message is sent or fails, then blanks it: see ParticipantsConfig.ready). A copy of the database therefore opens no
invitation, yet the portal can write the same link again: a reminder, a resend or the retry of a failed email
carries the link the invitee already has, so every earlier email keeps working until the invitation is answered,
revoked or expires (no old link can do more than the current one: they are the same). Only inviting anew (after a
revocation or a refusal) makes a new link, and with it the old ones stop working.
"""

import base64
import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import accounts_by_address
from activity.models import Action
from activity.services import entry, log_action, log_entries
from core.errors import DomainError
from core.languages import in_any_language, recipient_language
from outbox.models import OutgoingEmail, merge_mark
from outbox.services import BulkRecipient, queue_bulk_email
from workshops.locking import lock_workshop
from workshops.models import Organisation, Workshop

from .answers import keep_answers
from .invitation_csv import parse_invitation_csv
from .models import HeldInvitationFile, Invitation, Participant, Registration, hash_invitation_token
from .selectors import active_registration
from .services import RegistrationError, place_registration

IMPORT_BATCH_SIZE = 500


class InvitationError(DomainError):
    """The invitation cannot do what was asked; `invitation` is the one it is about, if any."""

    def __init__(self, message, *, invitation=None):
        super().__init__(message)
        self.invitation = invitation


def link_token(nonce, secret):
    """The link token of a nonce under a secret key: 43 URL-safe characters (invitee_views.TOKEN_PATTERN)."""
    digest = hmac.new(secret.encode(), f"invitation-link:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_link(invitation):
    """Give the invitation a link of its own (not saved) and return its token: any earlier link stops working."""
    invitation.link_nonce = secrets.token_urlsafe(32)
    token = link_token(invitation.link_nonce, settings.SECRET_KEY)
    invitation.token_hash = hash_invitation_token(token)
    return token


def current_link(invitation):
    """The token of the link the invitation was last sent with, to send it again.

    Found by trying the secret keys Django still accepts (SECRET_KEY, then SECRET_KEY_FALLBACKS), so a link outlives
    a key rotation. An invitation whose link no key rebuilds (made before links had a nonce, or under a key dropped
    since) gets a new one (not saved).
    """
    if invitation.link_nonce:
        for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
            token = link_token(invitation.link_nonce, secret)
            if hash_invitation_token(token) == invitation.token_hash:
                return token
    return new_link(invitation)


def invitation_url(token):
    return f"{settings.SITE_URL}{reverse('invitation', kwargs={'token': token})}"


def queue_invitation_emails(
    pairs,
    *,
    dedup_key,
    kind=OutgoingEmail.Kind.INVITATION,
    template="invitation",
    extra_context=None,
    programme_of=None,
):
    """The email carrying each (invitation, token) pair's link, for invitations of one workshop, written to the outbox
    and delivered once the transaction commits (outbox.services.queue_bulk_email): one render per language and expiry.

    Each in its invitee's language (core.languages.recipient_language: their account's, if the address has one).
    Returns the outbox rows written.
    """
    accounts = accounts_by_address(invitation.email for invitation, _token in pairs)

    def context(expires_at):
        return {
            "participant": {"full_name": merge_mark("name")},
            "invitation_url": merge_mark("url"),
            "workshop": pairs[0][0].workshop,
            "expires_at": expires_at,
            "site_url": settings.SITE_URL,
            **(extra_context or {}),
        }

    return queue_bulk_email(
        template=template,
        context=context,
        kind=kind,
        shared={"programme_of": programme_of},
        recipients=[
            BulkRecipient(
                to_email=invitation.email,
                dedup_key=dedup_key(invitation),
                language=recipient_language(
                    user=accounts.get(invitation.email.lower()), invitation=invitation, workshop=invitation.workshop
                ),
                values={"name": invitation.name, "url": invitation_url(token)},
                fields={"invitation_id": invitation.pk},
                group=invitation.expires_at,
            )
            for invitation, token in pairs
        ],
    )


def check_can_invite(workshop, expires_at, now):
    if workshop.status == Workshop.Status.CANCELLED:
        raise InvitationError(_("This workshop is cancelled; nobody can be invited to it."))
    if now >= workshop.starts_at:
        raise InvitationError(_("This workshop has started; invitations are closed."))
    if expires_at is not None and not now < expires_at <= workshop.starts_at:
        raise InvitationError(_("An invitation must expire in the future and no later than the workshop's start."))


def invite(
    *, workshop_id, email, name, organisation_name="", country="", language="", actor=None, expires_at=None, now=None
):
    """Invite one person; the email with the link, in `language` ('' for the workshop's), leaves once the
    transaction commits."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = Workshop.objects.get(pk=workshop_id)
        return write_invitation(
            workshop=workshop,
            email=email,
            name=name,
            organisation_name=organisation_name,
            country=country,
            language=language,
            actor=actor,
            expires_at=expires_at,
            now=now,
        )


def write_invitation(
    *,
    workshop,
    email,
    name,
    organisation_name="",
    country="",
    language="",
    actor,
    now,
    expires_at=None,
    registration_source=Registration.Source.INVITATION,
):
    """Invite one person inside the caller's transaction (an approved nomination's, with its source).

    An invitation to the same address that was revoked or declined is sent again with a fresh link,
    so a person withdrawn and nominated anew gets one; any other earlier invitation is a refusal.
    """
    check_can_invite(workshop, expires_at, now)
    email = email.strip()
    earlier = (
        Invitation.objects.select_for_update().filter(workshop=workshop, email__iexact=email).first()
        if registration_source == Registration.Source.NOMINATION
        else None
    )
    if earlier and earlier.status in (Invitation.Status.REVOKED, Invitation.Status.DECLINED):
        invitation = earlier
        token = new_link(invitation)
        invitation.name, invitation.status = name.strip(), Invitation.Status.PENDING
        invitation.language = language
        invitation.expires_at, invitation.responded_at = expires_at or workshop.starts_at, None
        invitation.registration, invitation.registration_source = None, registration_source
        invitation.save()
        event_id = f"reissued-{now.timestamp()}"
    else:
        invitation = Invitation(
            workshop=workshop,
            email=email,
            name=name.strip(),
            organisation_name=organisation_name.strip(),
            country=country,
            language=language,
            expires_at=expires_at or workshop.starts_at,
            invited_by=actor,
            registration_source=registration_source,
        )
        token = new_link(invitation)
        try:
            with transaction.atomic():
                invitation.save(force_insert=True)
        except IntegrityError as error:
            raise InvitationError(_("%(email)s is already invited to this workshop.") % {"email": email}) from error
        event_id = "invited"
    queue_invitation_email(invitation, token, event_id=event_id, now=now)
    log_action(workshop=workshop, action=Action.INVITATION_SENT, obj=invitation, actor=actor, at=now)
    return invitation


def queue_invitation_email(invitation, token, *, event_id, now):
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=now)
    (email,) = queue_invitation_emails(
        [(invitation, token)], dedup_key=lambda invitation: f"invitation:{invitation.pk}:{event_id}"
    )
    return email


def preview_invitations(*, workshop, data):
    """Parse an uploaded file and check it against the workshop's invitations; writes nothing."""
    parsed = parse_invitation_csv(data)
    if parsed.rows:
        emails = {row.email.lower() for row in parsed.rows}
        already = set(
            Invitation.objects.filter(workshop=workshop)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", flat=True)
        )
        for row in parsed.rows:
            if row.email.lower() in already:
                parsed.add_error(row.line, str(_("%(email)s is already invited.") % {"email": row.email}))
        # One pass: removing rows one by one scans the list each time (seconds for a 20,000-line file).
        parsed.rows = [row for row in parsed.rows if row.email.lower() not in already]
        parsed.errors.sort(key=lambda error: error[0] or 0)
    return parsed


# How long a previewed invitation file waits for the organiser's confirmation before it is purged.
HOLD_FOR = datetime.timedelta(hours=1)


def hold_invitation_file(*, workshop_id, actor, data, answer_by=None, now=None):
    """Keep a previewed file (one per organiser and workshop) until it is confirmed; returns its digest."""
    now = now or timezone.now()
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        purge_held_invitation_files(now=now)
        HeldInvitationFile.objects.update_or_create(
            workshop_id=workshop_id,
            uploaded_by=actor,
            defaults={"digest": digest, "data": data.decode("utf-8-sig"), "answer_by": answer_by, "created_at": now},
        )
    return digest


def take_held_invitation_file(*, workshop_id, actor, digest, now=None):
    """The file this organiser previewed with this digest, removed from the store; None if gone or stale."""
    now = now or timezone.now()
    with transaction.atomic():
        # Looked up only if it can be a digest: what the form sent back may hold anything (PostgreSQL refuses NUL).
        held = (
            HeldInvitationFile.objects.select_for_update()
            .filter(workshop_id=workshop_id, uploaded_by=actor, digest=digest, created_at__gt=now - HOLD_FOR)
            .first()
            if re.fullmatch(r"[0-9a-f]{64}", digest)
            else None
        )
        HeldInvitationFile.objects.filter(workshop_id=workshop_id, uploaded_by=actor).delete()
    return held


def purge_held_invitation_files(*, now=None):
    """Delete the previewed files nobody confirmed in time (their names and addresses with them)."""
    now = now or timezone.now()
    return HeldInvitationFile.objects.filter(created_at__lte=now - HOLD_FOR).delete()[0]


def import_invitations(*, workshop_id, data, actor=None, expires_at=None, now=None):
    """Import a whole file or nothing: returns the ParsedInvitations; rows are created only if it has no error.

    Invitations and their emails are inserted in batches (a fixed number of queries per batch);
    the workshop row lock keeps two imports of the same file from both passing the check.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        check_can_invite(workshop, expires_at, now)
        parsed = preview_invitations(workshop=workshop, data=data)
        if not parsed.ok:
            return parsed
        for start in range(0, len(parsed.rows), IMPORT_BATCH_SIZE):
            batch = parsed.rows[start : start + IMPORT_BATCH_SIZE]
            invitations = [
                Invitation(
                    workshop=workshop,
                    email=row.email,
                    name=row.name,
                    organisation_name=row.organisation,
                    country=row.country,
                    language=row.language,
                    expires_at=expires_at or workshop.starts_at,
                    invited_by=actor,
                    sent_at=now,
                )
                for row in batch
            ]
            tokens = [new_link(invitation) for invitation in invitations]
            Invitation.objects.bulk_create(invitations)
            queue_invitation_emails(
                list(zip(invitations, tokens, strict=True)),
                dedup_key=lambda invitation: f"invitation:{invitation.pk}:invited",
            )
            log_entries(
                entry(workshop=workshop, action=Action.INVITATION_SENT, obj=invitation, actor=actor, at=now)
                for invitation in invitations
            )
    return parsed


def invitation_for_token(token):
    """The invitation a link points to, or None."""
    return Invitation.objects.select_related("workshop").filter(token_hash=hash_invitation_token(token)).first()


def check_answerable(invitation, now):
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationError(_("The organisers have withdrawn this invitation."), invitation=invitation)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationError(
            _("This invitation has already been answered (%(status)s).") % {"status": invitation.get_status_display()},
            invitation=invitation,
        )
    if invitation.is_expired(now) or invitation.workshop.status == Workshop.Status.CANCELLED:
        raise InvitationError(_("This invitation has expired."), invitation=invitation)


def email_matches(invitation, user):
    return user.is_authenticated and user.email.lower() == invitation.email.lower()


def accept_invitation(*, token, user, answers=None, now=None):
    """Turn the invitation into a registration for `user`, who must own the invited address.

    The invitation row is locked after the workshop row (the order every registration takes), so of
    simultaneous accepts one registers and the others find the invitation answered. It is locked by
    its token again: a link replaced while this waited for the lock (the person invited anew) is invalid.
    """
    now = now or timezone.now()
    invitation = invitation_for_token(token)
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    with transaction.atomic(durable=True):
        workshop = lock_workshop(invitation.workshop_id)
        invitation = (
            Invitation.objects.select_for_update()
            .filter(pk=invitation.pk, token_hash=hash_invitation_token(token))
            .first()
        )
        if invitation is None:
            raise InvitationError(_("This invitation link is not valid."))
        invitation.workshop = workshop
        check_answerable(invitation, now)
        if not email_matches(invitation, user):
            raise InvitationError(_("This invitation was sent to another email address."), invitation=invitation)
        participant = participant_for(user, invitation)
        registration = active_registration(workshop=workshop, participant=participant)
        if registration is None:
            try:
                registration = place_registration(
                    workshop=workshop, participant=participant, source=invitation.registration_source, now=now
                )
            except RegistrationError as error:
                raise InvitationError(error.message, invitation=invitation) from error
        if answers is not None:
            # The registration questions, asked on the invitation's page (questions.engine.AnswerForm, valid).
            keep_answers(registration=registration, form=answers, now=now)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.responded_at = now
        invitation.registration = registration
        invitation.save(update_fields=["status", "responded_at", "registration"])
        log_action(workshop=workshop, action=Action.INVITATION_ACCEPTED, obj=invitation, actor=user, at=now)
    return registration


def participant_for(user, invitation):
    """The user's profile, started from what the organiser knew about them if they have none yet."""
    participant = Participant.objects.filter(user=user).first()
    if participant:
        return participant
    organisation = None
    if invitation.organisation_name:
        organisation = Organisation.objects.filter(
            in_any_language("name__iexact", invitation.organisation_name)
        ).first()
    return Participant.objects.create(
        user=user, full_name=invitation.name, country=invitation.country, organisation=organisation
    )


def decline_invitation(*, token, actor=None, now=None):
    """Anyone holding the link may decline: saying no needs no account (`actor` is the user if logged in)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("workshop")
            .filter(token_hash=hash_invitation_token(token))
            .first()
        )
        if invitation is None:
            raise InvitationError(_("This invitation link is not valid."))
        check_answerable(invitation, now)
        invitation.status = Invitation.Status.DECLINED
        invitation.responded_at = now
        invitation.save(update_fields=["status", "responded_at"])
        log_action(workshop=invitation.workshop, action=Action.INVITATION_DECLINED, obj=invitation, actor=actor, at=now)
    return invitation


def lock_invitation(workshop, invitation_id):
    return Invitation.objects.select_for_update().select_related("workshop").get(workshop=workshop, pk=invitation_id)


def revoke_invitation(*, workshop_id, invitation_id, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        invitation = lock_invitation(workshop_id, invitation_id)
        if invitation.status != Invitation.Status.PENDING:
            raise InvitationError(
                _("Only an invitation awaiting an answer can be revoked; this one is %(status)s.")
                % {"status": invitation.get_status_display()}
            )
        mark_revoked(invitation, actor=actor, now=now)
    return invitation


def mark_revoked(invitation, *, actor, now):
    """Revoke a locked invitation inside the caller's transaction: its link stops working."""
    invitation.status = Invitation.Status.REVOKED
    invitation.responded_at = now
    invitation.save(update_fields=["status", "responded_at"])
    log_action(workshop=invitation.workshop, action=Action.INVITATION_REVOKED, obj=invitation, actor=actor, at=now)


def resend_invitation(*, workshop_id, invitation_id, actor, now=None):
    """Send the invitation again, with the link it was sent with (current_link)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        invitation = lock_invitation(workshop_id, invitation_id)
        check_answerable(invitation, now)
        token = current_link(invitation)
        invitation.save(update_fields=["link_nonce", "token_hash"])
        queue_invitation_email(invitation, token, event_id=f"resent-{now.timestamp()}", now=now)
        log_action(workshop=invitation.workshop, action=Action.INVITATION_RESENT, obj=invitation, actor=actor, at=now)
    return invitation


def reissue_failed_link(email, *, actor, now):
    """The link token for an invitation email retried after it failed (its link was blanked then; see
    ParticipantsConfig.ready): the invitation's current link; None if the email is no invitation's or its
    invitation cannot be answered."""
    if email.invitation_id is None:
        return None
    invitation = Invitation.objects.select_for_update().select_related("workshop").get(pk=email.invitation_id)
    try:
        check_answerable(invitation, now)
    except InvitationError:
        return None
    token = current_link(invitation)
    invitation.sent_at = now
    invitation.save(update_fields=["link_nonce", "token_hash", "sent_at"])
    log_action(workshop=invitation.workshop, action=Action.INVITATION_RESENT, obj=invitation, actor=actor, at=now)
    return token


def unanswered_invitations(workshop, now):
    return Invitation.objects.filter(workshop=workshop, status=Invitation.Status.PENDING, expires_at__gt=now)


def remind_unanswered(*, workshop_id, actor, now=None):
    """Send every invitation still awaiting an answer again, each with the link it was sent with; returns how many.

    A cancelled workshop reminds nobody: its links could only say that the invitation has expired.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        workshop = lock_workshop(workshop_id)
        if workshop.status == Workshop.Status.CANCELLED:
            return 0
        invitations = list(unanswered_invitations(workshop, now).select_for_update())
        for invitation in invitations:
            invitation.workshop = workshop
        write_with_links(
            invitations, dedup_key=lambda invitation: f"invitation:{invitation.pk}:reminded-{now.timestamp()}", now=now
        )
        if invitations:
            log_action(
                workshop=workshop,
                action=Action.INVITATIONS_REMINDED,
                actor=actor,
                data={"count": len(invitations)},
                at=now,
            )
    return len(invitations)


def write_with_links(invitations, *, dedup_key, now, **email_options):
    """Write each invitation's email with its current link (current_link), in bulk, delivered once the transaction
    commits; returns the outbox rows.

    Call with the invitations locked and their `workshop` set.
    """
    pairs = []
    for invitation in invitations:
        pairs.append((invitation, current_link(invitation)))
        invitation.sent_at = now
    Invitation.objects.bulk_update(invitations, ["link_nonce", "token_hash", "sent_at"], batch_size=IMPORT_BATCH_SIZE)
    return queue_invitation_emails(pairs, dedup_key=dedup_key, **email_options)
