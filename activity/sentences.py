"""Each log entry as a sentence a person reads ("Demo Organiser confirmed Kim Minjun (was: pending)"),
in the language of the page that shows it. Field and status names are looked up when shown, never stored
as text, so an entry written by an English page reads in French on a French one."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.languages import direction, isolated
from core.personal_data import shown_name

from .models import Action, ObjectType

# The model whose fields and choices an entry's details name, by the kind of object it is about.
MODELS = {
    ObjectType.WORKSHOP: "workshops.Workshop",
    ObjectType.REGISTRATION: "participants.Registration",
    ObjectType.SESSION: "programme.ProgrammeSession",
    ObjectType.INVITATION: "participants.Invitation",
    ObjectType.MATERIAL: "materials.Material",
    ObjectType.QUESTION: "questions.Question",
}


def field_of(entry, name):
    return apps.get_model(MODELS[entry.object_type])._meta.get_field(name)


def status_label(value):
    """A registration status's name in the page's language."""
    status = apps.get_model(MODELS[ObjectType.REGISTRATION])._meta.get_field("status")
    return dict(status.choices).get(value, value)


def shown(value, field):
    """A logged value as a person reads it: choices by their label, times on the workshop's clock."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        # Each item as its field says (a list of languages by their names: core.languages.LanguagesField).
        return ", ".join(shown(item, getattr(field, "base_field", field)) for item in value)
    choices = dict(field.choices or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    moment = parse_datetime(value) if isinstance(value, str) and "T" in value else None
    if moment:
        return date_format(timezone.localtime(moment), "j N Y H:i")
    text = str(value)
    return text if len(text) <= 60 else f"{text[:59]}…"


def listed_changes(entry):
    """Each changed field as "seats: 30 → 40", joined by semicolons; right to left "seats: 30 ← 40", each value
    isolated, so that the arrow points from the old value to the new one as an Arabic reader reads them. A field
    since removed from its model is named as it was logged, so old entries keep reading."""
    arrow = "←" if direction() == "rtl" else "→"
    parts = []
    for name, (before, after) in entry.data.get("fields", {}).items():
        try:
            field = field_of(entry, name)
        except FieldDoesNotExist:
            field = models.Field(verbose_name=name)
        parts.append(f"{field.verbose_name}: {isolated(shown(before, field))} {arrow} {isolated(shown(after, field))}")
    return "; ".join(parts)


def describe(entry):
    """The entry as one sentence in the active language."""
    names = {
        # Names and what people typed keep their own direction in a right-to-left sentence (core.languages).
        "actor": isolated(shown_name(entry.actor_name) or _("The system")),
        "object": isolated(shown_name(entry.object_label)),
    }
    data = entry.data
    action = entry.action
    if action == Action.REGISTRATION_CREATED:
        names["status"] = status_label(data.get("status"))
        if data.get("source") == "organiser":
            return _("%(actor)s added %(object)s (%(status)s)") % names
        if data.get("source") == "invitation":
            return _("%(object)s registered through an invitation (%(status)s)") % names
        if data.get("source") == "nomination":
            return _("%(object)s registered as a nominated delegate (%(status)s)") % names
        return _("%(object)s registered online (%(status)s)") % names
    if action == Action.REGISTRATION_DECIDED:
        was, now = data["status"]
        names["was"] = status_label(was)
        sentences = {
            "confirmed": _("%(actor)s confirmed %(object)s (was: %(was)s)"),
            "rejected": _("%(actor)s rejected %(object)s (was: %(was)s)"),
            "waitlisted": _("%(actor)s moved %(object)s to the waiting list (was: %(was)s)"),
        }
        return sentences[now] % names
    if action == Action.REGISTRATION_CANCELLED:
        names["was"] = status_label(data["status"][0])
        if data.get("own"):
            return _("%(object)s cancelled their registration (was: %(was)s)") % names
        return _("%(actor)s cancelled the registration of %(object)s (was: %(was)s)") % names
    if action == Action.REGISTRATION_PROMOTED:
        names["status"] = status_label(data["status"][1])
        return _("%(object)s moved up from the waiting list (now: %(status)s)") % names
    if action == Action.REGISTRATION_DELETED:
        names["was"] = status_label(data.get("status"))
        return _("%(actor)s deleted the registration of %(object)s (was: %(was)s)") % names
    if action in QUESTION_SENTENCES:
        names["choice"] = isolated(data.get("choice", ""))
        return QUESTION_SENTENCES[action]() % names
    if action in (Action.WORKSHOP_EDITED, Action.SESSION_EDITED, Action.MATERIAL_EDITED, Action.QUESTION_EDITED):
        names["changes"] = listed_changes(entry)
        if action == Action.WORKSHOP_EDITED:
            return _("%(actor)s changed the workshop: %(changes)s") % names
        if action == Action.MATERIAL_EDITED:
            return _("%(actor)s changed the document “%(object)s”: %(changes)s") % names
        if action == Action.QUESTION_EDITED:
            return _("%(actor)s changed the question “%(object)s”: %(changes)s") % names
        return _("%(actor)s changed the session “%(object)s”: %(changes)s") % names
    if action in (Action.MATERIAL_ADDED, Action.MATERIAL_FILE_UPLOADED):
        names["file"] = isolated(data.get("file", ""))
        names["language"] = data.get("language", "")
        if action == Action.MATERIAL_ADDED:
            return _("%(actor)s added the document “%(object)s” (%(file)s, %(language)s)") % names
        return _("%(actor)s uploaded a new version of “%(object)s” (%(file)s, %(language)s)") % names
    if action == Action.SPEAKER_DEADLINE_SET:
        closes_at = parse_datetime(data["closes_at"]) if data.get("closes_at") else None
        if closes_at is None:
            return _("%(actor)s let speakers upload their presentations until the workshop ends") % names
        names["when"] = date_format(timezone.localtime(closes_at), "j N Y H:i")
        return _("%(actor)s let speakers upload their presentations until %(when)s") % names
    if action in SURVEY_SENTENCES:
        names["survey"] = survey_name(data.get("purpose"))
        names["count"] = data.get("count", 0)
        return capfirst(SURVEY_SENTENCES[action](names["count"]) % names)
    if action == Action.SPEAKERS_REMINDED:
        names["count"] = data.get("count", 0)
        return (
            ngettext(
                "%(actor)s reminded %(count)s speaker to upload their presentation",
                "%(actor)s reminded %(count)s speakers to upload their presentation",
                names["count"],
            )
            % names
        )
    if action == Action.WORKSHOP_CANCELLED:
        count = data.get("emails", 0)
        names["count"] = count
        return (
            ngettext(
                "%(actor)s cancelled the workshop and wrote to %(count)s registrant",
                "%(actor)s cancelled the workshop and wrote to %(count)s registrants",
                count,
            )
            % names
        )
    if action == Action.ORGANISATION_MERGED:
        names["merged"] = isolated(data["merged"]["name"])
        return _("%(actor)s merged the organisation “%(merged)s” into “%(object)s”") % names
    if action == Action.ORGANISATION_REVIEWED:
        return _("%(actor)s reviewed the organisation “%(object)s”") % names
    if action == Action.WORKSHOP_DUPLICATED:
        names["source"] = isolated(data["source"]["title"])
        return _("%(actor)s created this workshop as a copy of “%(source)s”") % names
    if action == Action.SESSION_MOVED:
        names["other"] = isolated(data.get("swapped_with", ""))
        return _("%(actor)s swapped the session “%(object)s” with “%(other)s”") % names
    if action in SPEAKER_SENTENCES:
        names["speaker"] = isolated(data.get("speaker", ""))
        return SPEAKER_SENTENCES[action]() % names
    if action in (Action.INVITATIONS_REMINDED, Action.REMINDERS_QUEUED):
        count = data.get("count", 0)
        names["count"] = count
        if action == Action.INVITATIONS_REMINDED:
            return (
                ngettext(
                    "%(actor)s reminded %(count)s person who had not answered their invitation",
                    "%(actor)s reminded %(count)s people who had not answered their invitation",
                    count,
                )
                % names
            )
        return (
            ngettext("%(actor)s queued %(count)s reminder email", "%(actor)s queued %(count)s reminder emails", count)
            % names
        )
    if action in (Action.QUOTA_SET, Action.QUOTAS_IMPORTED):
        names["seats"], names["funded"] = data.get("seats", 0), data.get("funded_seats", 0)
        names["count"] = data.get("count", 0)
        if action == Action.QUOTA_SET:
            return quota_sentence(names, data.get("previous"))
        return (
            ngettext(
                "%(actor)s imported the quotas of %(count)s organisation",
                "%(actor)s imported the quotas of %(count)s organisations",
                names["count"],
            )
            % names
        )
    if action in (Action.FOCAL_POINTS_NOTIFIED, Action.NOMINATIONS_CLOSING_REMINDED):
        names["count"] = data.get("count", 0)
        if action == Action.FOCAL_POINTS_NOTIFIED:
            return (
                ngettext(
                    "%(actor)s wrote to %(count)s focal point about their quota",
                    "%(actor)s wrote to %(count)s focal points about their quota",
                    names["count"],
                )
                % names
            )
        return (
            ngettext(
                "%(actor)s reminded %(count)s focal point that nominations close soon",
                "%(actor)s reminded %(count)s focal points that nominations close soon",
                names["count"],
            )
            % names
        )
    if action in DELEGATION_SENTENCES:
        names["organisation"] = isolated(data.get("organisation", ""))
        return DELEGATION_SENTENCES[action]() % names
    if action == Action.EMAIL_FAILED:
        names["subject"] = data.get("subject", "")
        names["error"] = data.get("error", "")
        return _("The email “%(subject)s” to %(object)s could not be delivered: %(error)s") % names
    if action in (Action.CERTIFICATES_EMAILED, Action.PASSPORT_DATA_ERASED):
        count = data.get("count", 0)
        names["count"] = count
        if action == Action.CERTIFICATES_EMAILED:
            return (
                ngettext(
                    "%(actor)s emailed %(count)s certificate of attendance",
                    "%(actor)s emailed %(count)s certificates of attendance",
                    count,
                )
                % names
            )
        return (
            ngettext(
                "%(actor)s erased the passport data of %(count)s visa letter request",
                "%(actor)s erased the passport data of %(count)s visa letter requests",
                count,
            )
            % names
        )
    if action == Action.PDF_REQUESTED:
        names["document"] = PDF_DOCUMENTS.get(data.get("document"), lambda: data.get("document", ""))()
        return _("%(actor)s had %(document)s drawn as one PDF") % names
    if action == Action.VISA_LETTER_ISSUED:
        names["reference"] = data.get("reference", "")
        return _("%(actor)s issued the visa letter %(reference)s to %(object)s") % names
    if action == Action.VISA_LETTER_REFUSED:
        names["reason"] = data.get("reason", "")
        return _("%(actor)s refused the visa letter of %(object)s: %(reason)s") % names
    return SIMPLE_SENTENCES[action]() % names


# The documents a PDF job draws (documents.models.PdfJobKind), as a sentence names them.
PDF_DOCUMENTS = {
    "badges": lambda: _("the name badges"),
    "certificates": lambda: _("the certificates of attendance"),
    "official_list": lambda: _("the official list of participants"),
}

# A survey's entries name it by its purpose (outcomes.models.SurveyPurpose; activity names other apps' values).
SURVEY_NAMES = {"evaluation": lambda: _("the evaluation survey"), "follow_up": lambda: _("the follow-up survey")}


def survey_name(purpose):
    return SURVEY_NAMES[purpose]() if purpose in SURVEY_NAMES else _("a survey")


SURVEY_SENTENCES = {
    Action.SURVEY_PREPARED: lambda count: _("%(actor)s prepared %(survey)s from its template"),
    Action.SURVEY_EDITED: lambda count: _("%(actor)s changed the settings of %(survey)s"),
    Action.SURVEY_OPENED: lambda count: ngettext(
        "%(survey)s opened and was sent to %(count)s participant",
        "%(survey)s opened and was sent to %(count)s participants",
        count,
    ),
    Action.SURVEY_REMINDED: lambda count: ngettext(
        "%(actor)s reminded %(count)s participant to answer %(survey)s",
        "%(actor)s reminded %(count)s participants to answer %(survey)s",
        count,
    ),
}

# Sentences that need nothing but who did it and to what. Functions, so each is translated when shown.
SIMPLE_SENTENCES = {
    Action.REGISTRATION_ANSWERED: lambda: _("%(object)s answered the registration questions"),
    Action.REGISTRATION_CHECKED_IN: lambda: _("%(actor)s checked in %(object)s"),
    Action.REGISTRATION_CHECK_IN_UNDONE: lambda: _("%(actor)s undid the check-in of %(object)s"),
    Action.REGISTRATION_ANONYMISED: lambda: _(
        "A participant deleted their account; their registration stays, anonymised"
    ),
    Action.WORKSHOP_CREATED: lambda: _("%(actor)s created the workshop"),
    Action.WORKSHOP_PUBLISHED: lambda: _("%(actor)s published the workshop"),
    Action.WORKSHOP_UNPUBLISHED: lambda: _("%(actor)s took the workshop back to draft"),
    Action.REPORT_SAVED: lambda: _("%(actor)s saved the workshop report"),
    Action.REPORT_PUBLISHED: lambda: _("%(actor)s published the workshop report as its outcome"),
    Action.REPORT_UNPUBLISHED: lambda: _("%(actor)s took the workshop report off the workshop page"),
    Action.SESSION_ADDED: lambda: _("%(actor)s added the session “%(object)s”"),
    Action.SESSION_DELETED: lambda: _("%(actor)s deleted the session “%(object)s”"),
    Action.INVITATION_SENT: lambda: _("%(actor)s invited %(object)s"),
    Action.INVITATION_RESENT: lambda: _("%(actor)s sent the invitation to %(object)s again"),
    Action.INVITATION_REVOKED: lambda: _("%(actor)s revoked the invitation to %(object)s"),
    Action.INVITATION_ACCEPTED: lambda: _("%(object)s accepted the invitation"),
    Action.INVITATION_DECLINED: lambda: _("%(object)s declined the invitation"),
    Action.CERTIFICATE_ISSUED: lambda: _("%(actor)s issued the certificate of attendance of %(object)s"),
    Action.VISA_LETTER_REQUESTED: lambda: _("%(object)s asked for a visa support letter"),
    Action.LETTERHEAD_EDITED: lambda: _("%(actor)s changed the letterhead and signature of the documents"),
    Action.TRAVEL_TERMS_SET: lambda: _("%(actor)s set the travel budget and terms"),
    Action.DSA_RATE_ADDED: lambda: _("%(actor)s added a DSA rate to the rate table"),
    Action.HOTEL_BLOCK_ADDED: lambda: _("%(actor)s added a hotel room block"),
    Action.ITINERARY_SAVED: lambda: _("%(actor)s saved the itinerary of %(object)s"),
    Action.TICKET_RECORDED: lambda: _("%(actor)s recorded the ticket of %(object)s"),
    Action.ROOM_ASSIGNED: lambda: _("%(actor)s assigned a hotel room to %(object)s"),
    Action.DSA_SET: lambda: _("%(actor)s set the DSA share or excused days of %(object)s"),
    Action.DSA_GRANTED: lambda: _("%(actor)s granted the DSA of %(object)s"),
    Action.CLAIM_SUBMITTED: lambda: _("%(object)s submitted a travel claim"),
    Action.CLAIM_APPROVED: lambda: _("%(actor)s approved the travel claim of %(object)s"),
    Action.CLAIM_ADJUSTED: lambda: _("%(actor)s approved the travel claim of %(object)s with an adjustment"),
    Action.CLAIM_REJECTED: lambda: _("%(actor)s rejected the travel claim of %(object)s"),
}
# An entry about a nomination or a focal point names the organisation it is for (copied in, as the names are).
DELEGATION_SENTENCES = {
    Action.NOMINATION_SUBMITTED: lambda: _("%(actor)s nominated %(object)s for %(organisation)s"),
    Action.NOMINATION_WITHDRAWN: lambda: _("%(actor)s withdrew the nomination of %(object)s (%(organisation)s)"),
    Action.NOMINATION_APPROVED: lambda: _("%(actor)s approved the nomination of %(object)s (%(organisation)s)"),
    Action.NOMINATION_REJECTED: lambda: _("%(actor)s rejected the nomination of %(object)s (%(organisation)s)"),
    Action.FUNDING_GRANTED: lambda: _("%(actor)s granted funding to %(object)s (%(organisation)s)"),
    Action.FUNDING_NOT_GRANTED: lambda: _("%(actor)s did not grant funding to %(object)s (%(organisation)s)"),
    Action.NOMINATION_LETTER_UPLOADED: lambda: _("%(actor)s uploaded the nomination letter of %(organisation)s"),
    Action.FOCAL_POINT_ADDED: lambda: _("%(actor)s made %(object)s a focal point of %(organisation)s"),
    Action.FOCAL_POINT_REMOVED: lambda: _("%(actor)s removed %(object)s as a focal point of %(organisation)s"),
}
QUESTION_SENTENCES = {
    Action.QUESTION_ADDED: lambda: _("%(actor)s added the question “%(object)s”"),
    Action.QUESTION_MOVED: lambda: _("%(actor)s moved the question “%(object)s”"),
    Action.QUESTION_ARCHIVED: lambda: _("%(actor)s archived the question “%(object)s” (its answers are kept)"),
    Action.CHOICE_ADDED: lambda: _("%(actor)s added the choice “%(choice)s” to the question “%(object)s”"),
    Action.CHOICE_HIDDEN: lambda: _("%(actor)s hid the choice “%(choice)s” of the question “%(object)s”"),
    Action.CHOICE_SHOWN: lambda: _("%(actor)s offered again the choice “%(choice)s” of the question “%(object)s”"),
}
SPEAKER_SENTENCES = {
    Action.SPEAKER_ADDED: lambda: _("%(actor)s added %(speaker)s to the session “%(object)s”"),
    Action.SPEAKER_EDITED: lambda: _("%(actor)s changed %(speaker)s in the session “%(object)s”"),
    Action.SPEAKER_REMOVED: lambda: _("%(actor)s removed %(speaker)s from the session “%(object)s”"),
    Action.SPEAKER_MOVED: lambda: _("%(actor)s reordered the speakers of the session “%(object)s” (%(speaker)s)"),
}


def quota_sentence(names, previous):
    """What a quota's change changed: one figure when only one moved ([seats, funded seats] before), else both."""
    if previous:
        seats_before, funded_before = previous
        if funded_before == names["funded"]:
            return _("%(actor)s changed the seats of %(object)s from %(before)s to %(seats)s") % {
                **names,
                "before": seats_before,
            }
        if seats_before == names["seats"]:
            return _("%(actor)s changed the funded seats of %(object)s from %(before)s to %(funded)s") % {
                **names,
                "before": funded_before,
            }
    return _("%(actor)s set the quota of %(object)s to %(seats)s seats, %(funded)s funded") % names
