from .models import WorkshopReport


def report_of(workshop):
    """The workshop's report, or None before its first save."""
    return WorkshopReport.objects.filter(workshop=workshop).first()


def published_report(workshop):
    return WorkshopReport.objects.filter(workshop=workshop, published_at__isnull=False).first()
