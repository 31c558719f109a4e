"""Reading a long query a piece at a time without a server-side cursor.

`QuerySet.iterator()` streams from PostgreSQL through a server-side cursor, which lives across the transactions
of a streamed response; PgBouncer in transaction pooling hands each transaction any server connection, so it
loses the cursor (settings.DISABLE_SERVER_SIDE_CURSORS). Without one, psycopg reads the whole result into memory
at once. Here the query's primary keys are read first (a few bytes a row), then its rows by `size` keys a query.
"""


def in_key_chunks(rows, *, size):
    """The rows of `rows` (a queryset, a values_list one too), in its order, read `size` at a time by their keys.

    The order must end with the primary key (then it is total and each chunk holds the next `size` rows).
    """
    keys = list(rows.values_list("pk", flat=True))
    for start in range(0, len(keys), size):
        yield from rows.filter(pk__in=keys[start : start + size])
