"""The questions engine: every type validates and refuses what it should, conditions are decided on the server, a
stored answer reads as text in the reader's language and makes an export column; the building services refuse a
loop of conditions, duplicate choice keys and a type change once answered."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import translation

from activity.models import Action, ActivityEntry
from questions import engine, services
from questions.engine import AnswerForm, Respondent
from questions.models import Purpose, QuestionKind, Questionnaire
from tests.support.factories import OrganiserMembershipFactory, WorkshopFactory
from tests.support.material_files import PDF, SCRIPTED_PDF, image_bytes, pdf_upload, upload

pytestmark = pytest.mark.django_db
Kind = QuestionKind


@pytest.fixture
def organiser():
    return OrganiserMembershipFactory().user


@pytest.fixture
def questionnaire():
    return services.questionnaire_for(workshop_id=WorkshopFactory().pk)


def add(questionnaire, kind, label="A question", actor=None, key="", **fields):
    return services.add_question(
        questionnaire_id=questionnaire.pk, kind=kind, key=key, fields={"label_en": label, **fields}, actor=actor
    )


def form_for(questionnaire, data=None, files=None, respondent=engine.EVERYONE, **kwargs):
    questions = engine.questions_of(questionnaire.pk)
    sent = None
    if data is not None:
        sent = QueryDict(mutable=True)
        for name, value in data.items():
            values = value if isinstance(value, list) else [value]
            sent.setlist(f"question-{name}", values)
    files = {f"question-{name}": value for name, value in (files or {}).items()} if files else None
    return AnswerForm(sent, files, questions=questions, respondent=respondent, **kwargs)


def answers(questionnaire, data, **kwargs):
    form = form_for(questionnaire, data, **kwargs)
    assert form.is_valid(), form.errors
    return form.answers()


def errors(questionnaire, data, **kwargs):
    form = form_for(questionnaire, data, **kwargs)
    assert not form.is_valid()
    return form.errors


def test_text_answers_are_bounded_and_refuse_a_nul(questionnaire):
    short = add(questionnaire, Kind.SHORT_TEXT, key="unit", required=True)
    long = add(questionnaire, Kind.LONG_TEXT, key="why")
    assert answers(questionnaire, {"unit": "Busan customs", "why": "Because"}) == {
        short.pk: "Busan customs",
        long.pk: "Because",
    }
    assert "unit" in errors(questionnaire, {"unit": ""})
    assert "unit" in errors(questionnaire, {"unit": "x" * 301})
    assert "why" in errors(questionnaire, {"unit": "u", "why": "x" * 5001})
    assert "Null characters are not allowed." in errors(questionnaire, {"unit": "a\x00b"})["unit"]
    assert answers(questionnaire, {"unit": "서울 세관 👍"}) == {short.pk: "서울 세관 👍"}


def test_choices_store_keys_and_refuse_unknown_or_hidden_ones(questionnaire, organiser):
    single = add(questionnaire, Kind.SINGLE_CHOICE, key="diet")
    several = add(questionnaire, Kind.MULTIPLE_CHOICE, key="topics")
    for key, label in (("none", "None"), ("vegetarian", "Vegetarian"), ("halal", "Halal")):
        services.add_choice(question_id=single.pk, key=key, labels={"en": label, "fr": label}, actor=organiser)
    for key in ("ods", "waste", "cites"):
        services.add_choice(question_id=several.pk, key=key, labels={"en": key.upper()}, actor=organiser)
    assert answers(questionnaire, {"diet": "halal", "topics": ["ods", "cites"]}) == {
        single.pk: "halal",
        several.pk: ["ods", "cites"],
    }
    assert "diet" in errors(questionnaire, {"diet": "pizza"})
    assert "topics" in errors(questionnaire, {"topics": ["ods", "nope"]})
    halal = single.choices.get(key="halal")
    services.hide_choice(choice_id=halal.pk, hidden=True, actor=organiser)
    assert "diet" in errors(questionnaire, {"diet": "halal"})
    # An answer that chose it still reads.
    single.refresh_from_db()
    assert engine.answer_text(engine.questions_of(questionnaire.pk)[0], "halal") == "Halal"


def test_yes_no_number_date_country_and_rating(questionnaire):
    yes_no = add(questionnaire, Kind.YES_NO, key="cites")
    number = add(questionnaire, Kind.NUMBER, key="years", min_number=0, max_number=45)
    date = add(
        questionnaire,
        Kind.DATE,
        key="arrival",
        earliest_date=datetime.date(2015, 11, 1),
        latest_date=datetime.date(2015, 11, 13),
    )
    country = add(questionnaire, Kind.COUNTRY, key="passport")
    rating = add(questionnaire, Kind.RATING, key="overall", low_label_en="Poor", high_label_en="Excellent")
    stored = answers(
        questionnaire,
        {"cites": "no", "years": "12.50", "arrival": "2015-11-09", "passport": "KR", "overall": "4"},
    )
    assert stored == {yes_no.pk: False, number.pk: "12.5", date.pk: "2015-11-09", country.pk: "KR", rating.pk: 4}
    assert "years" in errors(questionnaire, {"years": "46"})
    assert "years" in errors(questionnaire, {"years": "-1"})
    assert "years" in errors(questionnaire, {"years": "9" * 5000})
    assert "years" in errors(questionnaire, {"years": "1e999999"})
    assert "years" in errors(questionnaire, {"years": "NaN"})
    assert "arrival" in errors(questionnaire, {"arrival": "2015-11-14"})
    assert "arrival" in errors(questionnaire, {"arrival": "2015-10-31"})
    assert "arrival" in errors(questionnaire, {"arrival": "99999-01-01"})
    assert "passport" in errors(questionnaire, {"passport": "XX"})
    assert "overall" in errors(questionnaire, {"overall": "6"})
    assert "overall" in errors(questionnaire, {"overall": "٣"})
    assert "cites" in errors(questionnaire, {"cites": "maybe"})


def test_an_open_date_is_still_bounded_to_the_supported_years(questionnaire):
    add(questionnaire, Kind.DATE, key="born")
    assert "Enter a date between 2000 and 2100." in errors(questionnaire, {"born": "1899-01-01"})["born"]


def test_stored_answers_read_in_the_readers_language(questionnaire, organiser):
    choice = add(questionnaire, Kind.SINGLE_CHOICE, key="diet", label_fr="Régime")
    services.add_choice(
        question_id=choice.pk, key="vegetarian", labels={"en": "Vegetarian", "fr": "Végétarien"}, actor=organiser
    )
    yes_no = add(questionnaire, Kind.YES_NO, key="cites")
    date = add(questionnaire, Kind.DATE, key="arrival")
    rating = add(questionnaire, Kind.RATING, key="overall")
    number = add(questionnaire, Kind.NUMBER, key="years")
    stored = {choice.pk: "vegetarian", yes_no.pk: True, date.pk: "2015-11-09", rating.pk: 4, number.pk: "1234.5"}
    questions = engine.questions_of(questionnaire.pk)
    with translation.override("fr"):
        columns = engine.AnswerColumns(questions)
        assert columns.headers == ["Régime", "A question", "A question", "A question", "A question"]
        assert columns.cells(stored) == ["Végétarien", "Oui", "9 novembre 2015", "4 / 5", "1234,5"]
    with translation.override("en"):
        columns = engine.AnswerColumns(questions)
        assert columns.cells(stored) == ["Vegetarian", "Yes", "9 November 2015", "4 / 5", "1234.5"]
        assert columns.cells({}) == ["", "", "", "", ""]


def test_a_file_must_be_a_pdf_or_an_image_by_its_bytes(questionnaire):
    file = add(questionnaire, Kind.FILE, key="permit")
    form = form_for(questionnaire, {}, files={"permit": pdf_upload("Permit.pdf")})
    assert form.is_valid(), form.errors
    uploaded = engine.uploaded_files(form.answers())
    assert uploaded[file.pk].checked_name == "Permit.pdf"
    assert form_for(questionnaire, {}, files={"permit": upload("me.png", image_bytes("PNG"))}).is_valid()
    for refused in (
        upload("permit.pdf", b"MZ\x90\x00 not a pdf at all"),
        upload("permit.pdf", SCRIPTED_PDF),
        upload("permit.png", PDF[:40]),
        upload("permit.docx", b"PK\x03\x04" + b"\x00" * 40),
    ):
        assert "permit" in errors(questionnaire, {}, files={"permit": refused})


def test_a_file_is_asked_only_at_registration():
    survey = services.questionnaire_for(workshop_id=WorkshopFactory().pk, purpose=Purpose.EVALUATION)
    with pytest.raises(services.QuestionError) as refusal:
        add(survey, Kind.FILE, key="permit")
    assert "registration" in refusal.value.message_dict["kind"][0]


def test_conditions_are_decided_on_the_server(questionnaire):
    handled = add(questionnaire, Kind.YES_NO, key="cites", required=True)
    how_many = add(
        questionnaire,
        Kind.NUMBER,
        key="permits",
        required=True,
        condition_question=handled,
        condition_value="yes",
    )
    # Not asked: neither required nor stored, whatever the browser sent.
    assert answers(questionnaire, {"cites": "no", "permits": "12"}) == {handled.pk: False}
    assert answers(questionnaire, {"cites": "no", "permits": "not a number"}) == {handled.pk: False}
    # Asked: required and validated.
    assert "permits" in errors(questionnaire, {"cites": "yes"})
    assert answers(questionnaire, {"cites": "yes", "permits": "12"}) == {handled.pk: True, how_many.pk: "12"}
    # A question behind a question that is not asked is not asked either.
    kind = add(questionnaire, Kind.SINGLE_CHOICE, key="kind", condition_question=handled, condition_value="yes")
    services.add_choice(question_id=kind.pk, key="live", labels={"en": "Live animals"}, actor=None)
    add(questionnaire, Kind.SHORT_TEXT, key="species", required=True, condition_question=kind, condition_value="live")
    assert answers(questionnaire, {"cites": "no", "kind": "live", "species": "Tigers"}) == {handled.pk: False}
    assert "species" in errors(questionnaire, {"cites": "yes", "permits": "1", "kind": "live"})


def test_respondent_rules_hide_questions_from_others(questionnaire):
    funded = add(questionnaire, Kind.SHORT_TEXT, key="bank", required=True, funded_only=True)
    customs = add(questionnaire, Kind.SHORT_TEXT, key="unit", required=True, organisation_kind="customs")
    kinds = {"customs": Respondent(organisation_kind="customs"), "funded": Respondent(is_funded=True)}
    assert set(form_for(questionnaire, respondent=kinds["customs"]).fields) == {"unit"}
    assert set(form_for(questionnaire, respondent=kinds["funded"]).fields) == {"bank"}
    assert answers(questionnaire, {"bank": "X", "unit": "Y"}, respondent=Respondent()) == {}
    assert answers(questionnaire, {"bank": "X", "unit": "Y"}, respondent=kinds["funded"]) == {funded.pk: "X"}
    assert answers(questionnaire, {"unit": "Y"}, respondent=kinds["customs"]) == {customs.pk: "Y"}


def test_an_unbound_form_does_not_require_a_conditional_question_and_tells_the_page_its_condition(questionnaire):
    handled = add(questionnaire, Kind.YES_NO, key="cites", required=True)
    add(questionnaire, Kind.NUMBER, key="permits", required=True, condition_question=handled, condition_value="yes")
    add(questionnaire, QuestionKind.INFORMATION, key="note", label="Bring your passport.")
    form = form_for(questionnaire, initial_answers={handled.pk: True})
    assert form.fields["cites"].required and not form.fields["permits"].required
    assert form.initial["cites"] == "yes"
    assert [(item.question.key, item.field is None, item.shown_when) for item in form.items()] == [
        ("cites", False, ""),
        ("permits", False, "question-cites"),
        ("note", True, ""),
    ]


def test_a_loop_of_conditions_is_refused(questionnaire):
    first = add(questionnaire, Kind.YES_NO, key="first")
    second = add(questionnaire, Kind.YES_NO, key="second", condition_question=first, condition_value="yes")
    third = add(questionnaire, Kind.YES_NO, key="third", condition_question=second, condition_value="no")
    with pytest.raises(services.QuestionError) as refusal:
        services.edit_question(
            question_id=first.pk, fields={"condition_question": third, "condition_value": "yes"}, actor=None
        )
    assert "wait for each other" in refusal.value.message_dict["condition_question"][0]
    first.refresh_from_db()
    assert first.condition_question_id is None


def test_a_condition_names_an_answer_the_question_has(questionnaire):
    first = add(questionnaire, Kind.YES_NO, key="first")
    with pytest.raises(services.QuestionError) as refusal:
        add(questionnaire, Kind.SHORT_TEXT, key="second", condition_question=first, condition_value="perhaps")
    assert "condition_value" in refusal.value.message_dict
    text = add(questionnaire, Kind.SHORT_TEXT, key="text")
    with pytest.raises(services.QuestionError):
        add(questionnaire, Kind.SHORT_TEXT, key="third", condition_question=text, condition_value="x")


def test_duplicate_keys_are_refused(questionnaire, organiser):
    question = add(questionnaire, Kind.SINGLE_CHOICE, key="diet")
    services.add_choice(question_id=question.pk, key="halal", labels={"en": "Halal"}, actor=organiser)
    with pytest.raises(services.QuestionError) as refusal:
        services.add_choice(question_id=question.pk, key="halal", labels={"en": "Halal again"}, actor=organiser)
    assert "halal" in refusal.value.message_dict["key"][0]
    assert question.choices.count() == 1
    with pytest.raises(services.QuestionError) as refusal:
        add(questionnaire, Kind.SHORT_TEXT, key="diet")
    assert "key" in refusal.value.message_dict or "__all__" in refusal.value.message_dict
    # Without a key given, one is made from the label.
    assert add(questionnaire, Kind.SHORT_TEXT, label="Arrival date").key == "arrival-date"
    assert add(questionnaire, Kind.SHORT_TEXT, label="Arrival date").key == "arrival-date-2"


def test_the_database_holds_the_rules_it_can(questionnaire):
    question = add(questionnaire, Kind.NUMBER, key="years")
    with transaction.atomic(), pytest.raises(IntegrityError):
        type(question).objects.filter(pk=question.pk).update(min_number=10, max_number=1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        type(question).objects.filter(pk=question.pk).update(kind=Kind.INFORMATION, required=True)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Questionnaire.objects.create(workshop=questionnaire.workshop, purpose=Purpose.REGISTRATION)


def test_the_type_stays_once_answered(questionnaire):
    question = add(questionnaire, Kind.SHORT_TEXT, key="unit")
    services.edit_question(question_id=question.pk, kind=Kind.LONG_TEXT, fields={}, actor=None)
    services.find_answers_with(lambda ids: {question.pk} & set(ids))
    try:
        with pytest.raises(services.QuestionError) as refusal:
            services.edit_question(question_id=question.pk, kind=Kind.NUMBER, fields={}, actor=None)
    finally:
        services.ANSWER_FINDERS.pop()
    assert "cannot change" in refusal.value.message_dict["kind"][0]
    question.refresh_from_db()
    assert question.kind == Kind.LONG_TEXT


def test_moving_and_archiving_keep_order_and_columns(questionnaire, organiser):
    first = add(questionnaire, Kind.SHORT_TEXT, key="first", label="First", actor=organiser)
    second = add(questionnaire, Kind.SHORT_TEXT, key="second", label="Second", actor=organiser)
    services.move_question(question_id=second.pk, earlier=True, actor=organiser)
    assert [q.key for q in engine.questions_of(questionnaire.pk)] == ["second", "first"]
    with pytest.raises(services.QuestionError):
        services.move_question(question_id=second.pk, earlier=True, actor=organiser)
    services.archive_question(question_id=first.pk, actor=organiser)
    assert [q.key for q in engine.questions_of(questionnaire.pk)] == ["second"]
    every = engine.questions_of(questionnaire.pk, archived=True)
    assert engine.AnswerColumns(every).headers == ["Second", "First (archived)"]
    assert set(form_for(questionnaire).fields) == {"second"}
    actions = list(ActivityEntry.objects.filter(workshop=questionnaire.workshop).values_list("action", flat=True))
    assert {Action.QUESTION_ADDED, Action.QUESTION_MOVED, Action.QUESTION_ARCHIVED} <= set(actions)


def test_a_question_others_depend_on_cannot_be_archived(questionnaire):
    first = add(questionnaire, Kind.YES_NO, key="first")
    add(questionnaire, Kind.SHORT_TEXT, key="second", label="Second", condition_question=first, condition_value="no")
    with pytest.raises(services.QuestionError) as refusal:
        services.archive_question(question_id=first.pk, actor=None)
    assert "“Second”" in refusal.value.message


def test_copying_a_questionnaire_copies_questions_choices_and_conditions(questionnaire, organiser):
    first = add(questionnaire, Kind.SINGLE_CHOICE, key="diet", label_fr="Régime")
    services.add_choice(question_id=first.pk, key="halal", labels={"en": "Halal", "fr": "Halal"}, actor=organiser)
    add(questionnaire, Kind.SHORT_TEXT, key="which", condition_question=first, condition_value="halal")
    gone = add(questionnaire, Kind.SHORT_TEXT, key="gone")
    services.archive_question(question_id=gone.pk, actor=organiser)
    other = WorkshopFactory()
    copy = services.copy_questionnaire(source_id=questionnaire.pk, workshop_id=other.pk)
    copied = engine.questions_of(copy.pk, archived=True)
    assert [q.key for q in copied] == ["diet", "which"]
    assert copied[0].label_fr == "Régime" and [c.key for c in copied[0].choices.all()] == ["halal"]
    assert copied[1].condition_question_id == copied[0].pk
