"""The personal data of the delegations: nominations of a person, their log entries, and the person's places as
a focal point (core.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activity.privacy import register_entries_about
from activity.services import OBJECT_TYPES
from core.personal_data import ERASED_NAME, PersonalData, erased_address, register
from outbox.models import SharedBody
from outbox.privacy import described as described_email
from outbox.privacy import emails_keyed

from .models import FocalPoint, Nomination


def nominations_of(person):
    """Where the person is the nominee: by the address they were nominated with, or through the registration
    the nomination's invitation made."""
    return Nomination.objects.filter(
        Q(email__iexact=person.email) | Q(invitation__registration__participant__user_id=person.user_id)
    )


def focal_points_of(person):
    return FocalPoint.objects.filter(email__iexact=person.email)


register(
    PersonalData(
        section="nominations",
        title=_("Your nominations"),
        model="delegations.Nomination",
        rows=nominations_of,
        fields=("passport_name", "email", "position", "funding_reason", "decision_message"),
        # The nomination stays: the quota's seats and the funding budget count it. Gender and language stay for
        # the statistics; nothing else says who it was.
        erased={
            "passport_name": ERASED_NAME,
            "email": erased_address(),
            "position": "",
            "funding_reason": "",
            "decision_message": "",
        },
        related=("workshop", "organisation"),
        details=lambda nomination: {
            "workshop": nomination.workshop.title,
            "organisation": nomination.organisation.name,
            "status": nomination.get_status_display(),
            "funding": nomination.get_funding_display(),
            "nominated_at": nomination.created_at.isoformat(),
        },
    )
)
register_entries_about(
    section="activity_about_nominations",
    title=_("Log entries about your nominations and focal point roles"),
    objects=lambda person: {
        OBJECT_TYPES["delegations.nomination"]: nominations_of(person).values("pk"),
        OBJECT_TYPES["delegations.focalpoint"]: focal_points_of(person).values("pk"),
    },
)


def emails_about_nominations(person):
    """The emails about the person's nominations, to the focal points as well as to them."""
    return emails_keyed(f"nomination:{pk}:" for pk in nominations_of(person).values_list("pk", flat=True))


register(
    PersonalData(
        section="emails_about_nominations",
        title=_("Emails about your nominations"),
        model="outbox.OutgoingEmail",
        rows=emails_about_nominations,
        fields=("subject",),
        # The email stays (sent to the focal point, who is not gone), saying nothing; its shared body is below.
        erased={"subject": ERASED_NAME, "body_text": "", "body_html": "", "merge_values": {}, "attachments": []},
        details=described_email,
    )
)
register(
    PersonalData(
        section="email_bodies_about_nominations",
        title=_("The texts of the emails about your nominations"),
        model="outbox.SharedBody",
        # A delegation email is rendered once for the focal points of one nomination's event, with the name in it.
        rows=lambda person: SharedBody.objects.filter(emails__in=emails_about_nominations(person)).distinct(),
        fields=("body_text",),
        erased={"body_text": "", "body_html": ""},
    )
)
register(
    PersonalData(
        section="focal_point_of",
        title=_("Organisations you speak for"),
        model="delegations.FocalPoint",
        rows=focal_points_of,
        fields=("email",),
        erased=None,  # someone gone speaks for no organisation
        related=("organisation",),
        details=lambda focal_point: {"organisation": focal_point.organisation.name},
    )
)
