"""The report's first draft, written from what the portal knows of the workshop, in each of the portal's languages.

It says what the report that followed the Seoul workshop of 2015 said: when and where, who organised, hosted and
sponsored it, how many came from how many countries and from which organisations, what the programme covered and
where its speakers came from. The organisers then edit it; the draft is only ever a starting point.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.languages import offered_by
from documents.selectors import attended_registrations, confirmed_registrations
from sessions.models import SessionKind
from sessions.selectors import programme_sessions
from workshops.models import OrganisationKind, PartnerRole

from .selectors import headline_figures

# Sessions that say nothing of the workshop's themes.
NOT_A_THEME = {SessionKind.OPENING, SessionKind.BREAK, SessionKind.CLOSING}
# Organisations are named in this order of kinds; Customs administrations are counted, not named, as reports do.
KIND_ORDER = [
    OrganisationKind.INTERGOVERNMENTAL,
    OrganisationKind.UN_PROGRAMME,
    OrganisationKind.CONVENTION_SECRETARIAT,
    OrganisationKind.OTHER,
]
# A role's participle in "organised, hosted and sponsored by …" (translated when the draft is written).
PARTICIPLES = {
    PartnerRole.ORGANISER: lambda: _("organised"),
    PartnerRole.HOST: lambda: _("hosted"),
    PartnerRole.SPONSOR: lambda: _("sponsored"),
}


@dataclass
class ReportFacts:
    """What the draft says, read once for every language."""

    workshop: object
    partners: list  # [(organisation, [roles])] in the partners' order
    participants: list  # the participants who attended, or (before anyone is checked in) who are confirmed
    sessions: list
    speakers_from: list  # the organisations the speakers came for
    survey: dict | None  # the evaluation's headline figures (selectors.headline_figures), once anyone answered

    @classmethod
    def of(cls, workshop):
        roles = {}
        for partner in workshop.partners.select_related("organisation").order_by("order", "pk"):
            roles.setdefault(partner.organisation, []).append(partner.role)
        attended = attended_registrations(workshop)
        registrations = attended if attended.exists() else confirmed_registrations(workshop)
        sessions = programme_sessions(workshop)
        return cls(
            workshop=workshop,
            partners=list(roles.items()),
            participants=[registration.participant for registration in registrations],
            sessions=sessions,
            speakers_from=speakers_organisations(sessions),
            survey=headline_figures(workshop),
        )


def draft_report(workshop):
    """{language: Markdown}: the draft in each of the workshop's languages."""
    facts = ReportFacts.of(workshop)
    drafts = {}
    for language in offered_by(workshop):
        with translation.override(language):
            drafts[language] = "\n\n".join(part for part in paragraphs(facts) if part) + "\n"
    return drafts


def paragraphs(facts):
    workshop = facts.workshop
    yield f"# {workshop.title}"
    yield " ".join(filter(None, [when_and_where(workshop), who_organised(facts.partners)]))
    yield who_attended(workshop, facts.participants, facts.speakers_from)
    objectives = [line.strip() for line in workshop.objectives.splitlines() if line.strip()]
    if objectives:
        yield f"## {_('Objectives')}\n\n" + "\n".join(f"- {objective}" for objective in objectives)
    yield what_was_presented(facts.sessions, facts.speakers_from)
    yield what_participants_said(facts.survey)


