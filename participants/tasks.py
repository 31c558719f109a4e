from celery import shared_task


@shared_task(ignore_result=True)
def sweep_reminders():
    """Run by celery beat every few minutes; queues the reminders that have fallen due."""
    from .reminders import sweep_reminders as sweep

    sweep()
