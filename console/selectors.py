"""The console's reads: each page's numbers in a fixed number of queries, whatever the workshop's size."""

import collections
import datetime

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from core.languages import column, columns, in_any_language, name_in_text, offered_by
from delegations.models import Funding, Nomination
from delegations.selectors import funding_granted, gender_balance, workshop_quotas
from participants.models import Attendance, Gender, Invitation, Registration
from participants.selectors import seat_counts, with_days_attended, with_seat_counts
from sessions.models import ProgrammeSession
from sessions.services import TRANSLATED_FIELDS as SESSION_TEXTS
from workshops.models import OrganisationKind, Workshop
from workshops.services import TRANSLATED_FIELDS as WORKSHOP_TEXTS

Status = Registration.Status
# Registrations still in play: what the breakdowns of a dashboard describe.
ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)


def outstanding_invitations_count(now):
    invitations = (
        Invitation.objects.filter(workshop=OuterRef("pk"), status=Invitation.Status.PENDING, expires_at__gt=now)
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(invitations, output_field=IntegerField()), 0)


def with_numbers(workshops, now=None):
    """The seat counts of every status and the outstanding invitations, in the same query."""
    return with_seat_counts(workshops).annotate(
        invitations_outstanding=outstanding_invitations_count(now or timezone.now())
    )


def countries_present(workshop):
    """The countries of the workshop's registrants, for the registrations table's filter."""
    return (
        Registration.objects.filter(workshop=workshop)
        .order_by()
        .values_list("participant__country", flat=True)
        .distinct()
    )


def filtered_registrations(workshop, *, search="", status="", country="", organisation_kind=""):
    # The funding decision of the nomination a registration came from ('' for every other source).
    nomination = Nomination.objects.filter(invitation__registration=OuterRef("pk")).order_by("-pk")
    registrations = (
        Registration.objects.filter(workshop=workshop)
        .select_related("participant__user", "participant__organisation", "decided_by")
        .annotate(funding=Coalesce(Subquery(nomination.values("funding")[:1]), Value("")))
    )
    if search:
        registrations = registrations.filter(
            Q(participant__full_name__icontains=search)
            | Q(participant__user__email__icontains=search)
            | in_any_language("participant__organisation__name__icontains", search)
            | in_any_language("participant__organisation__acronym__iexact", search)
        )
    if status:
        registrations = registrations.filter(status=status)
    if country:
        registrations = registrations.filter(participant__country=country)
    if organisation_kind:
        registrations = registrations.filter(participant__organisation__kind=organisation_kind)
    return registrations.order_by("created_at", "pk")


def desk_records(*, day, session):
    """The attendance records the desk shows: of `session`, or of the day `day` (no session)."""
    if session is not None:
        return Attendance.objects.filter(session=session)
    return Attendance.objects.filter(day=day, session=None)


def checkin_people(workshop, search="", *, badge_registration_id=None, day=None, session=None):
    """The confirmed people a check-in search finds, by name whatever its case, each with `recorded_at`: when
    they were recorded on `day` (or at `session`), if they were.

    The search looks in the name, email, organisation (name or acronym) and country (its name in the reader's
    language, or its code); a badge's code finds its holder.
    """
    recorded = desk_records(day=day, session=session).filter(registration=OuterRef("pk"))
    people = (
        Registration.objects.filter(workshop=workshop, status=Status.CONFIRMED)
        .select_related("participant__organisation")
        .annotate(recorded_at=Subquery(recorded.values("recorded_at")[:1]))
        # Only what the desk shows: the database sorts every confirmed person's row by name, so the narrower the
        # row, the faster (a third at 10,000).
        .only(
            "participant__full_name",
            "participant__country",
            *columns("participant__organisation__name"),
            *columns("participant__organisation__acronym"),
        )
        .order_by(Lower("participant__full_name"), "pk")
    )
    if badge_registration_id is not None:
        return people.filter(pk=badge_registration_id)
    if search:
        typed = search.casefold()
        country_codes = [code for code, name in countries if typed in name.casefold() or typed == code.casefold()]
        people = people.filter(
            Q(participant__full_name__icontains=search)
            | Q(participant__user__email__icontains=search)
            | Q(participant__organisation__name__icontains=search)
            | Q(participant__organisation__acronym__iexact=search)
            | Q(participant__country__in=country_codes)
        )
    return people


