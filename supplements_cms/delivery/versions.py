"""Versions of what pages show, for cache keys: one per article page, one per list, one for the
condition and supplement indexes, and one for the whole site.

A save raises only the versions of the pages it changes (see
:mod:`supplements_cms.delivery.upkeep`), so every other cached page stays warm. Versions are
counters in the database (:class:`~supplements_cms.models.CacheVersion`), raised in the save's
transaction, each marked
with the site-wide write counter (the row ``GENERATION``) of its last change; the cache can only
lose or age, never decide.

Where each process has a cache of its own (``LocMemCache``), a page reads its counters from the
database: one query. Where the cache is shared (Redis, Memcached, a database or file cache), it
mirrors the counters, so a warm page reads its versions and its cached response in one cache
round trip, with no query:

- a save takes its counters out of the mirror, and writes the new ones after its transaction
  commits;
- a counter missing from the mirror (evicted, or the cache came back empty) is read from the
  database and added;
- the mirror records up to which write counter it was last checked; at most every
  ``CACHE_CHECK_SECONDS`` each process compares that with the database and copies every counter
  changed since, so a mirror that missed a save (the cache was down) or came back from an older
  snapshot is caught up within that time (``0``: checked on every request, one query);
- the mirror has a name of its own (``_MIRROR``): a cache that lost it, or one ahead of the
  database (restored from a backup), starts a new mirror, so counters left from before are
  never trusted;
- a cache that fails (down, timing out) is logged and passed by: pages are read from the
  database counters and served uncached, and saves succeed.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction

from .. import conf
from ..models import Article, CacheVersion

SITE = "site"  # calls to action, conditions, supplements, contributors: rare, shown everywhere
TOPICS = "topics"  # the condition and supplement indexes
ALL_ARTICLES = "list:all"
# The site-wide write counter: raised by every save, it marks the counters that save changed.
GENERATION = "~generation"
_PREFIX = "supplements_cms:version:"
_MIRROR = "supplements_cms:version-mirror"
_PER_PROCESS = ("LocMemCache", "DummyCache")
# A mirror more than this many counters behind is replaced by a new one (every page cold)
# rather than caught up.
_CATCH_UP_MAX = 1000

logger = logging.getLogger("supplements_cms.delivery.caching")
# When this process last compared the mirror with the database (time.monotonic()).
_checked = {"at": float("-inf")}


def article(slug: str) -> str:
    return f"article:{slug}"


def condition(slug: str) -> str:
    return f"list:condition:{slug}"


def supplement(slug: str) -> str:
    return f"list:supplement:{slug}"


def feed(list_name: str) -> str:
    """The feeds of a list: they show each article's summary and update time, so any save of an
    article on the list changes them, where the list's cards change with fewer saves."""
    return f"feed:{list_name}"


def in_cache() -> bool:
    """Whether the cache mirrors versions: setting SHARED_CACHE, or guessed from the backend."""
    shared = conf.get("SHARED_CACHE")
    if shared is None:
        backend = settings.CACHES.get("default", {}).get("BACKEND", "")
        return not backend.endswith(_PER_PROCESS) and backend != ""
    return bool(shared)


def cache_failed(action: str, error: Exception) -> None:
    """Log a failing cache once per call; callers go on without it."""
    logger.warning("The cache failed (%s), going on without it: %s", action, error)


def counters(names: Iterable[str]) -> dict[str, int]:
    """The counters of ``names`` as the write database holds them (0 for one never raised)."""
    names = list(names)
    rows = CacheVersion.objects.using(router.db_for_write(CacheVersion)).filter(name__in=names)
    found = dict(rows.values_list("name", "version"))
    return {name: found.get(name, 0) for name in names}


def reads_elsewhere() -> bool:
    """Whether the site's router sends the pages' reads to another database than writes."""
    return router.db_for_read(Article) != router.db_for_write(CacheVersion)


def replica_behind(known: dict[str, int]) -> bool:
    """Whether the database pages are read from (a replica, by the site's router) has not yet
    applied the saves that made the versions ``known``: a page rendered from it now could be
    older than those versions, so it must not be kept under them. One query, on the replica,
    and only where reads and writes go to different databases."""
    if not reads_elsewhere():
        return False
    seen = CacheVersion.objects.using(router.db_for_read(Article)).filter(name__in=list(known))
    applied = dict(seen.values_list("name", "version"))
    return any(applied.get(name, 0) < version for name, version in known.items())


