"""Passport numbers encrypted at rest: the column becomes text (a token is longer than the number), the numbers
already stored are encrypted under the newest key of PASSPORT_ENCRYPTION_KEYS, and the letters' snapshots stop
holding a copy in clear (the letter reads the number from the encrypted column)."""

from django.db import migrations

import core.fields


def rewrite_numbers(apps, schema_editor, convert):
    # In SQL: the model's field would decrypt what it reads, and the rows hold clear text before this runs.
    table = schema_editor.connection.ops.quote_name(apps.get_model("documents", "VisaLetterRequest")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, passport_number FROM {table} WHERE passport_number <> ''")  # noqa: S608
        for pk, number in cursor.fetchall():
            cursor.execute(f"UPDATE {table} SET passport_number = %s WHERE id = %s", [convert(number), pk])  # noqa: S608


def encrypt_numbers(apps, schema_editor):
    rewrite_numbers(apps, schema_editor, core.fields.encrypt)
    VisaLetterRequest = apps.get_model("documents", "VisaLetterRequest")
    for pk, snapshot in VisaLetterRequest.objects.exclude(snapshot={}).values_list("pk", "snapshot"):
        snapshot.pop("passport_number", None)
        VisaLetterRequest.objects.filter(pk=pk).update(snapshot=snapshot)


def decrypt_numbers(apps, schema_editor):
    # Back to clear text; the snapshots' copies are not brought back (the letter reads the column).
    rewrite_numbers(apps, schema_editor, core.fields.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_documents"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visaletterrequest",
            name="passport_number",
            field=core.fields.EncryptedCharField(blank=True, max_length=20, verbose_name="passport number"),
        ),
        migrations.RunPython(encrypt_numbers, decrypt_numbers),
    ]
