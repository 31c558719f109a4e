"""Loads the demo content of demo.data into the database, idempotently.

Every row is found by its natural key (slug, email, organisation name, …) and only written when it is missing or
differs from the demo data, so a second run writes nothing and can say so.
"""

import datetime
import random
import zoneinfo
from collections import Counter
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from activity.models import Action, ActivityEntry
from activity.services import entry, log_entries
from core.languages import column
from delegations.models import FocalPoint, Funding, Nomination, Quota
from documents.models import Letterhead, VisaLetterRequest
from documents.rendering import render_pdf
from documents.services import issue_visa_letters, request_visa_letter
from materials.models import Material
from materials.services import add_material, upload_version
from outbox.models import OutgoingEmail
from outcomes.drafting import draft_report
from outcomes.models import Survey, SurveyRecipient, WorkshopReport
from outcomes.surveys import answer_survey, last_session_end, prepare_survey
from participants.emails import queue_registration_email
from participants.models import (
    Attendance,
    Invitation,
    Participant,
    Registration,
    RegistrationAnswer,
    hash_invitation_token,
)
from questions.engine import questions_of
from questions.models import Choice, Purpose, Question, Questionnaire
from sessions.models import ProgrammeSession, Speaker
from sessions.selectors import first_session
from sessions.services import TRANSLATED_FIELDS as SESSION_TEXTS
from travel.airports import airport_zone
from travel.models import Claim, DsaRate, HotelBlock, RoomAssignment, TravelTerms, Trip
from travel.selectors import computation_of
from workshops.models import Organisation, OrganisationKind, OrganiserMembership, Workshop, WorkshopPartner
from workshops.permissions import SECRETARIAT_PERMISSION
from workshops.services import TRANSLATED_FIELDS as WORKSHOP_TEXTS

from . import data

# Seoul registrations are spread over the weeks before the workshop, as they arrived in 2015.
SEOUL_REGISTRATIONS_OPEN = datetime.datetime(2015, 9, 1, 10, 0)
SEOUL_REGISTRATION_SPACING = datetime.timedelta(hours=19)
SEOUL_DECISION_DELAY = datetime.timedelta(days=2)
SEOUL_CHECK_IN_OPENS = datetime.time(8, 30)
SEOUL_BOARDING = datetime.timedelta(seconds=20)
UPCOMING_REGISTRATION_SPACING = datetime.timedelta(hours=5)
# In the demo's log, a workshop is prepared a month before registration opens and announced a week before.
WORKSHOP_PREPARED = datetime.timedelta(days=30)
WORKSHOP_ANNOUNCED = datetime.timedelta(days=7)


class SeedLedger:
    """Writes rows only when they differ from the wanted values, and counts what it wrote per model."""

    def __init__(self):
        self.created = Counter()
        self.updated = Counter()

    @property
    def changed_anything(self):
        return bool(self.created or self.updated)

    def upsert(self, model, lookup, values=None, *, create_values=None, prepare_new=None):
        values = values or {}
        label = str(model._meta.verbose_name_plural)
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values, **(create_values or {}))
            if prepare_new:
                prepare_new(instance)
            self._save(instance)
            self.created[label] += 1
            return instance
        stale = {field: value for field, value in values.items() if getattr(instance, field) != value}
        if stale:
            for field, value in stale.items():
                setattr(instance, field, value)
            self._save(instance)
            self.updated[label] += 1
        return instance

    def ensure_password(self, user, password):
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            self.updated[str(User._meta.verbose_name_plural)] += 1

    @staticmethod
    def _save(instance):
        # Demo data passes the same validation as an admin form, so a typo in it fails loudly, not silently.
        instance.full_clean()
        instance.save()


def local_datetime(workshop, day, clock):
    hours, minutes = map(int, clock.split(":"))
    return datetime.datetime.combine(
        workshop.start_date + datetime.timedelta(days=day), datetime.time(hours, minutes), tzinfo=workshop.tzinfo
    )


def translated(values, fields, languages=tuple(data.TRANSLATIONS)):
    """The columns (`title_fr`, `title_es`, ...) of `languages` for the fields of `values` that data.TRANSLATIONS
    translates into them; a workshop's rows pass the workshop's languages."""
    return {
        column(name, language): data.TRANSLATIONS[language][values[name]]
        for language in languages
        if language in data.TRANSLATIONS
        for name in fields
        if values.get(name) in data.TRANSLATIONS[language]
    }


