"""Ids, counts, codes and images in a request that Python, PostgreSQL or Pillow would choke on get a clear message
or a 4xx, never a 500: "²".isdigit() is true while int("²") fails, int() refuses 4,300 digits and more,
PostgreSQL refuses a null character, Pillow refuses a 400-megapixel image as it opens it. Each case below answered
500 before the one parser of core.numbers and the letterhead's size check."""

import functools
import struct
import zlib
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from core.numbers import whole_number, whole_numbers
from documents.models import Letterhead
from tests.support.console_world import make_secretariat
from tests.support.delegations import make_delegation
from tests.support.factories import OrganisationFactory, OrganiserMembershipFactory, UserFactory

SUPERSCRIPT_TWO = "²"
FIVE_THOUSAND_DIGITS = "7" * 5000
TOO_LONG_EMAIL = "a" * 250 + "@example.org"  # 262 characters: more than an address may have (254)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def black_and_white_png(side):
    """A real, complete PNG of side × side one-bit pixels, all black: a few dozen kilobytes of file whatever the
    size, which Pillow would spread over side² pixels to draw it."""
    row = b"\0" * (1 + (side + 7) // 8)  # each row: its filter byte, then its bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _row in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


@dataclass
class World:
    anonymous: Client
    organiser: Client
    secretariat: Client
    admin: Client
    slug: str
    organisation_names: list


def client_of(user=None):
    client = Client(raise_request_exception=False)
    if user:
        client.force_login(user)
    return client


@pytest.fixture
def world(db):
    delegation = make_delegation()
    organisations = [delegation.organisation, OrganisationFactory()]
    return World(
        anonymous=client_of(),
        organiser=client_of(OrganiserMembershipFactory(workshop=delegation.workshop).user),
        secretariat=client_of(make_secretariat()),
        admin=client_of(UserFactory(is_staff=True, is_superuser=True)),
        slug=delegation.workshop.slug,
        organisation_names=[organisation.name for organisation in organisations],
    )


def console(world, name, data, **kwargs):
    return world.organiser.post(reverse(f"console:{name}", args=[world.slug]), data, follow=True, **kwargs)


def quota_csv(world, seats, funded_seats="0"):
    content = f"organisation,seats,funded_seats\n{world.organisation_names[0]},{seats},{funded_seats}\n"
    return console(world, "quota_upload", {"file": SimpleUploadedFile("quotas.csv", content.encode())})


def letterhead(world, field, side=20000):
    upload = SimpleUploadedFile("letterhead.png", black_and_white_png(side), "image/png")
    return console(world, "letterhead", {"signatory_name": "Ms Ana Lee", field: upload})


def merge_organisations(world, keep):
    ids = list(OrganisationFactory._meta.model.objects.values_list("pk", flat=True))
    return world.admin.post(
        reverse("admin:workshops_organisation_changelist"),
        {"action": "merge", "_selected_action": ids, "keep": keep},
        follow=True,
    )


# (what is sent, how it is sent, the status and the words of the clear answer)
HOSTILE_INPUTS = {
    "certificate code NUL": (lambda w: w.anonymous.get("/certificates/%00/"), 404, ""),
    "certificate code with NUL": (lambda w: w.anonymous.get("/certificates/AB%00CD/"), 404, ""),
    "visa letters requests=²": (
        lambda w: console(w, "visa_letters_issue", {"requests": SUPERSCRIPT_TWO}),
        200,
        "Tick the requests to issue letters for.",
    ),
    "visa letters requests=5000 digits": (
        lambda w: console(w, "visa_letters_issue", {"requests": FIVE_THOUSAND_DIGITS}),
        200,
        "Tick the requests to issue letters for.",
    ),
    "badges registrations=²": (
        lambda w: console(w, "badges", {"registrations": SUPERSCRIPT_TWO}),
        200,
        "Tick the registrations to print badges for.",
    ),
    "badges registrations=5000 digits": (
        lambda w: console(w, "badges", {"registrations": FIVE_THOUSAND_DIGITS}),
        200,
        "Tick the registrations to print badges for.",
    ),
    "PDF job kind=²": (
        lambda w: console(w, "pdf_job_start", {"kind": SUPERSCRIPT_TWO}),
        200,
        "Choose a document and a language to make.",
    ),
    "PDF job language=5000 digits": (
        lambda w: console(w, "pdf_job_start", {"kind": "badges", "language": FIVE_THOUSAND_DIGITS}),
        200,
        "Choose a document and a language to make.",
    ),
    "registration decision single=²:rejected": (
        lambda w: console(w, "registrations_decide", {"single": f"{SUPERSCRIPT_TWO}:rejected"}),
        200,
        "Unknown decision.",
    ),
    "registration decision single=5000 digits:rejected": (
        lambda w: console(w, "registrations_decide", {"single": f"{FIVE_THOUSAND_DIGITS}:rejected"}),
        200,
        "Unknown decision.",
    ),
    "delegation decision single=²:rejected": (
        lambda w: console(w, "delegations_decide", {"single": f"{SUPERSCRIPT_TWO}:rejected"}),
        200,
        "Unknown decision.",
    ),
    "delegation decision single=5000 digits:rejected": (
        lambda w: console(w, "delegations_decide", {"single": f"{FIVE_THOUSAND_DIGITS}:rejected"}),
        200,
        "Unknown decision.",
    ),
    "quota CSV seats ²": (
        lambda w: quota_csv(w, SUPERSCRIPT_TWO),
        200,
        "Seats and funded seats are whole numbers of 0 or more.",
    ),
    "quota CSV seats 5000 digits": (
        lambda w: quota_csv(w, FIVE_THOUSAND_DIGITS),
        200,
        "Seats and funded seats are whole numbers of 0 or more.",
    ),
    "quota CSV funded seats ²": (
        lambda w: quota_csv(w, "2", SUPERSCRIPT_TWO),
        200,
        "Seats and funded seats are whole numbers of 0 or more.",
    ),
    "invitation import digest=a NUL b": (
        lambda w: console(w, "invitation_import", {"digest": "a\x00b"}),
        200,
        "Upload the file again: the preview you confirmed is no longer available.",
    ),
    "letterhead 20000 × 20000 PNG": (
        lambda w: letterhead(w, "logo_upload"),
        200,
        "The image is larger than 4000 × 4000 pixels",
    ),
    "letterhead 12000 × 12000 PNG (144 megapixels, accepted before)": (
        lambda w: letterhead(w, "logo_upload", side=12000),
        200,
        "The image is larger than 4000 × 4000 pixels",
    ),
    "signature 20000 × 20000 PNG": (
        lambda w: letterhead(w, "signature_upload"),
        200,
        "The image is larger than 4000 × 4000 pixels",
    ),
    "focal point email of 262 characters": (
        lambda w: w.secretariat.post(
            reverse("console:focal_points"),
            {"organisation": OrganisationFactory._meta.model.objects.first().pk, "email": TOO_LONG_EMAIL},
        ),
        200,
        "at most 254 characters",
    ),
    "admin merge keep=²": (lambda w: merge_organisations(w, SUPERSCRIPT_TWO), 200, "Merge organisations"),
}


@pytest.mark.parametrize(("send", "status", "words"), HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_a_hostile_input_gets_a_clear_answer(world, send, status, words):
    response = send(world)
    assert response.status_code == status
    assert words in response.content.decode()
    assert not Letterhead.objects.exclude(logo=b"", signature=b"").exists()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("42", 42),
        ("9" * 18, 10**18 - 1),
        ("9" * 19, None),
        ("", None),
        (None, None),
        (SUPERSCRIPT_TWO, None),
        ("٣", None),  # an Arabic-Indic 3: int() reads it, an id typed in ASCII never holds it
        ("-1", None),
        (" 1", None),
        ("1\x00", None),
        (FIVE_THOUSAND_DIGITS, None),
    ],
)
def test_only_ascii_digits_of_a_bigint_are_a_whole_number(text, number):
    assert whole_number(text) == number


