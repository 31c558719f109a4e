"""The report's operations: its text kept, published on the workshop page, taken back.

Each locks the workshop row first (workshops/locking.py: every write to a workshop's pages starts there), raises
the workshop's content version, since the page shows the report while it is published, and writes its activity
entry in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import log_action
from core.errors import DomainError
from core.languages import column, language_codes
from workshops.locking import lock_workshop
from workshops.versions import raise_content_version, raises_versions

from .models import WorkshopReport


class ReportError(DomainError):
    """A rule refused a change of the report; `message_dict` names the languages' fields it is about, if any."""


@raises_versions
def save_report(*, workshop_id, bodies, actor):
    """Keep the report's Markdown, {language: text} for some of the portal's languages (a language left out keeps
    its text: the form shows the workshop's languages only)."""
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        report, _created = WorkshopReport.objects.get_or_create(workshop=workshop)
        for language, text in bodies.items():
            setattr(report, column("body", language), text.strip())
        try:
            report.full_clean(exclude=["workshop"])
        except ValidationError as error:
            raise ReportError(fields=error.message_dict) from error
        report.save()
        log_action(workshop=workshop, action=Action.REPORT_SAVED, actor=actor)
    return report


@raises_versions
def publish_report(*, workshop_id, actor):
    """Show the report on the workshop page as its outcome."""
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        report = WorkshopReport.objects.filter(workshop=workshop).first()
        if report is None or not any(getattr(report, column("body", code)) for code in language_codes()):
            raise ReportError(_("The report is empty: write it, or start from the draft, and save it first."))
        if not report.is_published:
            report.published_at = timezone.now()
            report.save(update_fields=["published_at", "updated_at"])
            log_action(workshop=workshop, action=Action.REPORT_PUBLISHED, actor=actor)
    return report


@raises_versions
def unpublish_report(*, workshop_id, actor):
    """Take the report off the workshop page; its text is kept."""
    with transaction.atomic():
        workshop = lock_workshop(workshop_id)
        raise_content_version([workshop.pk])
        report = WorkshopReport.objects.filter(workshop=workshop, published_at__isnull=False).first()
        if report is None:
            raise ReportError(_("The report is not published."))
        report.published_at = None
        report.save(update_fields=["published_at", "updated_at"])
        log_action(workshop=workshop, action=Action.REPORT_UNPUBLISHED, actor=actor)
    return report
