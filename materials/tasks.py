from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def sweep_speaker_reminders():
    """Run by celery beat: reminds, once, the speakers who have not uploaded, a few days before their deadline."""
    return services.sweep_speaker_reminders()