def seed_organisations(ledger):
    organisations = {}
    for key, fields in data.INTERNATIONAL_BODIES.items():
        fields = {**fields, "acronym": key}
        name = fields.pop("name")
        organisations[key] = ledger.upsert(
            Organisation, {"name": name}, {**fields, **translated({"name": name, **fields}, ("name", "acronym"))}
        )
    for region, administrations in (("ap", data.CUSTOMS_ADMINISTRATIONS), ("mena", data.MENA_CUSTOMS_ADMINISTRATIONS)):
        for country, (name, acronym) in administrations.items():
            organisations[country] = ledger.upsert(
                Organisation,
                {"name": name},
                {
                    "acronym": acronym,
                    "kind": OrganisationKind.CUSTOMS,
                    "country": country,
                    "wco_region": region,
                    **translated({"name": name}, ("name",)),
                },
            )
    return organisations


def seed_account(ledger, account, **flags):
    # The accounts people log in with start in English, the language of the README that lists them; seeding again
    # leaves alone a language chosen since with the language switch.
    user = ledger.upsert(
        User,
        {"email": account["email"]},
        {"name": account["name"], **flags},
        create_values={"language": settings.LANGUAGE_CODE},
        prepare_new=lambda new_user: new_user.set_password(account["password"]),
    )
    ledger.ensure_password(user, account["password"])
    # allauth requires a verified address before it lets anyone log in.
    ledger.upsert(EmailAddress, {"user": user, "email": user.email}, {"verified": True, "primary": True})
    return user


def seed_secretariat(ledger):
    """The secretariat's group holds the permission to create and manage every workshop; the demo's account is in it."""
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    group = ledger.upsert(Group, {"name": data.SECRETARIAT_GROUP})
    if not group.permissions.filter(content_type__app_label=app_label, codename=codename).exists():
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        ledger.updated[str(Group._meta.verbose_name_plural)] += 1
    user = seed_account(ledger, data.SECRETARIAT_ACCOUNT)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        ledger.updated[str(User._meta.verbose_name_plural)] += 1
    return user


def seed_participant(ledger, *, email, full_name, organisation, position, gender, dietary_needs, language=None):
    """`language` None leaves the account's language as it is (a demo account someone logs in with)."""
    user = ledger.upsert(
        User,
        {"email": email},
        {"name": full_name, **({} if language is None else {"language": language})},
        prepare_new=lambda new_user: new_user.set_unusable_password(),
    )
    return ledger.upsert(
        Participant,
        {"user": user},
        {
            "full_name": full_name,
            "organisation": organisation,
            "position": position,
            "country": organisation.country,
            "gender": gender,
            "dietary_needs": dietary_needs,
        },
    )


def seed_people(ledger, organisations, people):
    """Participants with their accounts, each person given as (full name, mailbox, country, position, gender, dietary
    needs, language); {mailbox: participant}."""
    return {
        mailbox: seed_participant(
            ledger,
            email=f"{mailbox}@{country.lower()}.customs.example",
            full_name=full_name,
            organisation=organisations[country],
            position=position,
            gender=gender,
            dietary_needs=dietary_needs,
            language=language,
        )
        for full_name, mailbox, country, position, gender, dietary_needs, language in people
    }


def seed_customs_participants(ledger, organisations):
    """Seoul's participants: the Customs officers of the region, in French for those who asked for it."""
    return seed_people(
        ledger,
        organisations,
        [
            (name, mailbox, *rest, "fr" if mailbox in data.FRENCH_SPEAKING_PARTICIPANTS else "en")
            for name, mailbox, *rest in data.CUSTOMS_PARTICIPANTS
        ],
    )


def seed_workshop_frame(ledger, workshop, *, partners, programme, organisations, participants, organiser):
    """Partners, programme and organiser membership: the parts every demo workshop has."""
    for order, (key, role) in enumerate(partners):
        ledger.upsert(
            WorkshopPartner, {"workshop": workshop, "organisation": organisations[key], "role": role}, {"order": order}
        )
    for slot in programme:
        session = ledger.upsert(
            ProgrammeSession,
            {
                "workshop": workshop,
                "title": slot["title"],
                "starts_at": local_datetime(workshop, slot["day"], slot["start"]),
            },
            {
                "ends_at": local_datetime(workshop, slot["day"], slot["end"]),
                "kind": slot["kind"],
                "room": slot["room"],
                "topics": slot.get("topics", ""),
                "description": slot.get("description", ""),
                "takes_attendance": slot.get("takes_attendance", False),
                **translated(slot, SESSION_TEXTS, workshop.languages),
            },
        )
        speakers = {**data.SPEAKERS, **data.MENA_SPEAKERS}
        for order, (speaker_key, role) in enumerate(slot.get("speakers", [])):
            if speaker_key in speakers:
                name, organisation_key = speakers[speaker_key]
                identity = {"name": name, "organisation": organisations[organisation_key]}
            else:
                participant = participants[speaker_key]
                identity = {"participant": participant, "organisation": participant.organisation}
            ledger.upsert(Speaker, {"session": session, **identity}, {"role": role, "order": order})
    ledger.upsert(
        OrganiserMembership, {"workshop": workshop, "user": organiser}, {"role": OrganiserMembership.Role.ORGANISER}
    )


