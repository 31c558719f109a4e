from celery import shared_task

from . import surveys


@shared_task(ignore_result=True)
def sweep_surveys():
    """Run by celery beat: prepares, opens and reminds the surveys that are due (outcomes.surveys.sweep_surveys)."""
    return surveys.sweep_surveys()
