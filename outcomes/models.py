"""What a workshop achieved, as its organisers tell it: the report, drafted from the portal's data and edited."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop

# Long enough for a report of several pages; a limit all the same, so a pasted book is refused with a message.
REPORT_MAX_LENGTH = 30_000


class WorkshopReport(models.Model):
    """The workshop's outcome in Markdown, one column per language (outcomes/translation.py); shown on the workshop
    page as "Outcome" while published."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="report")
    body = models.TextField(_("report"), blank=True, max_length=REPORT_MAX_LENGTH)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop report")
        verbose_name_plural = _("workshop reports")

    def __str__(self):
        return str(self.workshop)

    @property
    def is_published(self):
        return self.published_at is not None
