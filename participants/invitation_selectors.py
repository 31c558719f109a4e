"""Reads for the organiser's view of a workshop's invitations: where each one stands, and the workshop's emails."""

from django.db.models import OuterRef, Q, Subquery

from outbox.models import OutgoingEmail

from .models import Invitation


def invitations_with_state(workshop, now):
    """The workshop's invitations by name, each with its `state` (see invitation_state) and its registration."""
    last_email = OutgoingEmail.objects.filter(invitation=OuterRef("pk")).order_by("-created_at", "-pk")
    invitations = list(
        Invitation.objects.filter(workshop=workshop)
        .annotate(email_status=Subquery(last_email.values("status")[:1]))
        .select_related("registration")
        .order_by("name", "pk")
    )
    for invitation in invitations:
        invitation.state = invitation_state(invitation, now)
    return invitations


def invitation_state(invitation, now):
    """One word for the organiser: the answer if there is one, else what became of the last email.

    The invitation carries `email_status`, the status of its last email, as invitations_with_state annotates it.
    """
    if invitation.status != Invitation.Status.PENDING:
        return invitation.status
    if invitation.is_expired(now):
        return "expired"
    return {OutgoingEmail.Status.SENDING: OutgoingEmail.Status.QUEUED}.get(
        invitation.email_status, invitation.email_status or OutgoingEmail.Status.QUEUED
    )


def workshop_emails(workshop):
    """Every email about the workshop: its invitations and its registrations."""
    return OutgoingEmail.objects.filter(Q(invitation__workshop=workshop) | Q(registration__workshop=workshop))
