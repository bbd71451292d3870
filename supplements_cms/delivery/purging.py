"""Asking a CDN or a caching proxy to forget the pages a change touched.

:mod:`supplements_cms.delivery.upkeep` names the pages each save changes; after the transaction
commits, their URLs go to the backend named by the setting ``PURGE_BACKEND``:

- :class:`NoPurge` (the default) does nothing: pages in shared caches then live out their
  ``HTTP_S_MAXAGE``;
- :class:`HTTPPurge` sends ``PURGE <path>`` to Varnish or nginx (and ``BAN`` for the whole site);
- :class:`CloudflarePurge` calls Cloudflare's API.

Purges run on a background thread, one batch at a time, with ``PURGE_RETRIES`` attempts and
logging (logger ``supplements_cms.delivery.purging``): an editor's save never waits for the CDN and
never fails because of it. A purge that fails every attempt is kept in the database
(:class:`~supplements_cms.models.PendingPurge`) and sent again after the next purge that goes
through, and by ``manage.py retry_purges``; while any is kept, the system check
``supplements_cms.W008`` and a notice in the admin's article list say so. Only a process that
ends with a batch still queued loses it: those pages show the change when their
``HTTP_S_MAXAGE`` runs out.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.core.signals import setting_changed
from django.db import DatabaseError, OperationalError, connection, router, transaction
from django.db.models import Count, F, Min
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .. import conf
from .db import is_lock_error

logger = logging.getLogger("supplements_cms.delivery.purging")
# What a kept purge of the whole site is stored as, and how many kept purges go in one request.
WHOLE_SITE = "*"
RETRY_BATCH = 200


class PurgeError(Exception):
    """The CDN did not confirm a purge."""


class PurgeBackend:
    """Base of the backends: ``OPTIONS`` from the setting ``PURGE_OPTIONS`` as keywords."""

    def __init__(self, **options: Any) -> None:
        self.options = options

    def purge(self, urls: list[str]) -> None:
        """Forget these absolute URLs; raise on failure (the call is retried)."""
        raise NotImplementedError

    def purge_all(self) -> None:
        """Forget every page of the site."""
        raise NotImplementedError


class NoPurge(PurgeBackend):
    """For sites without a shared cache in front."""

    def purge(self, urls: list[str]) -> None:
        pass

    def purge_all(self) -> None:
        pass


class HTTPPurge(PurgeBackend):
    """``PURGE`` each URL's path at each of ``ENDPOINTS`` (``http://host:port`` of every Varnish
    or nginx), with the page's ``Host``; ``BAN`` with ``X-Ban-Prefix`` (the package's root path)
    for the whole site. The proxy must allow these methods from the app servers: see the
    performance page of the manual for a VCL."""

    def __init__(self, ENDPOINTS: Iterable[str] = (), TIMEOUT: float = 5, **options: Any) -> None:
        super().__init__(**options)
        self.endpoints = [urlsplit(e) for e in ENDPOINTS]
        self.timeout = TIMEOUT

    def _send(self, method: str, urls: list[str], headers: dict[str, str] | None = None) -> None:
        """``method`` for each URL, over one kept-alive connection per proxy."""
        for endpoint in self.endpoints:
            if endpoint.hostname is None:
                raise PurgeError(f"{endpoint.geturl()!r} is not an http://host:port address.")
            connection = http.client.HTTPConnection(
                endpoint.hostname, endpoint.port or 80, timeout=self.timeout
            )
            try:
                for url in urls:
                    page = urlsplit(url)
                    path = page.path + (f"?{page.query}" if page.query else "")
                    connection.request(
                        method, path, headers={"Host": page.netloc, **(headers or {})}
                    )
                    response = connection.getresponse()
                    response.read()
                    # nginx's purge module answers 404 for a page it did not hold.
                    if response.status not in (200, 204, 404):
                        raise PurgeError(
                            f"{method} {url} at {endpoint.geturl()}: HTTP {response.status}"
                        )
            except OSError as error:
                raise PurgeError(f"{method} at {endpoint.geturl()}: {error}") from error
            finally:
                connection.close()

    def purge(self, urls: list[str]) -> None:
        self._send("PURGE", urls)

    def purge_all(self) -> None:
        root = site_url(reverse("supplements_cms:article_list"))
        self._send("BAN", [root], {"X-Ban-Prefix": urlsplit(root).path})


class CloudflarePurge(PurgeBackend):
    """Cloudflare's "purge files by URL": ``POST zones/<ZONE>/purge_cache`` with an API token
    (``TOKEN``) allowed to purge the zone, ``BATCH`` URLs per call."""

    def __init__(
        self,
        ZONE: str = "",
        TOKEN: str = "",
        API: str = "https://api.cloudflare.com/client/v4",
        BATCH: int = 30,
        TIMEOUT: float = 10,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.url = f"{API.rstrip('/')}/zones/{ZONE}/purge_cache"
        self.token, self.batch, self.timeout = TOKEN, max(1, BATCH), TIMEOUT

    def _post(self, body: dict[str, Any]) -> None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError) as error:
            raise PurgeError(f"Cloudflare: {error}") from error
        if not answer.get("success"):
            raise PurgeError(f"Cloudflare refused the purge: {answer.get('errors')}")

    def purge(self, urls: list[str]) -> None:
        for start in range(0, len(urls), self.batch):
            self._post({"files": urls[start : start + self.batch]})

    def purge_all(self) -> None:
        self._post({"purge_everything": True})


@cache
def backend() -> PurgeBackend:
    return import_string(conf.get("PURGE_BACKEND"))(**conf.get("PURGE_OPTIONS"))


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "SUPPLEMENTS_CMS":
        backend.cache_clear()


def site_url(path: str) -> str:
    return conf.get("PURGE_BASE_URL").rstrip("/") + path


def urls_of(names: Iterable[str]) -> list[str]:
    """The absolute URLs of the pages whose versions are ``names``: an article page; a list's
    first ``PURGE_LIST_PAGES`` pages; a list's feeds; the indexes. (The site's version has no
    URLs: it is purged whole.)"""
    from . import versions

    paths: list[str] = []
    for name in sorted(set(names)):
        if name == versions.TOPICS:
            paths += [reverse(f"supplements_cms:{n}_list") for n in ("condition", "supplement")]
        elif name.startswith("article:"):
            paths.append(reverse("supplements_cms:article_detail", args=[name.split(":", 1)[1]]))
        elif name.startswith("list:"):
            first = _list_path(name, "{}_detail", "article_list")
            paths += [
                first,
                *(f"{first}?page={n}" for n in range(2, conf.get("PURGE_LIST_PAGES") + 1)),
            ]
        elif name.startswith("feed:"):
            list_name = name.removeprefix("feed:")
            paths += [_list_path(list_name, f"{{}}_feed_{f}", f"feed_{f}") for f in ("rss", "atom")]
    return [site_url(p) for p in paths]


def _list_path(list_name: str, topic_view: str, every_view: str) -> str:
    """The path of a view of a list (``list:all``, ``list:condition:<slug>``, …)."""
    _list, topic, slug = [*list_name.split(":", 2), ""][:3]
    if topic == "all":
        return reverse(f"supplements_cms:{every_view}")
    return reverse(f"supplements_cms:{topic_view.format(topic)}", args=[slug])


_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scms-purge")
_pending: list[Future] = []
_lock = threading.Lock()


def schedule(names: Iterable[str]) -> None:
    """Purge the pages of ``names`` once the current transaction commits."""
    from . import versions

    if isinstance(backend(), NoPurge):
        return
    names = set(names)
    if not names:
        return
    everything = versions.SITE in names
    urls = [] if everything else urls_of(names)
    transaction.on_commit(lambda: _submit(urls, everything))


def _submit(urls: list[str], everything: bool) -> None:
    future = _executor.submit(_in_worker, backend(), urls, everything)
    with _lock:
        _pending[:] = [f for f in _pending if not f.done()] + [future]


def _in_worker(target: PurgeBackend, urls: list[str], everything: bool) -> bool:
    """:func:`_run` on the purge thread, which then lets its database connection go."""
    try:
        return _run(target, urls, everything)
    finally:
        connection.close()


def _run(target: PurgeBackend, urls: list[str], everything: bool) -> bool:
    """Purge, with ``PURGE_RETRIES`` attempts; keep what failed in the database, and once the
    CDN answers again, send what was kept before."""
    attempts = max(1, conf.get("PURGE_RETRIES"))
    what = "the whole site" if everything else f"{len(urls)} URL(s)"
    for attempt in range(1, attempts + 1):
        try:
            target.purge_all() if everything else target.purge(urls)
        except Exception as error:  # the backend's failure must never reach the editor
            if attempt == attempts:
                logger.error("Purge of %s failed %d times, kept to retry: %s", what, attempt, error)
                _guarded(_keep, [WHOLE_SITE] if everything else urls, attempt, error)
                return False
            logger.warning("Purge of %s failed (attempt %d): %s", what, attempt, error)
            time.sleep(0.2 * 2 ** (attempt - 1))
        else:
            logger.info("Purged %s", what)
            _guarded(retry, target)
            return True
    return False


# A database busy with another write (SQLite's "database table is locked" while a save's
# after-commit work writes) is asked again this many times, after 0.1, 0.2, 0.4… seconds.
_LOCKED_RETRIES = 5


def _guarded(function: Callable[..., Any], *args: Any) -> None:
    """The database may be busy or unreachable too: wait out a lock a few times, log anything
    else, never raise into the purge thread."""
    for attempt in range(_LOCKED_RETRIES + 1):
        try:
            function(*args)
            return
        except DatabaseError as error:
            locked = isinstance(error, OperationalError) and is_lock_error(error)
            if not locked or attempt == _LOCKED_RETRIES:
                logger.error(
                    "The queue of failed purges could not be read or written", exc_info=error
                )
                return
        time.sleep(0.1 * 2**attempt)


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def _keep(urls: list[str], attempts: int, error: Exception) -> None:
    """Record that these URLs are still to be purged (once each, however often they fail)."""
    from ..models import PendingPurge

    now = timezone.now()
    for start in range(0, len(urls), 500):
        batch = urls[start : start + 500]
        PendingPurge.objects.bulk_create(
            [PendingPurge(digest=_digest(u), url=u, failed_at=now, tried_at=now) for u in batch],
            ignore_conflicts=True,
        )
        PendingPurge.objects.filter(digest__in=[_digest(u) for u in batch]).update(
            failures=F("failures") + attempts, error=str(error)[:1000], tried_at=now
        )


def retry(target: PurgeBackend | None = None) -> tuple[int, int]:
    """Send the purges kept after failing, oldest first, ``RETRY_BATCH`` at a time, until none
    is left or the CDN fails again; return how many went through and how many are left."""
    from ..models import PendingPurge

    target = target or backend()
    # The primary's queue: a replica may not have the purges kept a moment ago.
    queue = PendingPurge.objects.using(router.db_for_write(PendingPurge))
    done = 0
    while True:
        rows = list(queue.order_by("failed_at", "digest")[:RETRY_BATCH])
        if not rows:
            return done, 0
        everything = any(row.url == WHOLE_SITE for row in rows)
        urls = [row.url for row in rows if row.url != WHOLE_SITE]
        try:
            target.purge_all() if everything else target.purge(urls)
        except Exception as error:  # as in _run: logged and kept
            logger.warning("Retry of %d kept purge(s) failed: %s", len(rows), error)
            _keep([row.url for row in rows], 1, error)
            return done, queue.count()
        queue.filter(digest__in=[row.digest for row in rows]).delete()
        done += len(rows)
        logger.info("Purged %d kept purge(s)", len(rows))


def failing(using: str = "default") -> str:
    """A sentence for the operator while purges are failing; "" when none is kept."""
    from ..models import PendingPurge

    kept = PendingPurge.objects.using(using)
    found = kept.aggregate(count=Count("pk"), since=Min("failed_at"))
    if not found["count"]:
        return ""
    last_error = kept.order_by("-tried_at").values_list("error", flat=True).first()
    return _(
        "%(count)s page(s) could not be purged from the CDN since %(since)s, which may still "
        "show them as they were (last error: %(error)s). They are sent again after the next "
        "purge that goes through."
    ) % {
        "count": found["count"],
        "since": date_format(timezone.localtime(found["since"]), "DATETIME_FORMAT"),
        "error": last_error,
    }


def wait(timeout: float = 30) -> None:
    """Wait until the purges queued so far have run (for tests and management commands)."""
    with _lock:
        pending = list(_pending)
    for future in pending:
        future.result(timeout)