def spoken_list(items):
    """ "A, B and C" as the active language writes it."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def organisation_name(organisation):
    return f"{organisation.name} ({organisation.acronym})" if organisation.acronym else organisation.name


def date_span(start, end):
    if start == end:
        return _("on %(day)s") % {"day": date_format(start, "DATE_FORMAT")}
    if (start.year, start.month) == (end.year, end.month):
        start_format = "j"
    else:
        start_format = "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT"
    return _("between %(start)s and %(end)s") % {
        "start": date_format(start, start_format),
        "end": date_format(end, "DATE_FORMAT"),
    }


def when_and_where(workshop):
    return _("The workshop took place %(dates)s in %(city)s, %(country)s.") % {
        "dates": date_span(workshop.start_date, workshop.end_date),
        "city": workshop.city,
        "country": workshop.country.name,
    }


def who_organised(partners):
    """ "It was organised by A and B, hosted and sponsored by C, in partnership with D." Each organisation is
    named once, with all its roles."""
    clauses = []
    by_roles = {}
    for organisation, roles in partners:
        named_roles = tuple(role for role in PARTICIPLES if role in roles)
        if named_roles:
            by_roles.setdefault(named_roles, []).append(organisation)
    for roles, organisations in by_roles.items():
        clauses.append(
            _("%(roles)s by %(organisations)s")
            % {
                "roles": spoken_list(PARTICIPLES[role]() for role in roles),
                "organisations": spoken_list(map(organisation_name, organisations)),
            }
        )
    partners_only = [organisation for organisation, roles in partners if PartnerRole.PARTNER in roles]
    if partners_only:
        clauses.append(
            _("in partnership with %(organisations)s")
            % {"organisations": spoken_list(map(organisation_name, partners_only))}
        )
    return _("It was %(clauses)s.") % {"clauses": ", ".join(clauses)} if clauses else ""


def how_many(count):
    """ "More than 30 participants", as reports round a count above twenty; the exact count below."""
    if count >= 20 and count % 10:
        return _("More than %(count)s participants") % {"count": count // 10 * 10}
    return ngettext("%(count)s participant", "%(count)s participants", count) % {"count": count}


def speakers_organisations(sessions):
    """The organisations the programme's speakers came for, in the order they first spoke."""
    organisations = []
    for session in sessions:
        for speaker in session.speakers.all():
            organisation = speaker.display_organisation
            if organisation and organisation not in organisations:
                organisations.append(organisation)
    return organisations


def who_attended(workshop, participants, speakers_from):
    """How many came, from how many countries, and from which organisations: the participants' and the
    speakers' (who are there too, registered or not)."""
    if not participants:
        return ""
    organisations = {participant.organisation for participant in participants if participant.organisation_id}
    organisations.update(speakers_from)
    named = sorted(
        (organisation for organisation in organisations if organisation.kind in KIND_ORDER),
        key=lambda organisation: (KIND_ORDER.index(organisation.kind), organisation.name),
    )
    groups = [organisation_name(organisation) for organisation in named]
    if any(organisation.kind == OrganisationKind.CUSTOMS for organisation in organisations):
        groups.insert(
            0, _("Customs administrations of the region") if workshop.wco_region else _("Customs administrations")
        )
    countries = len({participant.country for participant in participants if participant.country})
    sentence = (
        _("%(participants)s from %(organisations)s attended the workshop.")
        if groups
        else _("%(participants)s attended the workshop.")
    ) % {"participants": how_many(len(participants)), "organisations": spoken_list(groups)}
    if countries:
        sentence += " " + ngettext(
            "They came from %(count)s country.", "They came from %(count)s countries.", countries
        ) % {"count": countries}
    return sentence


def what_was_presented(sessions, speakers_from):
    themes = [session.title for session in sessions if session.kind not in NOT_A_THEME]
    if not themes:
        return ""
    text = f"## {_('Programme')}\n\n" + ngettext(
        "The programme covered %(count)s session:", "The programme covered %(count)s sessions:", len(themes)
    ) % {"count": len(themes)}
    text += "\n\n" + "\n".join(f"- {title}" for title in themes)
    if speakers_from:
        text += "\n\n" + _("The speakers came from %(organisations)s.") % {
            "organisations": spoken_list(map(organisation_name, speakers_from))
        }
    return text


def what_participants_said(figures):
    """The evaluation's headline: how many answered of how many asked, and the average ratings."""
    if not figures:
        return ""
    text = f"## {_('Evaluation')}\n\n" + ngettext(
        "%(answered)s of the %(sent)s participant asked answered the evaluation survey (%(rate)s%%).",
        "%(answered)s of the %(sent)s participants asked answered the evaluation survey (%(rate)s%%).",
        figures["sent"],
    ) % {"answered": figures["answered"], "sent": figures["sent"], "rate": figures["rate"]}
    ratings = []
    if figures["overall"] is not None:
        ratings.append(
            _("%(average)s out of 5 for the workshop overall") % {"average": number_format(figures["overall"], 1)}
        )
    if figures["relevance"] is not None:
        ratings.append(
            _("%(average)s out of 5 for its relevance to their work")
            % {"average": number_format(figures["relevance"], 1)}
        )
    if ratings:
        text += " " + _("They gave it %(ratings)s.") % {"ratings": spoken_list(ratings)}
    return text
