from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What happened. The part before the dot is the kind of thing it happened to (the timeline's filter)."""

    REGISTRATION_CREATED = "registration.created", _("Registration created")
    REGISTRATION_DECIDED = "registration.decided", _("Registration decided")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    REGISTRATION_PROMOTED = "registration.promoted", _("Promoted from the waiting list")
    REGISTRATION_CHECKED_IN = "registration.checked_in", _("Checked in")
    REGISTRATION_CHECK_IN_UNDONE = "registration.check_in_undone", _("Check-in undone")
    REGISTRATION_DELETED = "registration.deleted", _("Registration deleted")
    REGISTRATION_ANONYMISED = "registration.anonymised", _("Participant deleted their account")
    REGISTRATION_ANSWERED = "registration.answered", _("Registration questions answered")
    WORKSHOP_CREATED = "workshop.created", _("Workshop created")
    WORKSHOP_EDITED = "workshop.edited", _("Workshop edited")
    WORKSHOP_PUBLISHED = "workshop.published", _("Workshop published")
    WORKSHOP_UNPUBLISHED = "workshop.unpublished", _("Workshop unpublished")
    WORKSHOP_CANCELLED = "workshop.cancelled", _("Workshop cancelled")
    WORKSHOP_DUPLICATED = "workshop.duplicated", _("Workshop duplicated")
    REPORT_SAVED = "workshop.report_saved", _("Report saved")
    REPORT_PUBLISHED = "workshop.report_published", _("Report published")
    REPORT_UNPUBLISHED = "workshop.report_unpublished", _("Report taken off the workshop page")
    SURVEY_PREPARED = "workshop.survey_prepared", _("Survey prepared")
    SURVEY_EDITED = "workshop.survey_edited", _("Survey settings changed")
    SURVEY_OPENED = "workshop.survey_opened", _("Survey opened and sent")
    SURVEY_REMINDED = "workshop.survey_reminded", _("Survey reminder sent")
    SESSION_ADDED = "session.added", _("Session added")
    SESSION_EDITED = "session.edited", _("Session edited")
    SESSION_MOVED = "session.moved", _("Session moved")
    SESSION_DELETED = "session.deleted", _("Session deleted")
    SPEAKER_ADDED = "session.speaker_added", _("Speaker added")
    SPEAKER_EDITED = "session.speaker_edited", _("Speaker edited")
    SPEAKER_REMOVED = "session.speaker_removed", _("Speaker removed")
    SPEAKER_MOVED = "session.speaker_moved", _("Speaker moved")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_RESENT = "invitation.resent", _("Invitation sent again")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_DECLINED = "invitation.declined", _("Invitation declined")
    INVITATIONS_REMINDED = "invitation.reminded", _("Unanswered invitations reminded")
    REMINDERS_QUEUED = "reminder.queued", _("Reminders queued")
    QUOTA_SET = "delegation.quota_set", _("Quota set")
    QUOTAS_IMPORTED = "delegation.quotas_imported", _("Quotas imported")
    FOCAL_POINTS_NOTIFIED = "delegation.notified", _("Focal points notified")
    NOMINATIONS_CLOSING_REMINDED = "delegation.closing_reminded", _("Focal points reminded that nominations close")
    NOMINATION_SUBMITTED = "delegation.nominated", _("Delegate nominated")
    NOMINATION_WITHDRAWN = "delegation.withdrawn", _("Nomination withdrawn")
    NOMINATION_APPROVED = "delegation.approved", _("Nomination approved")
    NOMINATION_REJECTED = "delegation.rejected", _("Nomination rejected")
    FUNDING_GRANTED = "delegation.funding_granted", _("Funding granted")
    FUNDING_NOT_GRANTED = "delegation.funding_not_granted", _("Funding not granted")
    NOMINATION_LETTER_UPLOADED = "delegation.letter_uploaded", _("Nomination letter uploaded")
    FOCAL_POINT_ADDED = "delegation.focal_point_added", _("Focal point added")
    FOCAL_POINT_REMOVED = "delegation.focal_point_removed", _("Focal point removed")
    EMAIL_FAILED = "email.failed", _("Email failed")
    ORGANISATION_MERGED = "organisation.merged", _("Organisations merged")
    ORGANISATION_REVIEWED = "organisation.reviewed", _("Organisation reviewed")
    CERTIFICATE_ISSUED = "document.certificate_issued", _("Certificate issued")
    CERTIFICATES_EMAILED = "document.certificates_emailed", _("Certificates emailed")
    VISA_LETTER_REQUESTED = "document.visa_letter_requested", _("Visa letter requested")
    VISA_LETTER_ISSUED = "document.visa_letter_issued", _("Visa letter issued")
    VISA_LETTER_REFUSED = "document.visa_letter_refused", _("Visa letter refused")
    PASSPORT_DATA_ERASED = "document.passport_data_erased", _("Passport data erased")
    LETTERHEAD_EDITED = "document.letterhead_edited", _("Letterhead edited")
    PDF_REQUESTED = "document.pdf_requested", _("PDF asked for")
    MATERIAL_ADDED = "document.material_added", _("Document added")
    MATERIAL_FILE_UPLOADED = "document.material_uploaded", _("New version of a document uploaded")
    MATERIAL_EDITED = "document.material_edited", _("Document edited")
    MATERIAL_REMOVED = "document.material_removed", _("Document removed")
    SPEAKER_DEADLINE_SET = "document.speaker_deadline_set", _("Speakers' upload deadline set")
    SPEAKERS_REMINDED = "document.speakers_reminded", _("Speakers reminded to upload")
    QUESTION_ADDED = "question.added", _("Question added")
    QUESTION_EDITED = "question.edited", _("Question edited")
    QUESTION_MOVED = "question.moved", _("Question moved")
    QUESTION_ARCHIVED = "question.archived", _("Question archived")
    CHOICE_ADDED = "question.choice_added", _("Choice added")
    CHOICE_HIDDEN = "question.choice_hidden", _("Choice hidden")
    CHOICE_SHOWN = "question.choice_shown", _("Choice offered again")
    TRAVEL_TERMS_SET = "travel.terms_set", _("Travel budget and terms set")
    DSA_RATE_ADDED = "travel.rate_added", _("DSA rate added")
    HOTEL_BLOCK_ADDED = "travel.hotel_block_added", _("Hotel room block added")
    ITINERARY_SAVED = "travel.itinerary_saved", _("Itinerary saved")
    TICKET_RECORDED = "travel.ticket_recorded", _("Ticket recorded")
    ROOM_ASSIGNED = "travel.room_assigned", _("Hotel room assigned")
    DSA_SET = "travel.dsa_set", _("DSA share or excused days set")
    DSA_GRANTED = "travel.dsa_granted", _("DSA granted")
    CLAIM_SUBMITTED = "travel.claim_submitted", _("Travel claim submitted")
    CLAIM_APPROVED = "travel.claim_approved", _("Travel claim approved")
    CLAIM_ADJUSTED = "travel.claim_adjusted", _("Travel claim approved with an adjustment")
    CLAIM_REJECTED = "travel.claim_rejected", _("Travel claim rejected")


class ActionKind(models.TextChoices):
    """The filter of the timeline: the first part of every action name."""

    WORKSHOP = "workshop", _("Workshop")
    REGISTRATION = "registration", _("Registrations")
    SESSION = "session", _("Programme")
    INVITATION = "invitation", _("Invitations")
    REMINDER = "reminder", _("Reminders")
    DELEGATION = "delegation", _("Delegations")
    EMAIL = "email", _("Emails")
    ORGANISATION = "organisation", _("Organisations")
    DOCUMENT = "document", _("Documents")
    QUESTION = "question", _("Questions")
    TRAVEL = "travel", _("Travel")


class ObjectType(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    REGISTRATION = "registration", _("registration")
    SESSION = "session", _("session")
    INVITATION = "invitation", _("invitation")
    QUOTA = "quota", _("quota")
    NOMINATION = "nomination", _("nomination")
    NOMINATION_LETTER = "nomination_letter", _("nomination letter")
    FOCAL_POINT = "focal_point", _("focal point")
    EMAIL = "email", _("email")
    ORGANISATION = "organisation", _("organisation")
    MATERIAL = "material", _("document")
    QUESTION = "question", _("question")
    TRIP = "trip", _("trip")


class ActivityEntry(models.Model):
    """One change to a workshop: who did what, to what, when, and what it was before.

    Written by the service that made the change, in the same transaction, so the log holds exactly
    what happened. The actor's and the object's names are copied in: the entry still reads right
    once a session is deleted or a person renamed, and a page of entries needs no joins.
    """

    Action = Action
    ObjectType = ObjectType

    # Empty for what concerns no one workshop, such as the secretariat merging two organisations or naming
    # a focal point: such entries show in the admin's log, never on a workshop's timeline.
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity",
        verbose_name=_("workshop"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty for the system: a scheduled task or a delivery worker."),
    )
    actor_name = models.CharField(_("who (name)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=20, choices=ObjectType.choices)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("activity entry")
        verbose_name_plural = _("activity entries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["workshop", "-created_at", "-id"], name="activity_timeline_idx"),
            models.Index(fields=["object_type", "object_id"], name="activity_object_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=Action.values), name="activity_action_valid"),
            models.CheckConstraint(condition=Q(object_type__in=ObjectType.values), name="activity_object_type_valid"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or 'system'}: {self.action} {self.object_label}"

    @property
    def kind(self):
        return self.action.split(".", 1)[0]
