from celery import shared_task

from . import invitations, privacy, reminders


@shared_task(ignore_result=True)
def sweep_reminders():
    """Run by celery beat every few minutes; queues the reminders that have fallen due."""
    return reminders.sweep_reminders()


@shared_task(ignore_result=True)
def purge_held_invitation_files():
    """Run by celery beat: previewed invitation files nobody confirmed are deleted after an hour."""
    invitations.purge_held_invitation_files()


@shared_task(ignore_result=True)
def erase_personal_fields():
    """Run by celery beat daily: workshop-only personal details are erased a while after the workshop."""
    privacy.erase_personal_fields()
