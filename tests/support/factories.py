import datetime
import zoneinfo

import factory
from django.utils import timezone

from accounts.models import User
from participants.models import Attendance, Invitation, Participant, Registration, hash_invitation_token
from sessions.models import ProgrammeSession, Speaker
from workshops.models import Organisation, OrganiserMembership, Workshop, WorkshopPartner


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Customs Administration {n}")
    acronym = factory.Sequence(lambda n: f"CA{n}")
    kind = Organisation.Kind.CUSTOMS
    country = "KR"


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Regional Green Customs Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    city = "Seoul"
    country = "KR"
    time_zone = "Asia/Seoul"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=3))
    capacity = 30
    status = Workshop.Status.PUBLISHED
    # English and French, as every workshop offered before a workshop chose its own (workshops' migration 0012).
    languages = factory.LazyFunction(lambda: ["en", "fr"])


class OrganiserMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganiserMembership

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.SubFactory(UserFactory)


class WorkshopPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopPartner

    workshop = factory.SubFactory(WorkshopFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    organisation = factory.SubFactory(OrganisationFactory)
    position = "Customs officer"
    country = "KR"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Registration.Status.CONFIRMED

    @factory.post_generation
    def day_record(registration, create, extracted, **kwargs):
        """A check-in given as attended_at is the record of its day, as the desk would have made it."""
        if create and registration.attended_at:
            Attendance.objects.create(
                registration=registration,
                day=timezone.localdate(registration.attended_at, registration.workshop.tzinfo),
                recorded_at=registration.attended_at,
            )


def running_today(**fields):
    """A workshop whose days include today on its own clock (its check-in desk records today)."""
    return move_to_today(WorkshopFactory(**fields))


def move_to_today(workshop):
    """The workshop's four days moved to run from yesterday, once people have registered for it."""
    today = timezone.localdate()
    Workshop.objects.filter(pk=workshop.pk).update(
        start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=2)
    )
    workshop.refresh_from_db()
    return workshop


def record_days(registration, days):
    """Records of `days` (dates) for a confirmed registration, as the desk makes them at 9:00 workshop time."""
    zone = zoneinfo.ZoneInfo(registration.workshop.time_zone)
    for day in days:
        Attendance.objects.get_or_create(
            registration=registration,
            day=day,
            session=None,
            defaults={"recorded_at": datetime.datetime.combine(day, datetime.time(9), zone)},
        )
    first = datetime.datetime.combine(min(days), datetime.time(9), zone)
    if registration.attended_at is None or first < registration.attended_at:
        Registration.objects.filter(pk=registration.pk).update(attended_at=first)
        registration.attended_at = first


def workshop_local(workshop, day_index, hour, minute=0):
    """An aware datetime on the workshop's n-th day, in its own time zone."""
    day = workshop.start_date + datetime.timedelta(days=day_index)
    return datetime.datetime.combine(day, datetime.time(hour, minute), zoneinfo.ZoneInfo(workshop.time_zone))


class ProgrammeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSession

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: workshop_local(o.workshop, 0, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=90))
    room = "Main hall"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    session = factory.SubFactory(ProgrammeSessionFactory)
    name = factory.Faker("name")
    organisation = factory.SubFactory(OrganisationFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    workshop = factory.SubFactory(WorkshopFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    name = factory.Faker("name")
    token_hash = factory.Sequence(lambda n: hash_invitation_token(f"token-{n}"))
    expires_at = factory.LazyAttribute(lambda o: o.workshop.starts_at)


def seoul_workshop(**overrides):
    """A workshop shaped like the 2015 Seoul one: venue, region, time zone, organiser and host."""
    workshop = WorkshopFactory(
        title="Asia/Pacific Regional Green Customs Workshop",
        venue="KCS Headquarters",
        time_zone="Asia/Seoul",
        wco_region="ap",
        **overrides,
    )
    Role = WorkshopPartner.Role
    WorkshopPartnerFactory(workshop=workshop, organisation__name="Korea Customs Service", role=Role.HOST)
    WorkshopPartnerFactory(workshop=workshop, organisation__name="UN Environment", role=Role.ORGANISER)
    return workshop


def zone_whose_date_is_not_utcs():
    """(zone, its date, UTC's date) for a zone whose calendar disagrees with UTC's right now.

    Pacific/Kiritimati (UTC+14) is a day ahead from 10:00 UTC, Pacific/Pago_Pago (UTC-11) a day behind
    until 11:00 UTC: at every moment one of them disagrees with UTC about the date.
    """
    now = timezone.now()
    for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        local_today = timezone.localdate(now, timezone=zoneinfo.ZoneInfo(name))
        utc_today = timezone.localdate(now, timezone=datetime.UTC)
        if local_today != utc_today:
            return name, local_today, utc_today
    raise AssertionError("one of the two zones always disagrees with UTC")
