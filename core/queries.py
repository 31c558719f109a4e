"""Queries whose SQL the ORM makes once per process, for the reads that every request of a page makes."""

import functools
from dataclasses import dataclass

from django.db import connections


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: list  # (index of the stand-in it takes the place of, or None; the parameter as the ORM made it)
    columns: list  # the model's attribute names, or the names values() and annotate() give
    converters: dict  # {column position: ([converter], expression)}, as the ORM's compiler gives them
    model: type
    database: str


class CompiledQuery:
    """A queryset's SQL, made by the ORM once (on first use) for stand-in values and run with each call's own
    values in their place: on a page's every request, making the SQL of a one-row query took the ORM several
    times longer than the database took to answer it.

    `make(*stand_ins)` gives the queryset. Each stand-in must be a value that no other parameter of the query
    takes, and the queryset must not depend on anything else that changes between requests (the active language
    picks the column of a translated field: filter on untranslated ones only)."""

    def __init__(self, make, *stand_ins):
        self.make = make
        self.stand_ins = stand_ins

    @functools.cached_property
    def compiled(self):
        queryset = self.make(*self.stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return Compiled(
            sql=sql,
            params=[(self.stand_in_index(param), param) for param in params],
            columns=[alias or expression.target.attname for expression, _sql, alias in compiler.select],
            converters=compiler.get_converters([expression for expression, _sql, _alias in compiler.select]),
            model=queryset.model,
            database=queryset.db,
        )

    def stand_in_index(self, param):
        for index, stand_in in enumerate(self.stand_ins):
            if type(param) is type(stand_in) and param == stand_in:
                return index
        return None

    def rows(self, *values):
        """The rows for these values in place of the stand-ins, as tuples, each column converted as the ORM
        converts it."""
        compiled = self.compiled
        params = [param if index is None else values[index] for index, param in compiled.params]
        connection = connections[compiled.database]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for position, (converters, expression) in compiled.converters.items():
                    for converter in converters:
                        row[position] = converter(row[position], expression, connection)
        return rows

    def dicts(self, *values):
        """The rows as {column: value}: for a query of values() or annotate()."""
        return [dict(zip(self.compiled.columns, row, strict=True)) for row in self.rows(*values)]

    def instances(self, *values):
        """The rows as instances of the queryset's model, as iterating it gives them (its own columns only)."""
        compiled = self.compiled
        return [compiled.model.from_db(compiled.database, compiled.columns, row) for row in self.rows(*values)]
