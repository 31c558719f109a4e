"""Editing a workshop in the admin goes through update_workshop: the programme moves with the dates,
dates that would strand sessions are refused beside the field, and the seats cover everyone confirmed."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from participants.models import Registration
from tests.support.factories import ProgrammeSessionFactory, RegistrationFactory, WorkshopFactory, workshop_local

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser would submit for the page's main form, unchanged: inputs, ticked boxes, selections."""

    def __init__(self):
        super().__init__()
        self.values, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.values[name] = attrs.get("value", "")
            elif "checked" in attrs and attrs.get("type") == "checkbox":
                # Boxes of one name (a workshop's languages) send each ticked one's value.
                self.values.setdefault(name, []).append(attrs.get("value", "on"))
            elif "checked" in attrs:
                self.values[name] = attrs.get("value", "on")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data.lstrip("\n")


def post_change(client, workshop, **changes):
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    data = {name: value for name, value in parser.values.items() if name != "csrfmiddlewaretoken"}
    return client.post(url, {**data, **changes}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def workshop():
    return WorkshopFactory(start_date=datetime.date(2015, 11, 10), end_date=datetime.date(2015, 11, 13))


def test_moving_the_dates_moves_the_programme(admin_client, workshop):
    session = ProgrammeSessionFactory(workshop=workshop, starts_at=workshop_local(workshop, 1, 9))

    response = post_change(admin_client, workshop, start_date="2015-11-17", end_date="2015-11-20")

    assert messages_of(response)[-1].endswith("was changed successfully.")
    workshop.refresh_from_db()
    assert (workshop.start_date, workshop.end_date) == (datetime.date(2015, 11, 17), datetime.date(2015, 11, 20))
    session.refresh_from_db()
    assert session.starts_at == workshop_local(workshop, 1, 9)


def test_dates_that_strand_a_session_are_refused_beside_the_field(admin_client, workshop):
    ProgrammeSessionFactory(workshop=workshop, title="Field visit", starts_at=workshop_local(workshop, 3, 9))

    response = post_change(admin_client, workshop, end_date="2015-11-12")

    errors = response.context["adminform"].form.errors
    assert errors["end_date"] == [
        "“Field visit” would fall outside the new dates; move or delete it in the programme first."
    ]
    workshop.refresh_from_db()
    assert workshop.end_date == datetime.date(2015, 11, 13)


def test_a_session_row_edited_into_the_cut_days_undoes_the_whole_save(admin_client, workshop):
    session = ProgrammeSessionFactory(workshop=workshop, title="Opening", starts_at=workshop_local(workshop, 0, 9))

    response = post_change(
        admin_client,
        workshop,
        end_date="2015-11-12",
        title="Renamed",
        **{"sessions-0-starts_at_0": "2015-11-13", "sessions-0-ends_at_0": "2015-11-13"},
    )

    assert messages_of(response) == [
        "“Opening” would fall outside the new dates; move or delete it in the programme first."
    ]
    workshop.refresh_from_db()
    session.refresh_from_db()
    assert workshop.title != "Renamed" and workshop.end_date == datetime.date(2015, 11, 13)
    assert not LogEntry.objects.exists()
    assert session.starts_at == workshop_local(workshop, 0, 9)


def test_seats_cannot_drop_below_the_confirmed_and_added_seats_serve_the_waitlist(admin_client, workshop):
    workshop.capacity = 2
    workshop.save()
    RegistrationFactory.create_batch(2, workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)

    refused = post_change(admin_client, workshop, capacity="1")
    assert refused.context["adminform"].form.errors["capacity"] == [
        "2 confirmed and 0 pending registrations hold a seat; the workshop needs at least 2 seats."
    ]

    post_change(admin_client, workshop, capacity="3")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
