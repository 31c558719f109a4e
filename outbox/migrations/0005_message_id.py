# Three steps, as Django's "Migrations that add unique fields" says: the column without its constraint, a Message-ID of
# its own for each row already written, then the constraint.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0004_shared_bodies'),
    ]

    operations = [
        migrations.AddField(
            model_name='outgoingemail',
            name='message_id',
            field=models.CharField(editable=False, max_length=300, null=True, verbose_name='Message-ID'),
        ),
    ]
