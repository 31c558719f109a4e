from django.db import migrations

from outbox.models import new_message_id

BATCH_SIZE = 1000


def give_each_row_a_message_id(apps, schema_editor):
    OutgoingEmail = apps.get_model('outbox', 'OutgoingEmail')
    without = OutgoingEmail.objects.filter(message_id__isnull=True).only('pk')
    while batch := list(without[:BATCH_SIZE]):
        for email in batch:
            email.message_id = new_message_id()
        OutgoingEmail.objects.bulk_update(batch, ['message_id'])


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0005_message_id'),
    ]

    operations = [
        migrations.RunPython(give_each_row_a_message_id, migrations.RunPython.noop),
    ]
