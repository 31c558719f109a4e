"""A small world for delegation tests: a workshop taking nominations, an organisation with a quota and
its focal point (who can log in)."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from delegations.models import FocalPoint, Quota
from tests.support.factories import OrganisationFactory, UserFactory, WorkshopFactory
from workshops.models import Workshop

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="letter.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclass
class Delegation:
    workshop: object
    organisation: object
    quota: object
    focal_point: object


def make_delegation(*, seats=2, funded_seats=1, workshop=None, **workshop_fields):
    now = timezone.now()
    defaults = {
        "admission": Workshop.Admission.BOTH,
        "nomination_opens_at": now - datetime.timedelta(days=1),
        "nomination_closes_at": now + datetime.timedelta(days=10),
        "funding_budget": 5,
    }
    workshop = workshop or WorkshopFactory(**{**defaults, **workshop_fields})
    organisation = OrganisationFactory()
    quota = Quota.objects.create(workshop=workshop, organisation=organisation, seats=seats, funded_seats=funded_seats)
    user = UserFactory(email=f"focal.{organisation.acronym.lower()}@example.org")
    FocalPoint.objects.create(organisation=organisation, email=user.email)
    return Delegation(workshop, organisation, quota, user)


def nominee(index=0, **fields):
    return {
        "passport_name": f"Delegate {index}",
        "email": f"delegate{index}@example.org",
        "position": "Customs officer",
        "gender": "female" if index % 2 else "male",
        **fields,
    }
