"""Defect 11: an unbalanced quote is reported on its line instead of silently swallowing the next person, and a
file with old Mac (CR-only) line endings is read."""

import pytest
from django.utils import translation

from participants.invitations import preview_invitations
from tests.support.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def preview(text):
    with translation.override("en"):
        return preview_invitations(workshop=WorkshopFactory(), data=text.encode())


def test_an_unbalanced_quote_is_reported_on_its_line_and_nobody_is_dropped_silently():
    parsed = preview(
        "email,name,organisation,country\n"
        'kim@customs.example,"Kim Minjun,KCS,KR\n'
        'lee@customs.example,Lee",KCS,KR\n'
        "park@customs.example,Park Jiwoo,KCS,KR\n"
    )
    assert not parsed.ok
    assert [line for line, _reason in parsed.errors] == [2]
    assert "quote" in parsed.errors[0][1]
    assert "line 3" in parsed.errors[0][1]


def test_a_quote_left_open_to_the_end_of_the_file_is_reported():
    parsed = preview('email,name,organisation,country\nkim@customs.example,"Kim Minjun,KCS,KR\nlee@x.org,Lee,KCS,KR\n')
    assert not parsed.ok
    assert parsed.errors[0][0] == 2
    assert "quote" in parsed.errors[0][1]


def test_cr_only_line_endings_are_read():
    parsed = preview(
        "email,name,organisation,country\rkim@customs.example,Kim Minjun,KCS,KR\rlee@customs.example,Lee,KCS,KR\r"
    )
    assert parsed.errors == []
    assert [(row.line, row.email) for row in parsed.rows] == [(2, "kim@customs.example"), (3, "lee@customs.example")]


def test_a_quoted_value_with_a_comma_still_reads():
    parsed = preview('email,name,organisation,country\r\nkim@customs.example,"Kim, Minjun",KCS,KR\r\n')
    assert parsed.errors == []
    assert parsed.rows[0].name == "Kim, Minjun"
