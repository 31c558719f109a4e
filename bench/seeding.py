"""The benchmark's own data, next to the Seoul demo: large workshops open for registration and the people who
look at them. Written with bulk_create (a few seconds for 12,000 registrations), never through the services:
what is measured is reading these rows, and the services would spend minutes writing one email per row.

Imported by bench/run.py once Django is set up on the benchmark's database.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django_countries import countries

from accounts.models import User
from participants.models import Participant, Registration
from sessions.models import ProgrammeSession, Speaker
from workshops.models import Organisation, OrganisationKind, OrganiserMembership, Workshop, WorkshopPartner

DOMAIN = "bench.example"
COUNTRY_COUNT = 60
SESSIONS_PER_DAY = 15
DAYS = 4
SPEAKERS_PER_SESSION = 2
PARTNERS = 8
TIME_ZONE = "Asia/Bangkok"
# Every tenth registration has been checked in, so the check-in desk shows both states.
CHECKED_IN_EVERY = 10


@dataclass
class BenchWorld:
    """What the measurements need to find again: the workshops by size and the accounts by role."""

    workshops: dict = field(default_factory=dict)  # registrations -> Workshop
    organiser: User = None
    visitor: User = None
    registrant: User = None


def bench_countries():
    """Sixty countries spread over the alphabet (every fourth ISO code), the same on every run."""
    return [code for code, _name in list(countries)[::4][:COUNTRY_COUNT]]


def customs_administrations():
    return Organisation.objects.bulk_create(
        Organisation(
            name=f"Benchmark Customs Administration of {code}",
            acronym=f"BCA-{code}",
            kind=OrganisationKind.CUSTOMS,
            country=code,
        )
        for code in bench_countries()
    )


def partner_organisations():
    kinds = [OrganisationKind.INTERGOVERNMENTAL, OrganisationKind.UN_PROGRAMME, OrganisationKind.CONVENTION_SECRETARIAT]
    return Organisation.objects.bulk_create(
        Organisation(name=f"Benchmark Partner Organisation {n + 1}", acronym=f"BPO{n + 1}", kind=kinds[n % len(kinds)])
        for n in range(PARTNERS)
    )


def open_workshop(*, registrations, start_date, now):
    return Workshop.objects.create(
        title=f"Regional Green Customs Workshop for {registrations:,} participants",
        slug=f"bench-{registrations}",
        summary="A four-day regional workshop on the illegal trade in environmentally sensitive commodities.",
        objectives="Share intelligence on ozone-depleting substances, hazardous waste and CITES specimens.",
        city="Bangkok",
        country="TH",
        venue="Benchmark Conference Centre",
        time_zone=TIME_ZONE,
        start_date=start_date,
        end_date=start_date + datetime.timedelta(days=DAYS - 1),
        capacity=registrations + 500,
        registration_opens_at=now - datetime.timedelta(days=30),
        status=Workshop.Status.PUBLISHED,
    )


def programme(workshop, organisations):
    """Sixty sessions over four days (15 a day, half-hour slots from 08:30), two speakers each."""
    kinds = list(ProgrammeSession.Kind.values)
    zone = workshop.tzinfo
    sessions = []
    for day in range(DAYS):
        date = workshop.start_date + datetime.timedelta(days=day)
        for slot in range(SESSIONS_PER_DAY):
            starts = datetime.datetime.combine(date, datetime.time(8, 30), tzinfo=zone) + slot * datetime.timedelta(
                minutes=30
            )
            number = day * SESSIONS_PER_DAY + slot + 1
            sessions.append(
                ProgrammeSession(
                    workshop=workshop,
                    title=f"Session {number}: detecting illegal shipments, case study {number}",
                    kind=kinds[number % len(kinds)],
                    description="Presentations followed by questions from the floor.",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=25),
                    room=f"Room {'AB'[slot % 2]}",
                    topics="CITES, ozone-depleting substances, hazardous waste",
                )
            )
    sessions = ProgrammeSession.objects.bulk_create(sessions)
    roles = list(Speaker.Role.values)
    Speaker.objects.bulk_create(
        Speaker(
            session=session,
            name=f"Speaker {n * SPEAKERS_PER_SESSION + order + 1}",
            organisation=organisations[(n * SPEAKERS_PER_SESSION + order) % len(organisations)],
            role=roles[order % len(roles)],
            order=order,
        )
        for n, session in enumerate(sessions)
        for order in range(SPEAKERS_PER_SESSION)
    )


def partners(workshop, organisations):
    roles = list(WorkshopPartner.Role.values)
    WorkshopPartner.objects.bulk_create(
        WorkshopPartner(workshop=workshop, organisation=organisation, role=roles[n % len(roles)], order=n)
        for n, organisation in enumerate(organisations)
    )


def people(prefix, count, administrations, password):
    users = User.objects.bulk_create(
        (User(email=f"{prefix}{n}@{DOMAIN}", name=f"Delegate {prefix}{n}", password=password) for n in range(count)),
        batch_size=2000,
    )
    return Participant.objects.bulk_create(
        (
            Participant(
                user=user,
                full_name=user.name,
                organisation=administrations[n % len(administrations)],
                position="Customs officer",
                country=administrations[n % len(administrations)].country,
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )


def register(workshop, participants, now):
    """Everyone confirmed (so all of them are due a reminder), registered over the last 30 days."""
    spacing = datetime.timedelta(days=30) / max(len(participants), 1)
    started = now - datetime.timedelta(days=30)
    Registration.objects.bulk_create(
        (
            Registration(
                workshop=workshop,
                participant=participant,
                status=Registration.Status.CONFIRMED,
                created_at=started + n * spacing,
                decided_at=started + n * spacing,
                attended_at=now if n % CHECKED_IN_EVERY == 0 else None,
            )
            for n, participant in enumerate(participants)
        ),
        batch_size=2000,
    )


def account(email, administration, password):
    user = User.objects.create(email=email, name=email.split("@")[0].title(), password=password)
    Participant.objects.create(
        user=user,
        full_name=user.name,
        organisation=administration,
        position="Customs officer",
        country=administration.country,
    )
    return user


def seed(*, sizes, seoul, now=None):
    """The large workshops (one per size in `sizes`, registrations each) and three accounts: an organiser of
    them all, a visitor with a complete profile registered nowhere, and a registrant confirmed at the largest
    workshop and at Seoul. The largest workshop starts in 14 days, so its first reminder falls due today;
    the others start later, so the reminder sweep of the benchmark sees only the largest one."""
    now = now or timezone.now()
    # Nobody logs in with a password here (the benchmark makes sessions itself): one unusable hash for all.
    password = make_password(None)
    administrations = customs_administrations()
    partner_orgs = partner_organisations()
    world = BenchWorld()
    world.organiser = User.objects.create(email=f"organiser@{DOMAIN}", name="Organiser", password=password)
    world.visitor = account(f"visitor@{DOMAIN}", administrations[0], password)
    world.registrant = account(f"registrant@{DOMAIN}", administrations[1], password)
    today = timezone.localdate(now)
    for rank, size in enumerate(sorted(sizes, reverse=True)):
        workshop = open_workshop(
            registrations=size, start_date=today + datetime.timedelta(days=14 + 30 * rank), now=now
        )
        programme(workshop, partner_orgs + administrations)
        partners(workshop, partner_orgs)
        register(workshop, people(f"w{size}-", size, administrations, password), now)
        OrganiserMembership.objects.create(workshop=workshop, user=world.organiser)
        world.workshops[size] = workshop
    largest = world.workshops[max(sizes)]
    registrant = world.registrant.participant
    Registration.objects.bulk_create(
        Registration(workshop=workshop, participant=registrant, status=Registration.Status.CONFIRMED, decided_at=now)
        for workshop in (largest, seoul)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return world
