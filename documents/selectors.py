"""What the documents print, read in as few queries as a page of 500 people allows."""

import re

from django.db.models.functions import Lower
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from core.numbers import whole_number
from participants.models import Registration
from participants.selectors import attended_days, meets_certificate_rule, with_days_attended
from sessions.models import Speaker
from workshops.models import Organisation, OrganiserMembership

from .models import Certificate, Letterhead, PdfJob, VisaLetterRequest

Status = Registration.Status
# Bodies whose delegates the official list gathers after the countries, with the speakers.
INTERNATIONAL_KINDS = (
    Organisation.Kind.INTERGOVERNMENTAL,
    Organisation.Kind.UN_PROGRAMME,
    Organisation.Kind.CONVENTION_SECRETARIAT,
)
BADGE_CODE = re.compile(r"^GC(?P<registration>[0-9]{1,12})-(?P<signature>[A-Z0-9]{8})$")


def letterhead_of(workshop):
    """The workshop's letterhead, or an unsaved empty one: documents then print the defaults."""
    return Letterhead.objects.filter(workshop=workshop).first() or Letterhead(workshop=workshop)


def badge_code(registration_id):
    """What a badge's QR code holds: the registration, signed so that a code cannot be made up."""
    signature = salted_hmac("documents.badge", str(registration_id)).hexdigest()[:8].upper()
    return f"GC{registration_id}-{signature}"


def registration_id_from_badge(code):
    """The registration a scanned or typed badge code names, or None if it is not a genuine code."""
    match = BADGE_CODE.match(code.strip().upper())
    registration_id = whole_number(match["registration"]) if match else None
    if registration_id is None or not constant_time_compare(badge_code(registration_id), match[0]):
        return None
    return registration_id


def confirmed_registrations(workshop, registration_ids=None):
    registrations = (
        Registration.objects.filter(workshop=workshop, status=Status.CONFIRMED)
        .select_related("participant__organisation", "participant__user")
        .order_by("pk")
    )
    if registration_ids is not None:
        registrations = registrations.filter(pk__in=registration_ids)
    return registrations


def surname_key(full_name):
    """Sorting by surname without knowing each culture's order: the last word, then the whole name."""
    words = full_name.split()
    return ((words[-1] if words else "").casefold(), full_name.casefold())


ROLE_LABELS = {"speaker": _("Speaker"), "organiser": _("Organiser"), "participant": _("Participant")}


