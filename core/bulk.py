"""Writing thousands of rows that differ in a few columns: what a bulk send writes to the outbox."""

from django.db import connections, router


def insert_alike(model, *, alike, varying, rows, batch_size=1000):
    """Insert a row of `model` for each tuple of `rows`, the values of the fields whose attribute names `varying`
    gives (in that order), with the fields of `alike` and every other field's default (now for auto_now ones) the
    same in every row, as bulk_create would write them; return the new rows' primary keys in order. Like
    bulk_create, it sends no signal.

    bulk_create builds an instance and prepares every field for the database, row by row: for 10,000 reminders of
    twenty columns that took longer than PostgreSQL took to write them. Here what is alike is prepared once and
    each row's own values are quoted by the database driver. Elsewhere than on PostgreSQL (the embedded SQLite of
    a trial run), it is bulk_create.
    """
    database = router.db_for_write(model)
    connection = connections[database]
    if connection.vendor != "postgresql":
        instances = [model(**alike, **dict(zip(varying, row, strict=True))) for row in rows]
        return [instance.pk for instance in model.objects.using(database).bulk_create(instances, batch_size)]
    fields = {field.attname: field for field in model._meta.concrete_fields if not field.db_returning}
    own_fields = [fields[name] for name in varying]
    template = model(**alike)
    alike_fields = [field for field in fields.values() if field not in own_fields]
    alike_values = [field.get_db_prep_save(field.pre_save(template, add=True), connection) for field in alike_fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*own_fields, *alike_fields])
    ids = []
    with connection.cursor() as cursor:
        # The alike values as SQL once, inside the template each row is quoted with (where % must be doubled).
        alike_sql = cursor.mogrify(", ".join(["%s"] * len(alike_values)), alike_values).decode().replace("%", "%%")
        row_sql = "(" + ", ".join(["%s"] * len(own_fields) + ([alike_sql] if alike_fields else [])) + ")"
        for start in range(0, len(rows), batch_size):
            values = b", ".join(
                cursor.mogrify(
                    row_sql,
                    [field.get_db_prep_save(value, connection) for field, value in zip(own_fields, row, strict=True)],
                )
                for row in rows[start : start + batch_size]
            )
            # Complete SQL (names quoted by quote_name, values by the driver's mogrify), executed without
            # parameters: nothing in it is read as a placeholder again.
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values.decode()} RETURNING {pk}")  # noqa: S608
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids
