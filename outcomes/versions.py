"""The report's changes raise its workshop's content version: the workshop page shows it (workshops/versions.py)."""

from workshops.versions import CONTENT, covers, raise_content_version

from .models import WorkshopReport


@covers(CONTENT)
def report_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


RECEIVERS = {WorkshopReport: report_changed}