def read(
    names: Iterable[str], *extra_keys: str, lazy: bool = False
) -> tuple[tuple | None, dict[str, Any]]:
    """The versions of ``names``, in order, and the cache's values of ``extra_keys``: in one
    cache round trip where the cache mirrors versions (plus a query for a counter it lacks, or
    when the mirror is due a check), else one query. A failing cache gives no extras.

    ``lazy``: when the cache holds none of ``extra_keys`` and the versions would need the
    database, ``(None, {})`` without a query: the page reads them with its own query (a cold
    article page reads them with its row and its stored fragment, then :func:`remember`)."""
    names = list(names)
    if not in_cache():
        extras = _get_many(extra_keys)
        if lazy and not extras:
            return None, {}
        return tuple(counters(names).values()), extras
    keys = {name: _PREFIX + name for name in names}
    try:
        found = cache.get_many([_MIRROR, *keys.values(), *extra_keys])
    except Exception as error:  # any backend's failure: the database decides alone
        cache_failed("read", error)
        return tuple(counters(names).values()), {}
    mirror = found.get(_MIRROR)
    values: dict[str, int] = {}
    if mirror is not None:
        for name, key in keys.items():
            value = found.get(key)
            if value is not None and value[0] == mirror[0]:
                values[name] = value[1]
    now = time.monotonic()
    due = now - _checked["at"] >= conf.get("CACHE_CHECK_SECONDS")
    missing = [name for name in names if name not in values]
    if mirror is None or missing or due:
        if lazy and not any(key in found for key in extra_keys):
            return None, {}
        stored = counters([GENERATION, *missing])
        generation = stored.pop(GENERATION)
        values.update(stored)
        try:
            if mirror is None:
                mirror = _new_mirror(generation)
            elif due and mirror[1] > generation:
                # Ahead of the database (restored from a backup): trust nothing it holds.
                mirror = _new_mirror(generation, replace=True)
                values.update(counters(n for n in names if n not in stored))
            _fill(mirror[0], stored, found, keys)
            if due and mirror[1] < generation:
                values.update({n: v for n, v in _catch_up(mirror, generation).items() if n in keys})
        except Exception as error:
            cache_failed("mirror", error)
        if due:
            _checked["at"] = now
    extras = {key: found[key] for key in extra_keys if key in found}
    return tuple(values[name] for name in names), extras


def remember(values: dict[str, int], generation: int) -> None:
    """Mirror counters a page read from the database with its own query (``read(lazy=True)``
    left them to it), starting a mirror if the cache has none: the next request is served
    without a query. ``add``, so a save's newer counter written meanwhile stays. ``generation``,
    read in the same query, is the mirror's check when the mirror is up to it."""
    if not in_cache():
        return
    try:
        mirror = cache.get(_MIRROR) or _new_mirror(generation)
        for name, version in values.items():
            cache.add(_PREFIX + name, (mirror[0], version), None)
    except Exception as error:
        cache_failed("mirror", error)
        return
    if mirror[1] == generation:  # what a check would find: nothing to catch up
        _checked["at"] = time.monotonic()


def _get_many(keys: tuple[str, ...]) -> dict[str, Any]:
    if not keys:
        return {}
    try:
        return cache.get_many(keys)
    except Exception as error:
        cache_failed("read", error)
        return {}


def _new_mirror(generation: int, replace: bool = False) -> tuple[str, int]:
    """Start a mirror (the cache is new, or lost it: whoever adds it first wins; or it cannot
    be trusted): counters of any other mirror are then ignored."""
    mirror = (f"{time.time_ns():x}{secrets.token_hex(4)}", generation)
    if replace:
        cache.set(_MIRROR, mirror, None)
        return mirror
    cache.add(_MIRROR, mirror, None)
    return cache.get(_MIRROR) or mirror


def _fill(ns: str, stored: dict[str, int], found: dict[str, Any], keys: dict[str, str]) -> None:
    """Mirror counters just read from the database. ``add`` where the cache has none, so a save
    that wrote a newer one meanwhile keeps it; ``set`` over a counter of an older mirror."""
    for name, version in stored.items():
        if keys[name] in found:
            cache.set(keys[name], (ns, version), None)
        else:
            cache.add(keys[name], (ns, version), None)


