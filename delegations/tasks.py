from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def sweep_closing_reminders():
    """Run by celery beat every few minutes; reminds focal points a week before nominations close."""
    services.sweep_closing_reminders()