def seed_seoul_registrations(ledger, workshop, participants, organiser):
    # Administrations nominated their delegates; their nominations are seeded by seed_seoul_delegations.
    first_registration = SEOUL_REGISTRATIONS_OPEN.replace(tzinfo=workshop.tzinfo)
    check_in = datetime.datetime.combine(workshop.start_date, SEOUL_CHECK_IN_OPENS, tzinfo=workshop.tzinfo)
    for index, (mailbox, participant) in enumerate(participants.items()):
        created_at = first_registration + index * SEOUL_REGISTRATION_SPACING
        attended = mailbox not in data.SEOUL_NO_SHOWS
        ledger.upsert(
            Registration,
            {"workshop": workshop, "participant": participant},
            {
                "status": Registration.Status.CONFIRMED,
                "source": Registration.Source.NOMINATION,
                "created_at": created_at,
                "decided_at": created_at + SEOUL_DECISION_DELAY,
                "decided_by": organiser,
                "attended_at": check_in + datetime.timedelta(minutes=index) if attended else None,
            },
        )


def seed_seoul_attendance(ledger, workshop):
    """Who was there each day, checked in at the desk each morning at the time of their first check-in, and at the
    field visit, the session that takes attendance: everyone present that day, boarding the buses at 13:15."""
    field_visit = ProgrammeSession.objects.get(workshop=workshop, takes_attendance=True)
    present = workshop.registrations.filter(attended_at__isnull=False).select_related("participant__user")
    for index, registration in enumerate(present.order_by("created_at", "pk")):
        mailbox = registration.participant.email.split("@")[0]
        days = dict(enumerate(workshop.days))
        if mailbox in data.SEOUL_MISSED_FIELD_VISIT:
            del days[data.SEOUL_FIELD_VISIT_DAY]
        if mailbox in data.SEOUL_LEFT_EARLY:
            days = {number: day for number, day in days.items() if number < data.SEOUL_FIELD_VISIT_DAY}
        for number, day in days.items():
            ledger.upsert(
                Attendance,
                {"registration": registration, "day": day, "session": None},
                {"recorded_at": registration.attended_at + datetime.timedelta(days=number)},
            )
        if data.SEOUL_FIELD_VISIT_DAY in days:
            ledger.upsert(
                Attendance,
                {"registration": registration, "session": field_visit},
                {
                    "day": days[data.SEOUL_FIELD_VISIT_DAY],
                    "recorded_at": field_visit.starts_at - datetime.timedelta(minutes=15) + index * SEOUL_BOARDING,
                },
            )


def seed_upcoming_registrations(ledger, workshop, participants):
    for index, mailbox in enumerate(data.UPCOMING_REGISTRANTS, start=1):
        # Timed from the stored opening of registration, so re-runs on a later day find the same values.
        created_at = workshop.registration_opens_at + index * UPCOMING_REGISTRATION_SPACING
        ledger.upsert(
            Registration,
            {"workshop": workshop, "participant": participants[mailbox]},
            {
                "status": Registration.Status.CONFIRMED,
                "source": Registration.Source.ONLINE,
                "created_at": created_at,
                "decided_at": created_at,
            },
        )


def seed_mena_registrations(ledger, workshop, participants):
    """Their registrations, confirmed at once as registering online confirms them, and the email that tells them so
    with the programme attached, written to the outbox as registering writes it (participants.emails): each in its
    reader's language where the workshop offers it, else in its default, Arabic. Written once, with the
    registration."""
    opening = first_session(workshop)
    for index, participant in enumerate(participants.values(), start=1):
        created_at = workshop.registration_opens_at + index * UPCOMING_REGISTRATION_SPACING
        registration = ledger.upsert(
            Registration,
            {"workshop": workshop, "participant": participant},
            {
                "status": Registration.Status.CONFIRMED,
                "source": Registration.Source.ONLINE,
                "created_at": created_at,
                "decided_at": created_at,
            },
        )
        kind = OutgoingEmail.Kind.REGISTRATION_CONFIRMED
        if not registration.emails.filter(kind=kind).exists():
            queue_registration_email(registration=registration, kind=kind, event_id="created", opening=opening)
            ledger.created[str(OutgoingEmail._meta.verbose_name_plural)] += 1


def focal_point_address(country):
    return f"focal.point@{country.code.lower()}.customs.example"


def seed_quota(ledger, workshop, organisation, *, seats, funded_seats=0):
    ledger.upsert(FocalPoint, {"organisation": organisation, "email": focal_point_address(organisation.country)})
    ledger.upsert(
        Quota, {"workshop": workshop, "organisation": organisation}, {"seats": seats, "funded_seats": funded_seats}
    )


