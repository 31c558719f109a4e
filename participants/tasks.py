from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def sweep_reminders():
    """Run by celery beat every few minutes; queues the reminders that have fallen due."""
    return reminders.sweep_reminders()