def test_a_list_of_ids_is_refused_whole_if_one_is_not_an_id():
    assert whole_numbers(["1", "2"]) == [1, 2]
    assert whole_numbers([]) == []
    assert whole_numbers(["1", SUPERSCRIPT_TWO]) is None


# Digits of every script, superscripts and fractions, NUL and other control characters, signs, and ASCII digit
# strings of every length up to far past int()'s 4,300.
hostile_number = st.one_of(
    st.text(alphabet=st.characters(categories=("Nd", "No", "Nl", "Cc", "Zs")), max_size=12),
    st.text(alphabet=st.sampled_from("0123456789²³¹٣०\x00-+.:e "), max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=4000, max_value=6000).map(lambda length: "9" * length),
)
EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


class IntegerParametersTest(TestCase):
    """Every parameter of a request that names an id or a count, fed any text: never a 500."""

    def setUp(self):
        delegation = make_delegation()
        self.slug = delegation.workshop.slug
        self.organisation = delegation.organisation
        self.organiser = client_of(OrganiserMembershipFactory(workshop=delegation.workshop).user)
        self.secretariat = client_of(make_secretariat())
        self.admin = client_of(UserFactory(is_staff=True, is_superuser=True))
        self.anonymous = client_of()

    def url(self, name, *args):
        return reverse(f"console:{name}", args=[self.slug, *args])

    def requests(self, value):
        """(client, method, address, data) for each parameter that takes a number, holding `value`."""
        organiser = self.organiser
        csv_line = f"{self.organisation.name},{value},0\n{self.organisation.acronym},1,{value}"
        return [
            (organiser, "post", self.url("badges"), {"registrations": value}),
            (organiser, "post", self.url("visa_letters_issue"), {"requests": value}),
            (organiser, "post", self.url("registrations_decide"), {"single": f"{value}:rejected"}),
            (organiser, "post", self.url("registrations_decide"), {"registrations": value, "decision": "rejected"}),
            (organiser, "post", self.url("delegations_decide"), {"single": f"{value}:approved"}),
            (organiser, "post", self.url("delegations_decide"), {"nominations": value, "decision": "approved"}),
            (organiser, "post", self.url("quotas"), {"organisation": value, "seats": value, "funded_seats": value}),
            (
                organiser,
                "post",
                self.url("quota_upload"),
                {"file": SimpleUploadedFile("q.csv", f"organisation,seats,funded_seats\n{csv_line}\n".encode())},
            ),
            (organiser, "post", self.url("invitation_import"), {"digest": value}),
            (organiser, "get", self.url("registrations"), {"page": value, "status": value}),
            (organiser, "get", self.url("timeline"), {"person": value, "page": value}),
            (organiser, "get", self.url("checkin"), {"page": value, "session": value}),
            (organiser, "post", self.url("checkin_scan"), {"q": f"GC{value}-ABCDEFGH", "session": value}),
            (organiser, "get", self.url("attendance"), {"page": value, "organisation": value, "missing": value}),
            (organiser, "get", self.url("attendance_csv"), {"organisation": value}),
            (self.secretariat, "post", reverse("console:focal_points"), {"organisation": value, "email": "a@b.org"}),
            (self.secretariat, "post", reverse("console:organisation_merge"), {"merge": value, "keep": value}),
            (
                self.admin,
                "post",
                reverse("admin:workshops_organisation_changelist"),
                {"action": "merge", "_selected_action": [self.organisation.pk], "keep": value},
            ),
            # As a browser sends it: the typed text quoted into the path ("?" would otherwise start a query).
            (self.anonymous, "get", f"/certificates/{quote(value or 'x', safe='')}/", {}),
        ]

    @EXAMPLES
    @given(value=hostile_number)
    def test_no_number_parameter_answers_500(self, value):
        for client, method, address, data in self.requests(value):
            response = getattr(client, method)(address, data)
            assert response.status_code < 500, (address, data, response.status_code)


def test_the_requests_of_the_property_test_reach_their_views(db):
    """Each request of the property test reaches a view that answers it (a wrong address would test nothing)."""
    case = IntegerParametersTest()
    case.setUp()
    for client, method, address, data in case.requests("1"):
        response = getattr(client, method)(address, data)
        assert response.status_code in (200, 302) or address == "/certificates/1/", (address, response.status_code)