def _catch_up(mirror: tuple[str, int], generation: int) -> dict[str, int]:
    """Copy every counter changed since the mirror's last check; return them."""
    rows = CacheVersion.objects.using(router.db_for_write(CacheVersion)).filter(
        generation__gt=mirror[1]
    )
    changed = dict(
        rows.exclude(name=GENERATION).values_list("name", "version")[: _CATCH_UP_MAX + 1]
    )
    if len(changed) > _CATCH_UP_MAX:
        cache.set(_MIRROR, (f"{time.time_ns():x}{secrets.token_hex(4)}", generation), None)
        return changed
    cache.set_many({_PREFIX + name: (mirror[0], v) for name, v in changed.items()}, None)
    cache.set(_MIRROR, (mirror[0], generation), None)
    return changed


def bump(names: Iterable[str]) -> None:
    """Make the pages of ``names`` cold: raise their counters in the current transaction, and
    mirror them in the cache after it commits. The database's work is one statement per 500
    names (and the cache's one ``delete_many`` and one ``set_many``), so a save that changes a
    thousand pages costs the editor little more than one that changes one."""
    names = sorted(set(names))
    if not names:
        return
    db = router.db_for_write(CacheVersion)
    with transaction.atomic(using=db):
        site_wide = _raise(db, [GENERATION], 0) or counters([GENERATION])
        generation = site_wide[GENERATION]
        raised: dict[str, int] | None = {}
        for start in range(0, len(names), 500):  # within any database's parameter limit
            batch = _raise(db, names[start : start + 500], generation)
            raised = None if batch is None or raised is None else {**raised, **batch}
    if in_cache():
        # Until the commit, readers take the counters from the database (the old ones, outside
        # this transaction); then the mirror gets the new ones.
        try:
            cache.delete_many([_PREFIX + name for name in names])
        except Exception as error:
            cache_failed("forget before a save", error)
        transaction.on_commit(lambda: _mirror(names, raised), using=db)


def _raise(db: str, names: list[str], generation: int) -> dict[str, int] | None:
    """Add one to the counters of ``names`` (a new one starts at 1), marked with ``generation``,
    in one statement; their new values where the database returns them (``None``: MySQL)."""
    connection = connections[db]
    quote, table = connection.ops.quote_name, CacheVersion._meta.db_table
    t, name, version, marked = (quote(x) for x in (table, "name", "version", "generation"))
    rows = ", ".join(["(%s, 1, %s)"] * len(names))
    sql = f"INSERT INTO {t} ({name}, {version}, {marked}) VALUES {rows} "
    params: list[Any] = [value for n in names for value in (n, generation)]
    if connection.vendor == "postgresql":
        # The names as one array: half the time of a thousand parameters.
        sql = f"INSERT INTO {t} ({name}, {version}, {marked}) SELECT n, 1, %s "
        sql += "FROM unnest(%s::varchar[]) AS n "
        params = [generation, names]
    if connection.vendor == "mysql":
        sql += f"ON DUPLICATE KEY UPDATE {version} = {version} + 1, {marked} = VALUES({marked})"
    else:
        sql += (
            f"ON CONFLICT ({name}) DO UPDATE SET {version} = {t}.{version} + 1, "
            f"{marked} = EXCLUDED.{marked}"
        )
    # MySQL returns nothing; MariaDB returns no rows from an update on a duplicate key.
    returning = (
        connection.features.can_return_rows_from_bulk_insert and connection.vendor != "mysql"
    )
    if returning:
        sql += f" RETURNING {name}, {version}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall()) if returning else None


def _mirror(names: list[str], raised: dict[str, int] | None) -> None:
    """Write the counters a save raised (``raised``, else read again) into the mirror."""
    try:
        mirror = cache.get(_MIRROR)
        if mirror is None:  # no mirror: the next reader starts one from the database
            return
        values = raised if raised is not None else counters(names)
        cache.set_many({_PREFIX + name: (mirror[0], v) for name, v in values.items()}, None)
    except Exception as error:  # caught up by the next check (CACHE_CHECK_SECONDS)
        cache_failed("mirror after a save", error)


def forget_checks() -> None:
    """Check the mirror on the next read (tests, and after restoring a cache by hand)."""
    _checked["at"] = float("-inf")
