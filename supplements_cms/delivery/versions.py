"""Versions of what pages show, for cache keys: one per article page, one per list, one for the
condition and supplement indexes, and one for the whole site.

A save raises only the versions of the pages it changes (see
:mod:`supplements_cms.delivery.upkeep`), so every other cached page stays warm. Where the cache is
shared by every process (Redis, Memcached, a database or file cache), versions live in it as tokens:
a page reads its versions and its cached response in one round trip, with no query. A token the
cache lost is replaced by a new one, which can only make pages cold, never stale; a version read
from a database fallback could be read just before a commit and cached after it, so there is none.
Where each process has a cache of its own (``LocMemCache``), versions are counters in the database
(:class:`~supplements_cms.models.CacheVersion`), one query per page.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .. import conf
from ..models import CacheVersion

SITE = "site"  # calls to action, conditions, supplements, contributors: rare, shown everywhere
TOPICS = "topics"  # the condition and supplement indexes
ALL_ARTICLES = "list:all"
_PREFIX = "supplements_cms:version:"
_PER_PROCESS = ("LocMemCache", "DummyCache")


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
    """Whether versions live in the cache: setting SHARED_CACHE, or guessed from the backend."""
    shared = conf.get("SHARED_CACHE")
    if shared is None:
        backend = settings.CACHES.get("default", {}).get("BACKEND", "")
        return not backend.endswith(_PER_PROCESS) and backend != ""
    return bool(shared)


def _token() -> str:
    # Unique across processes and restarts: a lost token is never handed out again.
    return f"{time.time_ns():x}{secrets.token_hex(4)}"


def read(names: Iterable[str], *extra_keys: str) -> tuple[tuple, dict[str, Any]]:
    """The tokens of ``names``, in order, and the cache's values of ``extra_keys``, in one cache
    round trip where versions live in the cache (plus one query where they do not)."""
    names = list(names)
    if not in_cache():
        found = dict(CacheVersion.objects.filter(name__in=names).values_list("name", "version"))
        extras = cache.get_many(extra_keys) if extra_keys else {}
        return tuple(found.get(n, 0) for n in names), extras
    keys = [_PREFIX + n for n in names]
    found = cache.get_many([*keys, *extra_keys])
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, _token(), None)
        found.update(cache.get_many(missing))  # whoever added first wins, on every server
    extras = {k: found[k] for k in extra_keys if k in found}
    return tuple(found.get(k) for k in keys), extras


def bump(names: Iterable[str]) -> None:
    """Make the pages of ``names`` cold: new versions now and, in the cache, again after the
    transaction commits (a reader between the two may have cached the old content under the
    new token)."""
    names = sorted(set(names))
    if not names:
        return
    if in_cache():
        _renew(names)
        transaction.on_commit(lambda: _renew(names))
        return
    CacheVersion.objects.bulk_create([CacheVersion(name=n) for n in names], ignore_conflicts=True)
    for start in range(0, len(names), 500):  # within any database's parameter limit
        batch = names[start : start + 500]
        CacheVersion.objects.filter(name__in=batch).update(version=F("version") + 1)


def _renew(names: list[str]) -> None:
    cache.set_many({_PREFIX + n: _token() for n in names}, None)
