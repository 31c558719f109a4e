"""Property-based: arbitrary text, dates and numbers fed to the registration, profile, workshop, session,
invitation and CSV paths never give a 500 nor store anything a page shows unescaped, and after every step of
random registration traffic capacity holds and pending registrations keep their seats."""

import datetime
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from participants.models import Registration
from participants.selectors import seat_counts
from participants.services import cancel_registration, decide_registrations, register
from participants.workshop_changes import update_workshop
from tests.console.test_console_pages import workshop_data
from tests.support.factories import OrganiserMembershipFactory, ParticipantFactory, WorkshopFactory
from workshops.models import Workshop
from workshops.services import EDITABLE_FIELDS, WorkshopError

Status = Registration.Status
# Derandomized: every run tries the same examples, so CI cannot pass one day and fail the next on a new draw;
# a failure found while developing is kept as an explicit case instead.
EXAMPLES = settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
hostile_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["<script>alert(1)</script>", "\u202e", "a" * 400, "'; DROP TABLE x; --", '=HYPERLINK("x")', "\x00"]
)
any_date = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
any_number = st.integers(min_value=-(10**12), max_value=10**12).map(str) | hostile_text


def assert_escaped(response, text):
    """A value with markup in it never comes back as markup."""
    if "<" in text and len(text) > 3:
        assert text not in response.content.decode(errors="replace")


class HostileFormsTest(TestCase):
    def setUp(self):
        self.workshop = WorkshopFactory(capacity=5)
        self.organiser = OrganiserMembershipFactory(workshop=self.workshop).user
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.organiser)

    @EXAMPLES
    @given(title=hostile_text, start=any_date, days=st.integers(-3, 40000), capacity=any_number, opens=hostile_text)
    def test_workshop_form(self, title, start, days, capacity, opens):
        try:
            end = (start + datetime.timedelta(days=days)).isoformat()
        except OverflowError:
            end = "9999-12-31"
        data = workshop_data(
            self.workshop, title=title, start_date=start.isoformat(), end_date=end, capacity=capacity
        ) | {"registration_opens_at": opens}
        response = self.client.post(reverse("console:workshop_edit", args=[self.workshop.slug]), data)
        assert response.status_code in (200, 302)
        assert_escaped(response, title)
        for page in ("/", "/workshops/", "/manage/", f"/workshops/{self.workshop.slug}/programme.ics"):
            assert self.client.get(page).status_code == 200, page

    @EXAMPLES
    @given(title=hostile_text, day=hostile_text, start=hostile_text, room=hostile_text)
    def test_session_form(self, title, day, start, room):
        response = self.client.post(
            reverse("console:session_create", args=[self.workshop.slug]),
            {
                "title": title,
                "kind": "presentation",
                "day": day,
                "start_time": start,
                "end_time": "23:00",
                "room": room,
            },
        )
        assert response.status_code in (200, 302)
        programme = self.client.get(f"/workshops/{self.workshop.slug}/")
        assert programme.status_code == 200
        assert_escaped(programme, title)

    @EXAMPLES
    @given(email=hostile_text, name=hostile_text, answer_by=hostile_text, upload=st.binary(max_size=2000))
    def test_invitation_paths(self, email, name, answer_by, upload):
        invite = self.client.post(
            reverse("console:invite", args=[self.workshop.slug]),
            {"email": email, "name": name, "answer_by": answer_by},
        )
        assert invite.status_code == 302
        listing = self.client.get(reverse("console:invitations", args=[self.workshop.slug]))
        assert listing.status_code == 200
        assert_escaped(listing, name)
        preview = self.client.post(
            reverse("console:invitation_upload", args=[self.workshop.slug]),
            {"file": SimpleUploadedFile("list.csv", b"email,name,organisation,country\n" + upload)},
        )
        assert preview.status_code == 200
        # As a browser sends it: the typed text quoted into the path ("?" would otherwise start a query).
        assert self.client.get(f"/invitations/{quote(name or 'x', safe='')}/").status_code in (302, 404)

    @EXAMPLES
    @given(name=hostile_text, position=hostile_text, phone=hostile_text, needs=hostile_text, nxt=hostile_text)
    def test_profile_and_registration(self, name, position, phone, needs, nxt):
        person = Client(raise_request_exception=False)
        person.force_login(ParticipantFactory().user)
        data = {
            "full_name": name,
            "new_organisation": position,
            "position": position,
            "country": "KR",
            "phone": phone,
            "dietary_needs": needs,
            "accessibility_needs": needs,
            "note": needs,
            "next": nxt,
        }
        assert person.post(reverse("participants:profile"), data).status_code in (200, 302)
        profile = person.get(reverse("participants:profile"))
        assert profile.status_code == 200
        assert_escaped(profile, name)
        registered = person.post(reverse("workshops:register", args=[self.workshop.slug]), data)
        assert registered.status_code in (200, 302)
        assert person.get(reverse("participants:my_registrations")).status_code == 200


class SeatTraffic(RuleBasedStateMachine):
    """Random registrations, decisions, cancellations and capacity changes on one workshop under approval."""

    @initialize(approval=st.booleans(), capacity=st.integers(1, 4))
    def workshop(self, approval, capacity):
        self.workshop = WorkshopFactory(capacity=capacity, requires_approval=approval)

    @rule()
    def someone_registers(self):
        register(workshop_id=self.workshop.pk, participant_id=ParticipantFactory().pk)

    @rule(data=st.data(), decision=st.sampled_from([Status.CONFIRMED, Status.WAITLISTED, Status.REJECTED]))
    def organiser_decides(self, data, decision):
        ids = list(self.workshop.registrations.exclude(status=Status.CANCELLED).values_list("pk", flat=True))
        if ids:
            chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
            decide_registrations(workshop_id=self.workshop.pk, registration_ids=chosen, decision=decision, actor=None)

    @rule(data=st.data())
    def someone_cancels(self, data):
        ids = list(self.workshop.registrations.exclude(status=Status.CANCELLED).values_list("pk", flat=True))
        if ids:
            cancel_registration(registration_id=data.draw(st.sampled_from(ids)))

    @rule(capacity=st.integers(1, 6))
    def capacity_changes(self, capacity):
        workshop = Workshop.objects.get(pk=self.workshop.pk)
        fields = {name: getattr(workshop, name) for name in EDITABLE_FIELDS} | {"capacity": capacity}
        try:
            update_workshop(workshop_id=workshop.pk, fields=fields, actor=None)
        except WorkshopError as refused:  # only the capacity rule may refuse
            assert "capacity" in refused.message_dict
            assert capacity < seat_counts(workshop).reserved

    @invariant()
    def seats_hold(self):
        if not hasattr(self, "workshop"):
            return
        workshop = Workshop.objects.get(pk=self.workshop.pk)
        seats = seat_counts(workshop)
        assert seats.confirmed <= workshop.capacity
        assert seats.reserved <= workshop.capacity


class SeatTrafficTest(SeatTraffic.TestCase, TestCase):
    settings = settings(max_examples=15, stateful_step_count=15, deadline=None, derandomize=True)