def seed_nomination(ledger, workshop, participant, values):
    return ledger.upsert(
        Nomination,
        {"workshop": workshop, "email": participant.user.email},
        {
            "organisation": participant.organisation,
            "passport_name": participant.full_name,
            "position": participant.position,
            "gender": participant.gender,
            **values,
        },
    )


def seed_seoul_delegations(ledger, workshop, participants, organiser):
    """Each administration's quota, focal point and approved nominations; each delegate's accepted invitation
    holds their registration, as if the flow had run in 2015."""
    delegates = Counter(participant.organisation for participant in participants.values())
    for organisation, count in delegates.items():
        seed_quota(ledger, workshop, organisation, seats=max(count, data.SEOUL_MINIMUM_QUOTA))
    for mailbox, participant in participants.items():
        registration = Registration.objects.get(workshop=workshop, participant=participant)
        invitation = ledger.upsert(
            Invitation,
            {"workshop": workshop, "email": participant.user.email},
            {
                "name": participant.full_name,
                "organisation_name": participant.organisation.name,
                "country": participant.country,
                # A link nobody holds: it was answered long ago.
                "token_hash": hash_invitation_token(f"demo-seoul-{mailbox}"),
                "status": Invitation.Status.ACCEPTED,
                "expires_at": workshop.starts_at,
                "sent_at": registration.created_at - SEOUL_DECISION_DELAY,
                "responded_at": registration.created_at,
                "registration": registration,
                "registration_source": Registration.Source.NOMINATION,
            },
        )
        seed_nomination(
            ledger,
            workshop,
            participant,
            {
                "status": Nomination.Status.APPROVED,
                "decided_at": registration.created_at - SEOUL_DECISION_DELAY,
                "decided_by": organiser,
                "invitation": invitation,
            },
        )


def seed_upcoming_delegations(ledger, workshop, organisations, participants):
    """Quotas for several administrations, the demo focal point's, and the nominations waiting for a decision."""
    for country, (seats, funded_seats) in data.UPCOMING_QUOTAS.items():
        seed_quota(ledger, workshop, organisations[country], seats=seats, funded_seats=funded_seats)
    focal_organisation = organisations[data.FOCAL_POINT_ACCOUNT["organisation"]]
    ledger.upsert(FocalPoint, {"organisation": focal_organisation, "email": data.FOCAL_POINT_ACCOUNT["email"]})
    for mailbox, funding_reason in data.UPCOMING_NOMINATIONS:
        seed_nomination(
            ledger,
            workshop,
            participants[mailbox],
            {
                "status": Nomination.Status.SUBMITTED,
                "funding": Funding.REQUESTED if funding_reason else Funding.NOT_REQUESTED,
                "funding_reason": funding_reason,
            },
        )


def registration_history(registration, organiser):
    """A demo registration's entries: online ones were confirmed at once; each Seoul delegate registered through
    their nomination, was approved two days later, and checked in on the first morning."""
    Status = Registration.Status

    def logged(action, at, actor=organiser, **data):
        return entry(workshop=registration.workshop_id, action=action, obj=registration, actor=actor, data=data, at=at)

    if registration.source != Registration.Source.NOMINATION:
        user = registration.participant.user
        return [
            logged(
                Action.REGISTRATION_CREATED, registration.created_at, user, status=registration.status, source="online"
            )
        ]
    history = [
        logged(Action.REGISTRATION_CREATED, registration.created_at, status=Status.PENDING, source="nomination"),
        logged(Action.REGISTRATION_DECIDED, registration.decided_at, status=[Status.PENDING, registration.status]),
    ]
    if registration.attended_at:
        history.append(logged(Action.REGISTRATION_CHECKED_IN, registration.attended_at))
    return history


def seed_history(ledger, workshop, organiser):
    """The workshop's activity log, told from its rows, the first time the workshop is seeded (a second run
    finds a log and adds nothing)."""
    if ActivityEntry.objects.filter(workshop=workshop).exists():
        return
    registrations = workshop.registrations.select_related("participant__user").order_by("created_at", "pk")
    opened = workshop.registration_opens_at or registrations[0].created_at
    entries = [
        entry(workshop=workshop, action=Action.WORKSHOP_CREATED, actor=organiser, at=opened - WORKSHOP_PREPARED),
        entry(workshop=workshop, action=Action.WORKSHOP_PUBLISHED, actor=organiser, at=opened - WORKSHOP_ANNOUNCED),
    ]
    for registration in registrations:
        entries += registration_history(registration, organiser)
    log_entries(entries)
    ledger.created[str(ActivityEntry._meta.verbose_name_plural)] += len(entries)


