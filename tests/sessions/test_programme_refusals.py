"""The programme services refuse with a ProgrammeError (a core.errors.DomainError) that names the fields the
console's forms show each message beside; nothing is written."""

import pytest

from core.errors import DomainError
from sessions.models import ProgrammeSession, Speaker
from sessions.services import SESSION_FIELDS, ProgrammeError, create_session, create_speaker, move_session
from tests.support.factories import ProgrammeSessionFactory, UserFactory, WorkshopFactory, workshop_local

pytestmark = pytest.mark.django_db


def session_fields(workshop, **changes):
    fields = dict.fromkeys(SESSION_FIELDS, "")
    fields.update(
        title_en="Ozone",
        kind="presentation",
        topics="",
        starts_at=workshop_local(workshop, 0, 9, 30),
        room_en="Hall",
        takes_attendance=False,
    )
    fields["ends_at"] = fields["starts_at"].replace(hour=10, minute=30)
    return fields | changes


def test_a_room_clash_names_the_room_field():
    workshop = WorkshopFactory()
    ProgrammeSessionFactory(workshop=workshop, title="Basel Convention", room="Hall")
    with pytest.raises(ProgrammeError) as refused:
        create_session(workshop_id=workshop.pk, fields=session_fields(workshop), actor=UserFactory())
    assert isinstance(refused.value, DomainError)
    assert list(refused.value.message_dict) == ["room"]
    (message,) = refused.value.message_dict["room"]
    assert "already taken by “Basel Convention”" in message and refused.value.message == message
    assert ProgrammeSession.objects.count() == 1


def test_the_models_own_rules_name_their_fields():
    workshop = WorkshopFactory()
    starts_at = workshop_local(workshop, 0, 9)
    with pytest.raises(ProgrammeError) as refused:
        create_session(
            workshop_id=workshop.pk,
            fields=session_fields(workshop, starts_at=starts_at, ends_at=starts_at),
            actor=UserFactory(),
        )
    assert refused.value.message_dict["ends_at"] == ["A session must end after it starts."]
    assert not ProgrammeSession.objects.exists()


def test_a_speaker_without_a_name_is_refused_for_the_whole_form():
    session = ProgrammeSessionFactory()
    with pytest.raises(ProgrammeError) as refused:
        create_speaker(
            workshop_id=session.workshop_id,
            session_id=session.pk,
            fields={"participant": None, "name": "", "organisation": None, "role": "speaker"},
            actor=UserFactory(),
        )
    assert list(refused.value.message_dict) == ["__all__"]
    assert "Choose a participant or give the speaker's name." in refused.value.message_dict["__all__"]
    assert not Speaker.objects.exists()


def test_a_move_with_nowhere_to_go_is_refused_in_one_message():
    session = ProgrammeSessionFactory(title="Opening")
    with pytest.raises(ProgrammeError) as refused:
        move_session(workshop_id=session.workshop_id, session_id=session.pk, earlier=True, actor=UserFactory())
    assert refused.value.message == "“Opening” is already the first session of its day."
    assert refused.value.message_dict == {}
