"""Related rows as a JSON column, so one query can bring an object together with its lists.

Django's ``prefetch_related`` costs a query per relation. The article page shows six relations
(conditions, benefits, references, related picks and their conditions, the call to action), so
it reads them instead as JSON arrays from correlated subqueries and turns them back into model
instances: the page's query count stays fixed whatever an article holds.

It also tells a database too busy to write (a lock worth retrying) from other errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, models
from django.db.models import F, Func, Subquery
from django.db.models.expressions import Expression, OrderBy


class JSONRows(Subquery):
    """``queryset``'s rows as a JSON array of objects, keyed by the names in ``fields``.

    ``fields`` maps each key to a field path of ``queryset``'s model, or to an expression
    (another :class:`JSONRows`, to nest a list in each row); ``limit`` keeps the first rows of
    ``queryset``'s order. An empty result is ``[]``. A
    JSONField's value is nested as JSON, not as its text.

    PostgreSQL, SQLite and MySQL aggregate the rows of ``queryset`` as a subquery in ``FROM``.
    MariaDB cannot see the outer query from there, so it aggregates in ``queryset``'s own
    ``SELECT`` (its ``JSON_ARRAYAGG`` takes the ``ORDER BY`` and ``LIMIT``): both forms are
    built here, as the outer query resolves both, and compiling picks one.
    """

    def __init__(
        self,
        queryset: models.QuerySet,
        fields: Mapping[str, str | Expression | Subquery],
        limit: int | None = None,
    ) -> None:
        self.keys = list(fields)
        if not all(_KEY.fullmatch(key) for key in self.keys):
            raise ValueError(f"JSONRows keys must be identifiers: {self.keys}")
        sources = [F(source) if isinstance(source, str) else source for source in fields.values()]
        columns = {f"scms_{n}": source for n, source in enumerate(sources)}
        self.nested = [
            n for n, source in enumerate(fields.values()) if _is_json(queryset.model, source)
        ]
        rows = queryset.values(**columns)
        super().__init__(rows if limit is None else rows[:limit], output_field=models.JSONField())
        if limit == 1:
            # One row: a plain ORDER BY … LIMIT 1 stops at the first row an index gives, where
            # the aggregate would read every match before keeping one.
            first = _JSONArrayAgg(sources, self.keys, self.nested, single=True)
            self.aggregated = queryset.values(scms_rows=first)[:1].query
        else:
            every = _JSONArrayAgg(sources, self.keys, self.nested, _ordering(queryset), limit)
            self.aggregated = queryset.order_by().values(scms_rows=every).query

    def get_source_expressions(self):
        return [self.query, self.aggregated]

    def set_source_expressions(self, exprs):
        self.query, self.aggregated = exprs

    def copy(self):
        clone = super().copy()
        clone.aggregated = clone.aggregated.clone()
        return clone

    def _object(self, connection, function: str, wrap: str = "%s") -> str:
        pairs = []
        for n, key in enumerate(self.keys):
            column = f"scms_rows.{connection.ops.quote_name(f'scms_{n}')}"
            pairs.append(f"'{key}', {wrap % column if n in self.nested else column}")
        return f"{function}({', '.join(pairs)})"

    def as_sqlite(self, compiler, connection, **extra_context):
        # A subquery's result loses SQLite's JSON subtype; json() gives a nested list back.
        rows = self._object(connection, "json_object", "json(%s)")
        template = f"(SELECT json_group_array({rows}) FROM (%(subquery)s) scms_rows)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # jsonb, which Django's psycopg setup hands back as text for JSONField to decode.
        rows = self._object(connection, "jsonb_build_object")
        template = (
            f"(SELECT COALESCE(jsonb_agg({rows}), '[]'::jsonb) FROM (%(subquery)s) scms_rows)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_mysql(self, compiler, connection, **extra_context):
        if connection.mysql_is_mariadb:
            sql, params = self.aggregated.as_sql(compiler, connection)
            return f"COALESCE({sql}, JSON_ARRAY())", params  # no row: []
        # MySQL 8.0.14+ resolves the outer query's columns in a subquery in FROM.
        rows = self._object(connection, "JSON_OBJECT", "JSON_EXTRACT(%s, '$')")
        template = (
            f"(SELECT COALESCE(JSON_ARRAYAGG({rows}), JSON_ARRAY()) FROM (%(subquery)s) scms_rows)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


# JSONRows keys are written into the SQL as they are.
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _JSONArrayAgg(Func):
    """MariaDB's ``JSON_ARRAYAGG(JSON_OBJECT(...) ORDER BY ... LIMIT n)`` over the rows of the
    query it is selected from: an aggregate, but not marked as one, so that Django adds no
    ``GROUP BY`` and the whole filtered set becomes one array. ``single``: the one row's
    ``JSON_ARRAY(JSON_OBJECT(...))``, for a query that keeps its own ``ORDER BY`` and
    ``LIMIT 1``."""

    contains_aggregate = False

    def __init__(
        self,
        values: list[F | Expression | Subquery],
        keys: list[str],
        nested: list[int],
        ordering: Sequence[OrderBy] = (),
        limit: int | None = None,
        single: bool = False,
    ) -> None:
        super().__init__(*values, *ordering, output_field=models.JSONField())
        self.keys, self.nested, self.limit, self.single = keys, nested, limit, single

    def as_sql(
        self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context
    ):
        sources = self.get_source_expressions()
        pairs, params = [], []
        for n, (key, source) in enumerate(zip(self.keys, sources, strict=False)):
            sql, source_params = compiler.compile(source)
            if n in self.nested:  # a JSON column or a nested list: as JSON, not as its text
                sql = f"JSON_EXTRACT({sql}, '$')"
            pairs.append(f"'{key}', {sql}")
            params.extend(source_params)
        order = []
        for expression in sources[len(self.keys) :]:
            sql, order_params = compiler.compile(expression)
            order.append(sql)
            params.extend(order_params)
        sql = f"JSON_OBJECT({', '.join(pairs)})"
        if self.single:
            return f"JSON_ARRAY({sql})", params
        if order:
            sql += f" ORDER BY {', '.join(order)}"
        if self.limit is not None:
            sql += f" LIMIT {int(self.limit)}"
        return f"JSON_ARRAYAGG({sql})", params


def _ordering(queryset: models.QuerySet) -> list[OrderBy]:
    """``queryset``'s ORDER BY as expressions, its model's default ordering included."""
    query = queryset.query
    names = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    ordering = []
    for name in names:
        if isinstance(name, str):
            if name == "?":
                raise ValueError("JSONRows cannot keep a random order")
            descending = name.startswith("-")
            expression = F(name.lstrip("-"))
            ordering.append(expression.desc() if descending else expression.asc())
        else:
            ordering.append(
                name if isinstance(name, OrderBy) else cast("F | Expression", name).asc()
            )
    return ordering


def _is_json(model: type[models.Model], source: str | Expression | Subquery) -> bool:
    if isinstance(source, str):
        try:
            return isinstance(model._meta.get_field(source), models.JSONField)
        except FieldDoesNotExist:  # a path through a relation, or an annotation
            return False
    return isinstance(source, JSONRows)


def instances(model: type[models.Model], rows: Iterable[Mapping[str, Any]] | None) -> list:
    """Model instances from :class:`JSONRows` rows whose keys are ``model``'s attribute names.

    Each value goes through its field's ``to_python``, so dates and booleans come back typed as
    a normal query gives them. Keys that are not fields are set as plain attributes.
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    result = []
    for row in rows or ():
        names = [name for name in fields if name in row]  # from_db wants the model's order
        values = [_python(fields[name], row[name]) for name in names]
        obj = model.from_db(None, names, values)
        for name in row.keys() - fields.keys():
            setattr(obj, name, row[name])
        result.append(obj)
    return result