def future_schedule(today, tzinfo, *, starts_in_days, duration_days, opened_days_ago, closes_days_before_start):
    """The dates of a workshop still to come (the upcoming one, the one in Amman), worked out once, on the day it is
    first created."""
    start_date = today + datetime.timedelta(days=starts_in_days)
    opens_at = datetime.datetime.combine(today - datetime.timedelta(days=opened_days_ago), datetime.time.min, tzinfo)
    closes_on = start_date - datetime.timedelta(days=closes_days_before_start)
    closes_at = datetime.datetime.combine(closes_on, datetime.time.min, tzinfo)
    return {
        "start_date": start_date,
        "end_date": start_date + datetime.timedelta(days=duration_days - 1),
        "registration_opens_at": opens_at,
        "registration_closes_at": closes_at,
        # Nominations keep the same window as online registration.
        "nomination_opens_at": opens_at,
        "nomination_closes_at": closes_at,
    }


def seed_workshop(ledger, fields, *, partners, programme, organisations, participants, organiser, schedule=None):
    """A published demo workshop with its partners, programme and organiser. `schedule` is a workshop still to come:
    `future_schedule`'s arguments, the day being `schedule["today"]`; its dates are set when it is created and left
    alone after. Seoul's dates are in its fields."""
    fields = dict(fields)
    lookup = {"slug": fields.pop("slug")}
    workshop = ledger.upsert(
        Workshop,
        lookup,
        {**fields, **translated(fields, WORKSHOP_TEXTS, fields["languages"]), "status": Workshop.Status.PUBLISHED},
        create_values=future_schedule(tzinfo=zoneinfo.ZoneInfo(fields["time_zone"]), **schedule) if schedule else None,
    )
    seed_workshop_frame(
        ledger,
        workshop,
        partners=partners,
        programme=programme,
        organisations=organisations,
        participants=participants,
        organiser=organiser,
    )
    return workshop


def seed_seoul_documents(ledger, workshop, organiser):
    """Seoul's concept note, agenda, information note and a few presentations, added through the services the first
    time (files, versions and log entries are real), each a PDF drawn by the portal's own PDF machinery in every
    language the demo data gives it."""
    for document in data.SEOUL_DOCUMENTS:
        titles = dict(zip(data.DOCUMENT_LANGUAGES, document["title"], strict=True))
        if Material.objects.filter(workshop=workshop, title_en=titles["en"]).exists():
            continue
        session = document.get("session")
        fields = {
            **{column("title", language): title for language, title in titles.items()},
            "kind": document["kind"],
            "symbol": document.get("symbol", ""),
            "visibility": document["visibility"],
            "session": ProgrammeSession.objects.get(workshop=workshop, title_en=session).pk if session else None,
        }
        material_id = None
        # As the organisers shared them in 2015: two weeks before the workshop.
        shared_at = local_datetime(workshop, -14, "10:00")
        for language, paragraphs in zip(data.DOCUMENT_LANGUAGES, document["paragraphs"], strict=False):
            title = titles[language] or titles["en"]
            pdf = render_pdf(
                template="workshop_document",
                context={"workshop": workshop, "title": title, "symbol": fields["symbol"], "paragraphs": paragraphs},
                language=language,
            )
            upload = SimpleUploadedFile(f"{title}.pdf", pdf, content_type="application/pdf")
            if material_id is None:
                added = add_material(
                    workshop_id=workshop.pk,
                    actor=organiser,
                    fields=fields,
                    language=language,
                    upload=upload,
                    now=shared_at,
                )
                material_id = added.material_id
            else:
                upload_version(
                    workshop_id=workshop.pk,
                    material_id=material_id,
                    actor=organiser,
                    language=language,
                    upload=upload,
                    now=shared_at,
                )
        ledger.created[str(Material._meta.verbose_name_plural)] += 1


def seed_visa_letter(ledger, workshop, participant, organiser):
    """The demo participant's confirmed seat at the upcoming workshop and their issued visa letter, made the first
    time through the services (so the letter, its email and its log entries are real)."""
    registration = ledger.upsert(
        Registration,
        {"workshop": workshop, "participant": participant},
        create_values={
            "status": Registration.Status.CONFIRMED,
            "source": Registration.Source.ONLINE,
            "created_at": workshop.registration_opens_at + UPCOMING_REGISTRATION_SPACING,
        },
    )
    if registration.visa_letter_requests.exists():
        return
    details = dict(data.DEMO_VISA_REQUEST)
    years = details.pop("passport_validity_years")
    visa_request = request_visa_letter(
        registration_id=registration.pk,
        user=participant.user,
        details={
            **details,
            "passport_expires_on": workshop.end_date.replace(year=workshop.end_date.year + years),
            "arrival_date": workshop.start_date - datetime.timedelta(days=1),
            "departure_date": workshop.end_date + datetime.timedelta(days=1),
        },
    )
    issue_visa_letters(workshop_id=workshop.pk, request_ids=[visa_request.pk], actor=organiser)
    ledger.created[str(VisaLetterRequest._meta.verbose_name_plural)] += 1