def badge_holders(workshop, registration_ids=None):
    """[(registration, role label)] for badges, by country then surname."""
    registrations = list(confirmed_registrations(workshop, registration_ids))
    speakers = set(
        Speaker.objects.filter(session__workshop=workshop, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )
    organisers = set(
        OrganiserMembership.objects.filter(workshop=workshop, role=OrganiserMembership.Role.ORGANISER).values_list(
            "user_id", flat=True
        )
    )

    def role(participant):
        if participant.pk in speakers:
            return ROLE_LABELS["speaker"]
        if participant.user_id in organisers:
            return ROLE_LABELS["organiser"]
        return ROLE_LABELS["participant"]

    registrations.sort(
        key=lambda r: (
            str(r.participant.country.name) if r.participant.country else "~",
            surname_key(r.participant.full_name),
        )
    )
    return [(registration, role(registration.participant)) for registration in registrations]


def official_list(workshop):
    """The official list of participants: [(heading, [(organisation name, [entries])])].

    Delegations by country (names as the ISO/UN list gives them, in the reader's language), by organisation;
    then the international organisations and secretariats with the programme's speakers who did not register.
    An entry is (name, position, email, phone); email and phone only for those who agreed to be listed with them.
    """
    registrations = list(confirmed_registrations(workshop))
    countries, international = {}, {}
    for registration in registrations:
        participant = registration.participant
        organisation = participant.organisation
        entry = (
            participant.display_name,
            participant.position,
            participant.email if participant.list_contact_details else "",
            participant.phone if participant.list_contact_details else "",
        )
        organisation_name = organisation.name if organisation else ""
        if organisation and organisation.kind in INTERNATIONAL_KINDS:
            international.setdefault(organisation_name, []).append(entry)
        else:
            country = str(participant.country.name) if participant.country else ""
            countries.setdefault(country, {}).setdefault(organisation_name, []).append(entry)
    registered = {registration.participant_id for registration in registrations}
    for speaker in Speaker.objects.filter(session__workshop=workshop).select_related("organisation", "participant"):
        if speaker.participant_id in registered:
            continue
        organisation = speaker.display_organisation
        name = speaker.display_name
        entries = international.setdefault(organisation.name if organisation else "", [])
        if all(existing[0] != name for existing in entries):
            entries.append((name, str(_("Speaker")), "", ""))

    def ordered(organisations):
        return [
            (name, sorted(entries, key=lambda e: surname_key(e[0])))
            for name, entries in sorted(organisations.items(), key=lambda item: (not item[0], item[0].casefold()))
        ]

    sections = [
        (country, ordered(organisations))
        for country, organisations in sorted(countries.items(), key=lambda item: (not item[0], item[0].casefold()))
    ]
    if international:
        sections.append((str(_("International organisations and secretariats")), ordered(international)))
    return sections


def attended_registrations(workshop):
    """Those a certificate may be issued to: confirmed and recorded on as many days as the workshop's rule asks."""
    return with_days_attended(confirmed_registrations(workshop)).filter(
        days_attended__gte=workshop.days_for_certificate
    )


def certificate_shortfalls(workshop):
    """The confirmed people the rule gives no certificate, each with `days_attended`, by name."""
    return (
        with_days_attended(confirmed_registrations(workshop))
        .filter(days_attended__lt=workshop.days_for_certificate)
        .order_by("days_attended", Lower("participant__full_name"), "pk")
    )


def certificate_by_code(code):
    """The certificate a typed code names, or None. Only letters and digits are looked up (PostgreSQL refuses a
    null character in a query)."""
    code = code.strip().upper()
    if not (code.isascii() and code.isalnum() and len(code) <= Certificate._meta.get_field("code").max_length):
        return None
    return (
        Certificate.objects.select_related("registration__participant", "registration__workshop")
        .filter(code=code)
        .first()
    )


def certificate_days(certificate):
    """The days of its workshop the certificate's holder attended, in order."""
    registration = certificate.registration
    return attended_days(registration.workshop, [registration.pk])[registration.pk]


def own_visa_requests(user):
    return VisaLetterRequest.objects.filter(registration__participant__user=user)


def visa_requests(workshop):
    return (
        VisaLetterRequest.objects.filter(registration__workshop=workshop)
        .select_related("registration__participant__organisation")
        .order_by("status", "requested_at", "pk")
    )


def attended_days_counts(registrations):
    """{registration id: days attended} for registrations of any workshops, in one query."""
    ids = [registration.pk for registration in registrations]
    return dict(
        with_days_attended(Registration.objects.filter(pk__in=ids)).order_by().values_list("pk", "days_attended")
    )


def documents_of(registrations, now):
    """{registration id: (certificate available, latest visa letter request or None, may ask for a letter)}
    for "My registrations"; two queries whatever the number of registrations."""
    days = attended_days_counts(registrations)
    latest = {}
    for visa_request in VisaLetterRequest.objects.filter(registration__in=registrations).order_by("requested_at", "pk"):
        latest[visa_request.registration_id] = visa_request
    documents = {}
    for registration in registrations:
        workshop = registration.workshop
        confirmed = registration.status == Status.CONFIRMED
        ended = now >= workshop.ends_at
        certificate = (
            confirmed
            and ended
            and meets_certificate_rule(workshop, days[registration.pk])
            and workshop.status != "cancelled"
        )
        visa_request = latest.get(registration.pk)
        may_ask = confirmed and not ended and (visa_request is None or visa_request.status == "refused")
        documents[registration.pk] = (certificate, visa_request, may_ask)
    return documents


def pdf_jobs(workshop, *, badges_only=False):
    """The workshop's PDF jobs, newest first; check-in staff see the badges' only."""
    jobs = PdfJob.objects.filter(workshop=workshop).select_related("workshop")
    return jobs.filter(kind=PdfJob.Kind.BADGES) if badges_only else jobs


def latest_pdf_jobs(workshop):
    """{(kind, language): the newest job} for the documents page: one query."""
    latest = {}
    for job in pdf_jobs(workshop):
        latest.setdefault((job.kind, job.language), job)
    return latest
