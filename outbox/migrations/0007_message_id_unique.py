import outbox.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0006_message_ids_of_written_rows'),
    ]

    operations = [
        migrations.AlterField(
            model_name='outgoingemail',
            name='message_id',
            field=models.CharField(default=outbox.models.new_message_id, editable=False, help_text='The Message-ID header of this email, the same in every attempt: a resend reads as one email.', max_length=300, verbose_name='Message-ID'),
        ),
        migrations.AddConstraint(
            model_name='outgoingemail',
            constraint=models.UniqueConstraint(fields=('message_id',), name='outgoing_email_message_id_unique'),
        ),
    ]
