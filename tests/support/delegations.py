"""A small world for delegation tests: a workshop taking nominations, an organisation with a quota and
its focal point (who can log in)."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from delegations.models import FocalPoint, Quota
from tests.support.factories import OrganisationFactory, UserFactory, WorkshopFactory
from workshops.models import Workshop


def pdf_document(*, catalogue=b"", page=b"", more=()):
    """A whole one-page PDF, cross-reference table included, with `catalogue` and `page` added to those
    dictionaries and `more` as objects 4, 5, ... (for the letters a script or an action hides in)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalogue + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page + b" >>",
        *more,
    ]
    document, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(document)


PDF = pdf_document()


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
