from django.core.management.base import BaseCommand
from django.utils import timezone

from outbox.services import outbox_summary


class Command(BaseCommand):
    help = "Show the email outbox: how many emails are queued, sending, sent and failed, and the oldest one waiting."

    def handle(self, *args, **options):
        counts, oldest_queued = outbox_summary()
        for status, count in counts.items():
            self.stdout.write(f"{status:<8} {count:>8}")
        if oldest_queued:
            waiting = timezone.now() - oldest_queued
            self.stdout.write(
                f"oldest queued: {oldest_queued:%Y-%m-%d %H:%M:%S} UTC ({int(waiting.total_seconds() // 60)} min ago)"
            )
        else:
            self.stdout.write("oldest queued: none")
