"""A small world for the organiser console tests: two workshops and one user per role."""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from delegations.models import FocalPoint, Nomination, Quota
from documents.models import PdfJob, VisaLetterRequest
from materials.services import add_material
from outcomes.models import Survey
from outcomes.surveys import answer_survey, prepare_survey
from participants.models import Registration
from questions.models import QuestionKind
from questions.services import add_question, questionnaire_for
from tests.support.delegations import PDF
from tests.support.factories import (
    InvitationFactory,
    OrganisationFactory,
    OrganiserMembershipFactory,
    ParticipantFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    record_days,
)
from tests.support.travel import funded_delegate, trip_with_files, with_travel_terms
from workshops.models import OrganiserMembership


def make_secretariat():
    user = UserFactory(email="secretariat@example.org", password=None)
    user.user_permissions.add(Permission.objects.get(codename="manage_all_workshops"))
    return user


@dataclass
class ConsoleWorld:
    workshop: object
    other_workshop: object
    session: object
    speaker: object
    registration: object
    invitation: object
    nomination: object
    focal_point: object
    users: dict
    visa_request: object = None
    pdf_job: object = None
    attendance: object = None
    material_file: object = None  # a public document of the workshop, its first file
    survey: object = None  # the workshop's evaluation, open, with one answer
    question: object = None  # a registration question answered from a list, with one choice
    funded_nomination: object = None  # an approved, funded delegate with a trip, its e-ticket and a claim
    boarding_pass: object = None  # of that claim


def make_world():
    workshop = WorkshopFactory(slug="seoul-2015")
    other_workshop = WorkshopFactory(slug="almaty-2016")
    session = ProgrammeSessionFactory(workshop=workshop)
    speaker = SpeakerFactory(session=session)
    registration = RegistrationFactory(
        workshop=workshop, status=Registration.Status.CONFIRMED, participant__user__password=None
    )
    users = {
        "anonymous": None,
        "participant": ParticipantFactory(user__password=None).user,
        "other_organiser": OrganiserMembershipFactory(workshop=other_workshop, user__password=None).user,
        "organiser": OrganiserMembershipFactory(workshop=workshop, user__password=None).user,
        "checkin": OrganiserMembershipFactory(
            workshop=workshop, role=OrganiserMembership.Role.CHECKIN, user__password=None
        ).user,
        "secretariat": make_secretariat(),
    }
    invitation = InvitationFactory(workshop=workshop)
    # Focal points use no console page: one speaks for an organisation with a quota at the other workshop
    # only, one for an organisation without any quota.
    nominating = OrganisationFactory()
    Quota.objects.create(workshop=workshop, organisation=nominating, seats=2, funded_seats=1)
    nomination = Nomination.objects.create(
        workshop=workshop,
        organisation=nominating,
        passport_name="Lee Ji-eun",
        email="lee@customs.example",
        position="Officer",
    )
    elsewhere = OrganisationFactory()
    Quota.objects.create(workshop=other_workshop, organisation=elsewhere, seats=2)
    users["focal_point_elsewhere"] = UserFactory(email="focal.elsewhere@example.org", password=None)
    users["focal_point_without_quota"] = UserFactory(email="focal.noquota@example.org", password=None)
    focal_point = FocalPoint.objects.create(organisation=elsewhere, email="focal.elsewhere@example.org")
    FocalPoint.objects.create(organisation=OrganisationFactory(), email="focal.noquota@example.org")
    visa_request = issued_visa_request(registration)
    record_days(registration, workshop.days[:1])
    material_file = public_document(workshop)
    with_travel_terms(workshop)
    funded_nomination, _funded_registration = funded_delegate(workshop, organisation=nominating)
    _trip, boarding_pass = trip_with_files(workshop, funded_nomination)
    return ConsoleWorld(
        workshop,
        other_workshop,
        session,
        speaker,
        registration,
        invitation,
        nomination,
        focal_point,
        users,
        visa_request,
        finished_pdf_job(workshop),
        registration.attendances.get(),
        material_file,
        answered_evaluation(workshop, registration),
        registration_question(workshop),
        funded_nomination,
        boarding_pass,
    )


def registration_question(workshop):
    """A registration question of the workshop, answered from a list of one choice."""
    questionnaire = questionnaire_for(workshop_id=workshop.pk)
    return add_question(
        questionnaire_id=questionnaire.pk,
        kind=QuestionKind.SINGLE_CHOICE,
        key="diet",
        fields={"label_en": "Dietary needs"},
        choices=[{"en": "Vegetarian"}],
        actor=None,
    )


def answered_evaluation(workshop, registration):
    """The workshop's evaluation, opened now (whenever its programme ends) and answered by `registration`."""
    survey = prepare_survey(workshop_id=workshop.pk, purpose=Survey.Purpose.EVALUATION, actor=None)
    Survey.objects.filter(pk=survey.pk).update(opened_at=timezone.now())
    answer_survey(survey_id=survey.pk, registration_id=registration.pk, answers={})
    return survey


def public_document(workshop, name="Concept note.pdf"):
    return add_material(
        workshop_id=workshop.pk,
        actor=None,
        fields={"title_en": "Concept note", "kind": "concept_note", "visibility": "public"},
        language="en",
        upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    )


def finished_pdf_job(workshop):
    """A badges PDF drawn and stored, as a worker leaves it (its file is a stand-in)."""
    now = timezone.now()
    job = PdfJob(workshop=workshop, kind="badges", language="en", requested_at=now, updated_at=now)
    job.file.save(job.filename, ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    job.state, job.progress, job.finished_at = PdfJob.State.DONE, 100, now
    job.save()
    return job


def issued_visa_request(registration):
    return VisaLetterRequest.objects.create(
        registration=registration,
        status=VisaLetterRequest.Status.ISSUED,
        requested_at=registration.created_at,
        reference=f"GC/TEST/VL/{registration.pk}",
        snapshot={"reference": f"GC/TEST/VL/{registration.pk}", "passport_name": registration.participant.full_name},
    )


def object_ids(world):
    """The ids of the world's objects by the name URL patterns give them."""
    return {
        "slug": world.workshop.slug,
        "session_id": world.session.pk,
        "speaker_id": world.speaker.pk,
        "registration_id": world.registration.pk,
        "invitation_id": world.invitation.pk,
        "organisation_id": world.registration.participant.organisation_id,
        "request_id": world.visa_request.pk,
        "nomination_id": world.nomination.pk,
        "focal_point_id": world.focal_point.pk,
        "job_id": world.pdf_job.pk,
        "attendance_id": world.attendance.pk,
        "material_id": world.material_file.material_id,
        "file_id": world.material_file.pk,
        "survey_id": world.survey.pk,
        "question_id": world.question.pk,
        "choice_id": world.question.choices.get().pk,
        "boarding_pass_id": world.boarding_pass.pk,
    }


def url_kwargs(pattern, world):
    """Values for a console URL pattern's parameters, all belonging to world.workshop."""
    values = object_ids(world)
    if pattern.name.startswith("travel"):
        values["nomination_id"] = world.funded_nomination.pk  # travel is arranged for funded delegates only
    return {name: values[name] for name in pattern.pattern.converters}