def _python(field: models.Field, value: Any) -> Any:
    if value is None or field.is_relation:
        return value
    if isinstance(field, models.JSONField):
        return value  # nested as JSON, not as its text
    value = field.to_python(value)
    if isinstance(value, datetime) and settings.USE_TZ and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # SQLite keeps UTC without an offset
    return value


def as_datetime(value: Any) -> datetime | None:
    """A time as a raw query returns it (a string on SQLite), as Django's ORM would give it."""
    return _python(models.DateTimeField(), value)


def cache_relation(instance: models.Model, name: str, objects: list) -> None:
    """Store ``objects`` as the prefetched result of ``instance.<name>.all()``.

    What ``prefetch_related_objects`` does after its query; Django offers no public call for it.
    """
    queryset = getattr(instance, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


class CompiledQuery:
    """A query built and compiled by the ORM once, then run with a different ``value``.

    For a query of nested subqueries Django spends milliseconds building and compiling SQL that
    the database answers in a tenth of one. ``build(value)`` must give the same SQL for every
    ``value`` apart from that one parameter (so no clock, no lists of varying length in it).
    """

    # Passed to build() to find where the value sits among the compiled query's parameters.
    SENTINEL = -1_937_464_051

    def __init__(self, build: Callable[..., models.QuerySet], using: str, strings: int = 0) -> None:
        # ``strings``: build takes that many text values instead of the one value.
        sentinels: list[Any] = [f"\x00scms-{n}\x00" for n in range(strings)] or [self.SENTINEL]
        queryset = build(*sentinels)
        self.using = using
        self.sql, params = queryset.query.get_compiler(using=using).as_sql()
        self.params = list(params)
        # Where each value goes (a text value may be used more than once).
        self.positions = [[n for n, p in enumerate(self.params) if p == s] for s in sentinels]
        if [len(found) for found in self.positions] != [1] * len(sentinels) and not (
            strings and all(self.positions)
        ):
            raise ValueError("build(*values) must put each value in the query exactly once")

    def with_values(self, *values: Any) -> list:
        """The query's parameters, ``values`` put in place."""
        params = list(self.params)
        for positions, value in zip(self.positions, values, strict=True):
            for position in positions:
                params[position] = value
        return params

    def fetch_one(self, value: Any) -> tuple | None:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.with_values(value))
            return cursor.fetchone()


_compiled: dict[tuple, CompiledQuery] = {}


def compiled(
    key: tuple,
    build: Callable[..., models.QuerySet],
    using: str = DEFAULT_DB_ALIAS,
    strings: int = 0,
) -> CompiledQuery:
    """The :class:`CompiledQuery` of ``build`` for ``key`` (which names everything, such as a
    setting, that changes its SQL), compiled on first use in this process."""
    full_key = (*key, using, connections[using].vendor)
    query = _compiled.get(full_key)
    if query is None:
        query = _compiled[full_key] = CompiledQuery(build, using, strings)
    return query


def is_lock_error(error: OperationalError) -> bool:
    """A database too busy to take a write now (SQLite's "database is locked"): worth a retry."""
    return "locked" in str(error).lower() or "busy" in str(error).lower()