def seed_registration_questions(ledger, workshop, questions):
    """The workshop's registration questions and their choices (found by key)."""
    questionnaire = ledger.upsert(Questionnaire, {"workshop": workshop, "purpose": Purpose.REGISTRATION})
    by_key = {}
    for position, spec in enumerate(questions):
        values = {name: value for name, value in spec.items() if name not in ("key", "choices", "shown_when")}
        if "shown_when" in spec:
            key, answer = spec["shown_when"]
            values.update(condition_question=by_key[key], condition_value=answer)
        question = ledger.upsert(
            Question, {"questionnaire": questionnaire, "key": spec["key"]}, {**values, "position": position}
        )
        for order, (key, english, french) in enumerate(spec.get("choices", ())):
            ledger.upsert(
                Choice, {"question": question, "key": key}, {"label_en": english, "label_fr": french, "position": order}
            )
        by_key[spec["key"]] = question
    return by_key


def seed_seoul_answers(ledger, workshop, questions, participants):
    """What Seoul's delegates answered: their dietary needs as their profile says, an arrival the day or two before,
    their unit from their position, and every third one a CITES officer."""
    diets = {"": "none", "Vegetarian": "vegetarian", "No shellfish": "no-shellfish", "Halal": "halal"}
    for index, participant in enumerate(participants.values()):
        registration = Registration.objects.get(workshop=workshop, participant=participant)
        handled = index % 3 == 0
        answers = {
            "dietary-needs": diets.get(participant.dietary_needs, "none"),
            "arrival-date": (workshop.start_date - datetime.timedelta(days=1 + index % 2)).isoformat(),
            "customs-unit": participant.position.split(", ")[-1],
            "handled-cites-permits": handled,
        }
        if handled:
            answers["cites-permits-per-year"] = str(40 + 15 * index)
        for key, value in answers.items():
            ledger.upsert(
                RegistrationAnswer,
                {"registration": registration, "question": questions[key]},
                {"value": value},
                create_values={"answered_at": registration.created_at},
            )


def seed_seoul_evaluation(ledger, workshop):
    """Seoul's evaluation as it ended: sent at the end of the last session to everyone who attended, reminded a
    week later, answered by most of them (answers drawn from a seeded generator), closed. No email is written: the
    demo's people were asked in 2015. Left alone once it exists."""
    if Survey.objects.filter(workshop=workshop, purpose=Survey.Purpose.EVALUATION).exists():
        return
    survey = prepare_survey(workshop_id=workshop.pk, purpose=Survey.Purpose.EVALUATION, actor=None)
    opened_at = last_session_end(workshop)
    reminded_at = opened_at + datetime.timedelta(days=survey.remind_after_days)
    Survey.objects.filter(pk=survey.pk).update(opened_at=opened_at, reminded_at=reminded_at)
    attended = list(workshop.registrations.filter(attended_at__isnull=False).order_by("created_at", "pk"))
    SurveyRecipient.objects.bulk_create(
        SurveyRecipient(survey=survey, registration=registration, sent_at=opened_at) for registration in attended
    )
    rng = random.Random(data.SEOUL_EVALUATION_SEED)
    questions = questions_of(survey.questionnaire_id)
    for registration in attended:
        if rng.random() > data.SEOUL_EVALUATION_ANSWERED:
            continue
        answers = {}
        for question in questions:
            if question.kind == "rating":
                answers[question.pk] = rng.choices(range(1, 6), weights=data.SEOUL_RATING_WEIGHTS)[0]
            elif question.key in data.SEOUL_EVALUATION_TEXTS and rng.random() < data.SEOUL_EVALUATION_WROTE:
                answers[question.pk] = rng.choice(data.SEOUL_EVALUATION_TEXTS[question.key])
        answer_survey(
            survey_id=survey.pk,
            registration_id=registration.pk,
            answers=answers,
            now=opened_at + datetime.timedelta(hours=rng.randint(1, 24 * 14)),
        )
    SurveyRecipient.objects.filter(survey=survey, answered=False).update(reminded_at=reminded_at)
    ledger.created[str(Survey._meta.verbose_name_plural)] += 1


def without(values, key):
    return {name: value for name, value in values.items() if name != key}


def at_incheon(workshop, day, clock):
    return datetime.datetime.combine(
        datetime.date(2015, 11, day), datetime.time.fromisoformat(clock), airport_zone("ICN")
    )


