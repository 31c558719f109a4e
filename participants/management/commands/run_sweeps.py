from django.core.management.base import BaseCommand

from outbox.tasks import sweep_outbox
from participants.tasks import sweep_reminders


class Command(BaseCommand):
    help = (
        "Runs once what Celery beat runs every 5 minutes: queues the reminders that have fallen due and hands "
        "stuck outbox emails back for delivery. For a portal without beat (make run): run it by hand or from cron."
    )

    def handle(self, *args, **options):
        # Called, not queued: the sweeps run here and now; the emails they queue go to the workers (or, without a
        # broker, are sent in this process).
        reminders = sweep_reminders()
        stuck = sweep_outbox()
        self.stdout.write(f"Reminders queued: {reminders}. Stuck emails handed back for delivery: {stuck}.")