def checkin_numbers(workshop, *, day=None, session=None):
    """{"confirmed": n, "attended": n}: the confirmed, and those recorded on `day` (or at `session`), in one
    query."""
    recorded = desk_records(day=day, session=session).filter(registration=OuterRef("pk"))
    return Registration.objects.filter(workshop=workshop, status=Status.CONFIRMED).aggregate(
        confirmed=Count("pk"), attended=Count("pk", filter=Q(Exists(recorded)))
    )


def counted(registrations, *fields):
    """({field: {value: registrations}} for each field, how many of them have checked in), from one query
    grouping by all the fields at once."""
    counts = {field: collections.Counter() for field in fields}
    attended = 0
    for row in (
        registrations.order_by()
        .values(*fields)
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(attended_at__isnull=False)))
    ):
        for field in fields:
            counts[field][row[field]] += row["n"]
        attended += row["attended"]
    return counts, attended


def labelled(counts, labels, *, blank_label):
    """[(label, count)] largest first, with the blank value under `blank_label`."""
    rows = [(labels.get(value, value) if value else blank_label, n) for value, n in counts.items()]
    return sorted(rows, key=lambda row: (-row[1], str(row[0])))


def registrations_over_time(workshop):
    """[(local date, registrations that day, running total)] up to the day of the last registration."""
    per_day = dict(
        Registration.objects.filter(workshop=workshop)
        .annotate(day=TruncDate("created_at", tzinfo=workshop.tzinfo))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    if not per_day:
        return []
    # The day before the first registration anchors the line at zero.
    first, last = min(per_day) - datetime.timedelta(days=1), max(per_day)
    rows, total = [], 0
    for offset in range((last - first).days + 1):
        day = first + datetime.timedelta(days=offset)
        total += per_day.get(day, 0)
        rows.append((day, per_day.get(day, 0), total))
    return rows


def dashboard_numbers(workshop):
    """What the dashboard counts of the registrations and their people (the delegations' numbers apart)."""
    registrations = Registration.objects.filter(workshop=workshop)
    seats = seat_counts(workshop)
    status_counts = seats.by_status
    # Only a confirmed registration is checked in (a constraint), so the active ones hold every check-in.
    active, attended = counted(
        registrations.filter(status__in=ACTIVE_STATUSES),
        "participant__country",
        "participant__organisation__kind",
        "participant__gender",
    )
    by_country = active["participant__country"]
    not_given = _("Not given")
    return {
        "seats_left": seats.left,
        "status_counts": status_counts,
        "by_status": [(label, status_counts[value]) for value, label in Status.choices],
        # Only the countries present are named (in the reader's language), not the world's 250.
        "by_country": labelled(
            by_country, {code: countries.name(code) or code for code in by_country if code}, blank_label=not_given
        ),
        "by_organisation_kind": labelled(
            active["participant__organisation__kind"], dict(OrganisationKind.choices), blank_label=not_given
        ),
        "by_gender": labelled(active["participant__gender"], dict(Gender.choices), blank_label=not_given),
        "over_time": registrations_over_time(workshop),
        "attended": attended,
        "no_shows": status_counts[Status.CONFIRMED] - attended,
        "attendance_by_day": [(date_format(day, "D j N"), people) for day, people in attendance_by_day(workshop)],
    }


def delegation_numbers(workshop):
    """Quota use by organisation, funded places used and left, and the nominees' gender balance."""
    if not workshop.takes_nominations:
        return {"quotas": []}
    granted = funding_granted(workshop)
    return {
        "quotas": workshop_quotas(workshop),
        "funding_granted": granted,
        "funding_left": max(workshop.funding_budget - granted, 0),
        "nominees_by_gender": labelled(gender_balance(workshop), dict(Gender.choices), blank_label=_("Not given")),
    }


def missing_translations(workshop):
    """What readers of each language the workshop offers besides the default one see in the default one, as
    sentences for the workshop's dashboard ("3 sessions have no title in French"): a hint, never a block. Languages
    the workshop does not offer are not counted. One query for the programme, whatever its size and languages."""
    default = settings.LANGUAGE_CODE
    others = [language for language in offered_by(workshop) if language != default]
    if not others:
        return []

    def missing(name, language):
        return Count(
            "pk",
            filter=~Q(**{column(name, default): ""})
            & Q(**{f"{column(name, default)}__isnull": False})
            & (Q(**{column(name, language): ""}) | Q(**{f"{column(name, language)}__isnull": True})),
        )

    counts = ProgrammeSession.objects.filter(workshop=workshop).aggregate(
        **{column(name, language): missing(name, language) for language in others for name in SESSION_TEXTS}
    )
    hints = []
    for language in others:
        language_name = name_in_text(language)
        fields = [
            str(Workshop._meta.get_field(name).verbose_name)
            for name in WORKSHOP_TEXTS
            if getattr(workshop, column(name, default)) and not getattr(workshop, column(name, language))
        ]
        if fields:
            hints.append(
                _("The workshop has no %(fields)s in %(language)s.")
                % {"fields": ", ".join(fields), "language": language_name}
            )
        for name in SESSION_TEXTS:
            count = counts[column(name, language)]
            if count:
                hints.append(SESSION_HINTS[name](count) % {"count": count, "language": language_name})
    return hints


SESSION_HINTS = {
    "title": lambda count: ngettext(
        "%(count)s session has no title in %(language)s.", "%(count)s sessions have no title in %(language)s.", count
    ),
    "description": lambda count: ngettext(
        "%(count)s session has no description in %(language)s.",
        "%(count)s sessions have no description in %(language)s.",
        count,
    ),
    "room": lambda count: ngettext(
        "%(count)s session has no room name in %(language)s.",
        "%(count)s sessions have no room name in %(language)s.",
        count,
    ),
}


ATTENDANCE_VIEWS = ("no-shows", "no-certificate")


def attendance_people(workshop, *, search="", country="", organisation=None, funded="", missing="", view=""):
    """The confirmed people of the attendance page, by name, each with `funding` and `days_attended`.

    `funded` is "yes" or "no" (their nomination's funding granted or not); `missing` is a day of the workshop (an
    ISO date: not recorded that day) or "any" (not recorded on every day); `view` is "no-shows" (never recorded) or
    "no-certificate" (fewer days than a certificate needs).
    """
    people = with_days_attended(
        filtered_registrations(workshop, search=search, status=Status.CONFIRMED, country=country)
    ).order_by(Lower("participant__full_name"), "pk")
    if organisation is not None:
        people = people.filter(participant__organisation=organisation)
    if funded == "yes":
        people = people.filter(funding=Funding.GRANTED)
    elif funded == "no":
        people = people.exclude(funding=Funding.GRANTED)
    if missing == "any":
        people = people.filter(days_attended__lt=len(workshop.days))
    elif missing:
        day = Attendance.objects.filter(registration=OuterRef("pk"), day=missing)
        people = people.filter(~Exists(day))
    if view == "no-shows":
        people = people.filter(attended_at__isnull=True)
    elif view == "no-certificate":
        people = people.filter(days_attended__lt=workshop.days_for_certificate)
    return people


def attendance_grid(registration_ids):
    """{registration id: {day (date) or session id: its record}} for these registrations, in one query: a day's
    key is the record of the day itself, a session's key its id."""
    grid = collections.defaultdict(dict)
    for record in Attendance.objects.filter(registration__in=registration_ids).order_by("recorded_at", "pk"):
        grid[record.registration_id][record.session_id or record.day] = record
    return grid


def organisations_present(workshop):
    """[(id, name)] of the confirmed people's organisations, by name, for the attendance page's filter."""
    return (
        Registration.objects.filter(workshop=workshop, status=Status.CONFIRMED, participant__organisation__isnull=False)
        .order_by(Lower("participant__organisation__name"))
        .values_list("participant__organisation", "participant__organisation__name")
        .distinct()
    )


def attendance_by_day(workshop):
    """[(day, people recorded that day)] for each day of the workshop, in one query."""
    counts = dict(
        Attendance.objects.filter(
            registration__workshop=workshop,
            registration__status=Status.CONFIRMED,
            day__gte=workshop.start_date,
            day__lte=workshop.end_date,
        )
        .order_by()
        .values_list("day")
        .annotate(people=Count("registration", distinct=True))
    )
    return [(day, counts.get(day, 0)) for day in workshop.days]
