from django.core.management.base import BaseCommand

from outbox.tasks import prune_sent_emails, sweep_outbox
from participants.tasks import sweep_reminders


class Command(BaseCommand):
    help = (
        "Runs once what Celery beat runs: queues the reminders that have fallen due, hands stuck outbox emails "
        "back for delivery and removes the content of emails sent longer ago than the retention period. For a "
        "portal without beat (make run): run it by hand or from cron."
    )

    def handle(self, *args, **options):
        # Called, not queued: the sweeps run here and now; the emails they queue go to the workers (or, without a
        # broker, are sent in this process).
        reminders = sweep_reminders()
        stuck = sweep_outbox()
        pruned = prune_sent_emails()
        self.stdout.write(
            f"Reminders queued: {reminders}. Stuck emails handed back for delivery: {stuck}. "
            f"Sent emails emptied after the retention period: {pruned}."
        )
