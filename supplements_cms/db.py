"""Related rows as a JSON column, so one query can bring an object together with its lists.

Django's ``prefetch_related`` costs a query per relation. The article page shows six relations
(conditions, benefits, references, related picks and their conditions, the call to action), so
it reads them instead as JSON arrays from correlated subqueries and turns them back into model
instances: the page's query count stays fixed whatever an article holds.

It also tells a database too busy to write (a lock worth retrying) from other errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, models
from django.db.models import F, Subquery
from django.db.models.expressions import Expression


class JSONRows(Subquery):
    """``queryset``'s rows as a JSON array of objects, keyed by the names in ``fields``.

    ``fields`` maps each key to a field path of ``queryset``'s model, or to an expression
    (another :class:`JSONRows`, to nest a list in each row); ``limit`` keeps the first rows of
    ``queryset``'s order. An empty result is ``[]``. A
    JSONField's value is nested as JSON, not as its text.
    """

    def __init__(
        self,
        queryset: models.QuerySet,
        fields: Mapping[str, str | Expression | Subquery],
        limit: int | None = None,
    ) -> None:
        self.keys = list(fields)
        columns = {
            f"scms_{n}": F(source) if isinstance(source, str) else source
            for n, source in enumerate(fields.values())
        }
        self.nested = [
            n for n, source in enumerate(fields.values()) if _is_json(queryset.model, source)
        ]
        rows = queryset.values(**columns)
        super().__init__(rows if limit is None else rows[:limit], output_field=models.JSONField())

    def _object(self, function: str, wrap: str = "%s") -> str:
        pairs = []
        for n, key in enumerate(self.keys):
            column = f'scms_rows."scms_{n}"'
            pairs.append(f"'{key}', {wrap % column if n in self.nested else column}")
        return f"{function}({', '.join(pairs)})"

    def as_sqlite(self, compiler, connection, **extra_context):
        # A subquery's result loses SQLite's JSON subtype; json() gives a nested list back.
        template = (
            f"(SELECT json_group_array({self._object('json_object', 'json(%s)')}) "
            "FROM (%(subquery)s) scms_rows)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # jsonb, which Django's psycopg setup hands back as text for JSONField to decode.
        template = (
            f"(SELECT COALESCE(jsonb_agg({self._object('jsonb_build_object')}), '[]'::jsonb) "
            "FROM (%(subquery)s) scms_rows)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if template is None:  # MySQL, MariaDB, Oracle: the SQL standard's spelling
            rows = self._object("JSON_OBJECT")
            template = f"(SELECT JSON_ARRAYAGG({rows}) FROM (%(subquery)s) scms_rows)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


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

    def __init__(self, build: Callable[[Any], models.QuerySet], using: str) -> None:
        queryset = build(self.SENTINEL)
        self.using = using
        self.sql, params = queryset.query.get_compiler(using=using).as_sql()
        self.params = list(params)
        self.positions = [n for n, p in enumerate(self.params) if p == self.SENTINEL]
        if len(self.positions) != 1:
            raise ValueError("build(value) must put value in the query exactly once")

    def fetch_one(self, value: Any) -> tuple | None:
        params = list(self.params)
        params[self.positions[0]] = value
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchone()


_compiled: dict[tuple, CompiledQuery] = {}


def compiled(
    key: tuple, build: Callable[[Any], models.QuerySet], using: str = DEFAULT_DB_ALIAS
) -> CompiledQuery:
    """The :class:`CompiledQuery` of ``build`` for ``key`` (which names everything, such as a
    setting, that changes its SQL), compiled on first use in this process."""
    full_key = (*key, using, connections[using].vendor)
    query = _compiled.get(full_key)
    if query is None:
        query = _compiled[full_key] = CompiledQuery(build, using)
    return query


def is_lock_error(error: OperationalError) -> bool:
    """A database too busy to take a write now (SQLite's "database is locked"): worth a retry."""
    return "locked" in str(error).lower() or "busy" in str(error).lower()
