import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class EmailKind(models.TextChoices):
    ACCOUNT = "account", _("Account (verification, password reset)")
    REGISTRATION_RECEIVED = "registration_received", _("Registration received")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("Registration confirmed")
    REGISTRATION_WAITLISTED = "registration_waitlisted", _("Registration waitlisted")
    REGISTRATION_PROMOTED = "registration_promoted", _("Promoted from the waitlist")
    REGISTRATION_REJECTED = "registration_rejected", _("Registration rejected")
    REGISTRATION_CANCELLED = "registration_cancelled", _("Registration cancelled")
    WORKSHOP_CANCELLED = "workshop_cancelled", _("Workshop cancelled")
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")
    CERTIFICATE = "certificate", _("Certificate of attendance")
    VISA_LETTER = "visa_letter", _("Visa support letter")
    DELEGATION = "delegation", _("Delegation (quota, nomination, funding)")
    OTHER = "other", _("Other")


SUBJECT_MAX_LENGTH = 255


def fitted_subject(subject):
    """The subject as it fits its column: a long workshop title is cut short with an ellipsis."""
    return subject if len(subject) <= SUBJECT_MAX_LENGTH else subject[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"


def current_language():
    """The language active when a row is written: the email was rendered in it, and its attachments are made in it."""
    return translation.get_language() or settings.LANGUAGE_CODE


# Room for 128 random bits in hex and any host name (at most 253 characters) around the "@".
MESSAGE_ID_MAX_LENGTH = 300


def new_message_id():
    """The Message-ID of a new row's email: 128 random bits at the site's host name (SITE_URL's). It is written with
    the row and sent with every attempt, so the rare resend of a message the server had accepted (a worker killed
    before marking its row sent) carries the same id, and mail clients show it once."""
    return f"<{uuid.uuid4().hex}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


def merge_mark(field):
    return f"[[merge:{field}]]"


def merged_text(template, values, *, html):
    """`template` with each merge mark replaced by its value from `values`, escaped in an HTML body."""
    for field, value in values.items():
        template = template.replace(merge_mark(field), escape(value) if html else value)
    return template


class SharedBody(models.Model):
    """The bodies of one bulk send in one language (outbox.services.MergedEmail), stored once with merge marks where
    each recipient's values go: its outbox rows carry only their values and are filled when sent, so a sweep of
    thousands of emails about a long programme stores that programme once instead of in every row."""

    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared email body")
        verbose_name_plural = _("shared email bodies")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class OutgoingEmail(models.Model):
    """An email the portal has decided to send: written in the transaction that decided it,
    delivered afterwards by a Celery task, so nothing is lost when the broker or SMTP is down."""

    Status = EmailStatus
    Kind = EmailKind

    to_email = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("A list of {filename, mimetype, content} objects: files made for this recipient alone."),
    )
    # The programme is the same file for everyone at a workshop: made when the email is sent (from the programme as
    # it is then, in the row's language) instead of copied into thousands of rows.
    programme_of = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme attached"),
        help_text=_("The workshop whose programme is attached as a calendar file, made when the email is sent."),
    )
    shared_body = models.ForeignKey(
        SharedBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("shared body"),
        help_text=_("The bodies of a bulk send this email belongs to; its own values are merged in when it is sent."),
    )
    merge_values = models.JSONField(
        _("merge values"),
        default=dict,
        blank=True,
        help_text=_("This recipient's values for the merge marks of the shared body (name, link…)."),
    )
    language = models.CharField(_("language"), max_length=15, default=current_language)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    registration = models.ForeignKey(
        "participants.Registration", on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    invitation = models.ForeignKey(
        "participants.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dedup_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        unique=True,
        help_text=_("Names the event this email reports, so that the same event is never mailed twice."),
    )
    message_id = models.CharField(
        _("Message-ID"),
        max_length=MESSAGE_ID_MAX_LENGTH,
        default=new_message_id,
        editable=False,
        help_text=_("The Message-ID header of this email, the same in every attempt: a resend reads as one email."),
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    pruned_at = models.DateTimeField(
        _("content removed"),
        null=True,
        blank=True,
        help_text=_(
            "When the bodies and attachments of this sent email were removed; the row stays, so it is never sent again."
        ),
    )

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"], name="outgoing_email_sweep_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=EmailStatus.values), name="outgoing_email_status_valid"),
            # A constraint rather than unique=True, which would add a second index for LIKE lookups on PostgreSQL.
            models.UniqueConstraint(fields=["message_id"], name="outgoing_email_message_id_unique"),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(status=EmailStatus.SENT),
                name="outgoing_email_sent_at_only_if_sent",
            ),
            models.CheckConstraint(
                condition=Q(pruned_at__isnull=True) | Q(status=EmailStatus.SENT),
                name="outgoing_email_pruned_only_if_sent",
            ),
            models.CheckConstraint(
                condition=Q(shared_body__isnull=True) | (Q(body_text="") & Q(body_html="")),
                name="outgoing_email_bodies_stored_once",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email} ({self.get_status_display()})"

    @property
    def filled_text(self):
        """The text body as sent: the row's own, or its shared body with the row's merge values filled in."""
        if self.shared_body_id is None:
            return self.body_text
        return merged_text(self.shared_body.body_text, self.merge_values, html=False)

    @property
    def filled_html(self):
        """The HTML body as sent (see filled_text); merge values are escaped."""
        if self.shared_body_id is None:
            return self.body_html
        return merged_text(self.shared_body.body_html, self.merge_values, html=True)