def seed_seoul_travel(ledger, workshop, organiser):
    """Seoul's funded delegates: itineraries (some via Bangkok and Hong Kong), tickets, a hotel block, the DSA at a
    Seoul rate and claims settled in November 2015 (their boarding passes long erased by the retention task)."""
    ledger.upsert(TravelTerms, {"workshop": workshop}, data.SEOUL_TRAVEL_TERMS)
    ledger.upsert(
        DsaRate, {"workshop": workshop, "place": data.SEOUL_DSA_RATE["place"]}, without(data.SEOUL_DSA_RATE, "place")
    )
    ledger.upsert(
        HotelBlock,
        {"workshop": workshop, "hotel": data.SEOUL_HOTEL_BLOCK["hotel"]},
        without(data.SEOUL_HOTEL_BLOCK, "hotel"),
    )
    block = HotelBlock.objects.get(workshop=workshop, hotel=data.SEOUL_HOTEL_BLOCK["hotel"])
    tzinfo = workshop.tzinfo
    for mailbox, origin, via, (in_day, in_clock, in_flight), (
        out_day,
        out_clock,
        out_flight,
    ), cost in data.SEOUL_FUNDED:
        nomination = ledger.upsert(
            Nomination, {"workshop": workshop, "email__startswith": f"{mailbox}@"}, {"funding": Funding.GRANTED}
        )
        arrival, departure = at_incheon(workshop, in_day, in_clock), at_incheon(workshop, out_day, out_clock)
        trip = ledger.upsert(
            Trip,
            {"nomination": nomination},
            {
                "workshop": workshop,
                "origin_airport": origin,
                "via_airports": via,
                "arrival_airport": "ICN",
                "arrival_at": arrival,
                "arrival_flight": in_flight,
                "departure_airport": "ICN",
                "departure_at": departure,
                "departure_flight": out_flight,
                "ticket_by": Trip.TicketBuyer.ORGANISERS,
                "ticket_cost": Decimal(cost),
                "excused_days": data.SEOUL_EXCUSED.get(mailbox, []),
            },
        )
        ledger.upsert(RoomAssignment, {"trip": trip}, {"block": block})
        claim = ledger.upsert(
            Claim,
            {"trip": trip},
            {
                "arrived_on": arrival.astimezone(tzinfo).date(),
                "left_on": departure.astimezone(tzinfo).date(),
                "submitted_at": datetime.datetime.combine(
                    data.SEOUL_CLAIMED_AT.date(), data.SEOUL_CLAIMED_AT.time(), tzinfo
                ),
            },
        )
        trip.workshop, trip.claim = workshop, claim
        computed = computation_of(trip).total
        adjustment, reason = data.SEOUL_ADJUSTED.get(mailbox, (Decimal(0), ""))
        paid = computed + adjustment
        ledger.upsert(
            Claim,
            {"trip": trip},
            {
                "status": Claim.Status.ADJUSTED if reason else Claim.Status.APPROVED,
                "amount": paid,
                "reason": reason,
                "settled_at": datetime.datetime.combine(
                    data.SEOUL_SETTLED_AT.date(), data.SEOUL_SETTLED_AT.time(), tzinfo
                ),
                "settled_by": organiser,
            },
        )
        ledger.upsert(Trip, {"nomination": nomination}, {"dsa_granted": paid})


def seed_upcoming_travel(ledger, workshop, participant, organisations, organiser):
    """The upcoming workshop's rate table and room block, and the demo participant's open itinerary: the Maldives'
    funded delegate, her ticket not bought yet. What follows the workshop's dates is set when first written only:
    a re-run keeps it where the workshop was then (as the workshop keeps its dates)."""
    around = datetime.timedelta(days=30)
    ledger.upsert(TravelTerms, {"workshop": workshop}, data.UPCOMING_TRAVEL_TERMS)
    rate = data.UPCOMING_DSA_RATE
    ledger.upsert(
        DsaRate,
        {"workshop": workshop, "place": rate["place"]},
        without(rate, "place"),
        create_values={"starts_on": workshop.start_date - around, "ends_on": workshop.end_date + around},
    )
    ledger.upsert(
        HotelBlock,
        {"workshop": workshop, "hotel": data.UPCOMING_HOTEL["hotel"]},
        without(data.UPCOMING_HOTEL, "hotel"),
        create_values={
            "first_night": workshop.start_date - datetime.timedelta(days=1),
            "last_night": workshop.end_date,
        },
    )
    organisation = organisations[data.PARTICIPANT_ACCOUNT["organisation"]]
    seed_quota(ledger, workshop, organisation, seats=1, funded_seats=1)
    registration = Registration.objects.get(workshop=workshop, participant=participant)
    invitation = ledger.upsert(
        Invitation,
        {"workshop": workshop, "email": participant.user.email},
        {
            "name": participant.full_name,
            "organisation_name": organisation.name,
            "country": participant.country,
            "token_hash": hash_invitation_token("demo-upcoming-funded-delegate"),
            "status": Invitation.Status.ACCEPTED,
            "registration": registration,
            "registration_source": Registration.Source.NOMINATION,
        },
        create_values={
            "expires_at": workshop.starts_at,
            "sent_at": registration.created_at,
            "responded_at": registration.created_at,
        },
    )
    nomination = ledger.upsert(
        Nomination,
        {"workshop": workshop, "email": participant.user.email},
        {
            "organisation": participant.organisation,
            "passport_name": participant.full_name,
            "position": participant.position,
            "gender": participant.gender,
            "status": Nomination.Status.APPROVED,
            "funding": Funding.GRANTED,
            "decided_by": organiser,
            "invitation": invitation,
        },
        create_values={"decided_at": registration.created_at},
    )
    zone = airport_zone(data.UPCOMING_ITINERARY["arrival_airport"])
    ledger.upsert(
        Trip,
        {"nomination": nomination},
        {"workshop": workshop},
        create_values={
            **data.UPCOMING_ITINERARY,
            "arrival_at": datetime.datetime.combine(
                workshop.start_date - datetime.timedelta(days=1), datetime.time(14, 25), zone
            ),
            "departure_at": datetime.datetime.combine(
                workshop.end_date + datetime.timedelta(days=1), datetime.time(11, 40), zone
            ),
        },
    )


