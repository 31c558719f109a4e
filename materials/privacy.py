"""The personal data of the workshop's documents: which files a person uploaded (core.personal_data). The files
are the workshop's documents, not data about the person; the link to the uploader's account is what names them."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalData, register

from .models import MaterialFile

register(
    PersonalData(
        section="uploaded_documents",
        title=_("Documents you uploaded"),
        model="materials.MaterialFile",
        rows=lambda person: MaterialFile.objects.filter(uploaded_by_id=person.user_id),
        fields=(),
        # The documents stay the workshop's; the account they point to is itself erased.
        erased={},
        related=("material__workshop",),
        details=lambda version: {
            "workshop": version.material.workshop.title,
            "material": version.material.title,
            "original_name": version.original_name,
            "uploaded_at": version.uploaded_at.isoformat(),
        },
    )
)