def seed_report(ledger, workshop):
    """Seoul's outcome, published as the portal drafts it from the seeded data (left alone once it exists: an
    organiser trying the demo may have edited it)."""
    bodies = {column("body", language): text for language, text in draft_report(workshop).items()}
    ledger.upsert(WorkshopReport, {"workshop": workshop}, create_values={**bodies, "published_at": timezone.now()})


@transaction.atomic
def seed_demo(*, today=None):
    """Creates or completes the demo data set and returns the ledger of what was written."""
    today = today or timezone.localdate()
    ledger = SeedLedger()
    organisations = seed_organisations(ledger)
    seed_account(ledger, data.ADMIN_ACCOUNT, is_staff=True, is_superuser=True)
    organiser = seed_account(ledger, data.ORGANISER_ACCOUNT)
    seed_secretariat(ledger)
    demo_participant = seed_account(ledger, data.PARTICIPANT_ACCOUNT)
    seed_account(ledger, data.FOCAL_POINT_ACCOUNT)
    seed_participant(
        ledger,
        email=demo_participant.email,
        full_name=demo_participant.name,
        organisation=organisations[data.PARTICIPANT_ACCOUNT["organisation"]],
        position=data.PARTICIPANT_ACCOUNT["position"],
        gender=data.PARTICIPANT_ACCOUNT["gender"],
        dietary_needs=data.PARTICIPANT_ACCOUNT["dietary_needs"],
    )
    participants = seed_customs_participants(ledger, organisations)

    frame = {"organisations": organisations, "participants": participants, "organiser": organiser}
    seoul = seed_workshop(
        ledger, data.SEOUL_WORKSHOP, partners=data.SEOUL_PARTNERS, programme=data.SEOUL_PROGRAMME, **frame
    )
    seed_seoul_registrations(ledger, seoul, participants, organiser)
    seed_seoul_attendance(ledger, seoul)
    seed_seoul_delegations(ledger, seoul, participants, organiser)
    seed_history(ledger, seoul, organiser)
    seed_seoul_documents(ledger, seoul, organiser)
    seed_seoul_evaluation(ledger, seoul)
    seoul_questions = seed_registration_questions(ledger, seoul, data.SEOUL_QUESTIONS)
    seed_seoul_answers(ledger, seoul, seoul_questions, participants)
    seed_seoul_travel(ledger, seoul, organiser)
    seed_report(ledger, seoul)

    upcoming = seed_workshop(
        ledger,
        data.UPCOMING_WORKSHOP,
        partners=data.UPCOMING_PARTNERS,
        programme=data.UPCOMING_PROGRAMME,
        schedule={"today": today, **data.UPCOMING_SCHEDULE},
        **frame,
    )
    seed_upcoming_registrations(ledger, upcoming, participants)
    seed_upcoming_delegations(ledger, upcoming, organisations, participants)
    seed_history(ledger, upcoming, organiser)
    seed_visa_letter(ledger, upcoming, demo_participant.participant, organiser)
    seed_upcoming_travel(ledger, upcoming, demo_participant.participant, organisations, organiser)

    mena = seed_workshop(
        ledger,
        data.MENA_WORKSHOP,
        partners=data.MENA_PARTNERS,
        programme=data.MENA_PROGRAMME,
        schedule={"today": today, **data.MENA_SCHEDULE},
        **frame,
    )
    seed_mena_registrations(ledger, mena, seed_people(ledger, organisations, data.MENA_PARTICIPANTS))
    seed_history(ledger, mena, organiser)
    for workshop in (seoul, upcoming, mena):
        ledger.upsert(Letterhead, {"workshop": workshop}, data.LETTERHEADS[workshop.slug])
    return ledger
