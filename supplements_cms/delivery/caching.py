"""The pages' caches: each page whole, for anonymous readers, and the rendered parts of article
and list pages, for everyone else; and the HTTP headers that let browsers and CDNs keep pages.

Keys carry the versions of what the page shows (:mod:`supplements_cms.delivery.versions`: the
article's own, its list's, the site's), the language, the host, the package's version and settings,
and a digest of the templates that render the pages (a host's overrides included, read once per
process: a deploy that changes a template restarts the processes, which makes new keys). A save
raises the versions of the pages it changes (:mod:`supplements_cms.delivery.upkeep`), so those pages
get new keys and every other page stays warm. An entry also records when the next scheduled article
it would show goes live, and is not used after that: scheduled articles appear with no job. Nothing
is ever deleted, so any cache backend and any number of app servers stay correct. ``CACHE_TIMEOUT``
(seconds) bounds how long unused entries stay; 0 turns the caches off.

The parts are the same for every reader: :func:`render_shared` renders them without the request,
so no user, permission, session, CSRF token or message can reach the cache, whatever a host's
override of a partial prints. Per-viewer bits (the staff "Edit" link) are rendered around them.
The whole-page cache (:func:`public_page`) stores and serves only GETs from readers without a
session or an ``Authorization`` header, and only responses that set no cookie and did not read the
session; previews and pages for signed-in readers are ``Cache-Control: private, no-store``.

Code that changes content with ``QuerySet.update()`` or ``bulk_create()`` (which send no
signals) calls :func:`content_changed` afterwards.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeGuard

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.files.storage import default_storage
from django.core.handlers.exception import response_for_exception
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .. import __version__, conf
from . import purging, versions

# The ?page= values a list's cache stores: a number as Django's paginator reads it, or "last".
# Anything else takes the uncached path (and its 404), so odd values cannot fill the cache.
_CACHEABLE_PAGE = re.compile(r"[1-9][0-9]{0,6}|last")
PAGE_PREFIX = "supplements_cms:page:v1"
# What a view keeps in its context that could lead to the viewer: never passed to a shared part.
VIEWER_KEYS = frozenset({"view", "request", "user", "perms", "csrf_token", "messages"})
_PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def render_shared(template_name: str, context: Mapping[str, Any]) -> SafeString:
    """``template_name`` rendered for no one in particular, for the cache: without the request,
    so context processors add nothing about the viewer, and without the view that holds it."""
    shared = {key: value for key, value in context.items() if key not in VIEWER_KEYS}
    return mark_safe(render_to_string(template_name, shared))


@cache
def templates_digest() -> str:
    """A digest of the package's templates as this site resolves them, overrides included."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_TEMPLATES.rglob("*.html")):
        name = path.relative_to(_PACKAGE_TEMPLATES).as_posix()
        try:
            origin = get_template(name).origin  # type: ignore[attr-defined]  # not in the stubs
        except TemplateDoesNotExist:
            continue
        digest.update(f"{name}\0{origin.name}\0".encode())
        digest.update(origin.loader.get_contents(origin).encode())
    return digest.hexdigest()[:16]


@receiver(setting_changed)
def _templates_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "TEMPLATES":
        templates_digest.cache_clear()


def content_changed() -> None:
    """After writes that skip ``save()``: rank, count and index everything again
    (:func:`supplements_cms.delivery.upkeep.rebuild`,
    :func:`supplements_cms.content.id_addresses.rebuild`) and make every page cold."""
    from ..content import id_addresses
    from . import upkeep

    upkeep.rebuild()
    id_addresses.rebuild()
    versions.bump([versions.SITE])
    purging.schedule([versions.SITE])


def cache_get(key: str) -> Any:
    """The cache's value of ``key``; ``None`` when it has none or fails (logged): a page is
    then rendered and served uncached."""
    try:
        return django_cache.get(key)
    except Exception as error:  # any backend's failure (Redis down, a timeout)
        versions.cache_failed("read", error)
        return None


def cache_set(key: str, value: Any, timeout: int) -> None:
    """Store ``value``, or log that the cache failed and go on."""
    try:
        django_cache.set(key, value, timeout)
    except Exception as error:
        versions.cache_failed("write", error)


def _key(prefix: str, *parts: object) -> str:
    """A key of fixed length (memcached takes 250 characters at most, and no spaces), whatever
    the host name or the time zone's."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def shaping() -> tuple[str, ...]:
    """What shapes every rendering besides its data: dates are shown in the active time zone,
    images at the storage's address, and the settings, the package's version and the templates
    decide the markup."""
    return (
        timezone.get_current_timezone_name(),
        conf.fingerprint(),
        __version__,
        templates_digest(),
        media_address(),
    )


def media_address() -> str:
    """Where the storage serves files now (its domain and folder), so that pages cached with
    images of an older storage or CDN address are not served after a change. A signed address
    (refused by check E009) differs on each call: it keys nothing."""
    address = default_storage.url("scms")
    return "" if "?" in address else address


def cacheable_page(page: str) -> bool:
    """Whether a list's ``?page=`` value is one whose page is stored: a number as Django's
    paginator reads it, or "last"; anything else takes the uncached path (and its 404)."""
    return bool(_CACHEABLE_PAGE.fullmatch(page))


def usable(entry: Any) -> TypeGuard[tuple]:
    """Whether a parts entry ``(expires, ...)`` may still be shown: no scheduled article it
    would show has gone live since it was rendered."""
    return entry is not None and (entry[0] is None or entry[0] > timezone.now().timestamp())


def timestamp(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None


def page_versions(request: HttpRequest, names: list[str]) -> dict[str, Any]:
    """The versions of ``names`` (the site's added), as :func:`public_page` read them for this
    request, or read now for a view used without it."""
    known = getattr(request, "scms_versions", None)
    if known is None:
        names = [versions.SITE, *names]
        tokens, _extras = versions.read(names)
        assert tokens is not None  # read, not left to the page (lazy)
        known = dict(zip(names, tokens, strict=True))
        request.scms_versions = known  # type: ignore[attr-defined]  # read again above
    return known


def parts_timeout(request: HttpRequest) -> int:
    """How long the view may keep the parts it renders: ``CACHE_TIMEOUT``, or 0 (neither read
    nor kept) while the replica it reads from is behind the page's versions."""
    if getattr(request, "scms_behind", False):
        return 0
    return conf.get("CACHE_TIMEOUT")


# -- the host ---------------------------------------------------------------------------------

_DEFAULT_PORTS = {"http": 80, "https": 443}


def host(request: HttpRequest) -> str:
    """The site's host as keys and links name it: the setting ``SITE_HOST``, else the request's
    host (checked against ``ALLOWED_HOSTS`` by Django: a 400 otherwise) in one spelling, lower
    case, without a trailing dot, the scheme's default port and leading zeros of a port. Every
    spelling of one host then shares one cache entry and one canonical link."""
    configured = conf.get("SITE_HOST")
    if configured:
        return configured
    domain, port = split_domain_port(request.get_host())
    if port.isdigit() and int(port) != _DEFAULT_PORTS.get(request.scheme or "", -1):
        return f"{domain}:{int(port)}"
    return domain


def one_host(request: HttpRequest) -> None:
    """Make the request name the host of :func:`host`, so that what the page builds from it
    (canonical links, the feeds' links, the site's name) is the same for every spelling."""
    request.META["HTTP_HOST"] = host(request)
    request.META.pop("HTTP_X_FORWARDED_HOST", None)


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` on this site, with the one host of :func:`host`: for canonical links."""
    return f"{request.scheme}://{host(request)}{path}"


# -- the viewer, and the whole-page cache ------------------------------------------------------


def viewer(request: HttpRequest) -> Any:
    """``request.user``, without reading the session of a reader who has none: an anonymous
    page then does not vary on cookies, so shared caches can keep one copy of it."""
    from django.contrib.auth.models import AnonymousUser

    if _signed_in_maybe(request):
        return getattr(request, "user", AnonymousUser())
    return AnonymousUser()


# django.contrib.messages' cookie: a page for a reader who has one may show their messages.
_MESSAGES_COOKIE = "messages"


def _signed_in_maybe(request: HttpRequest) -> bool:
    """Whether the page may hold something about this reader: a session, credentials or
    messages; such requests never use the whole-page cache."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or _MESSAGES_COOKIE in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or hasattr(request, "_cached_user")
    )


def _cacheable_query(request: HttpRequest) -> bool:
    """No query string, or only a page number the lists cache: other parameters (trackers,
    searches) would fill the cache with copies."""
    query = request.GET
    if not query:
        return True
    return list(query) == ["page"] and bool(_CACHEABLE_PAGE.fullmatch(query["page"]))


def page_key(request: HttpRequest) -> str:
    return _key(PAGE_PREFIX, host(request), request.get_full_path(), get_language(), *shaping())


def public_page(names: Callable[..., list[str]], reads_versions: bool = False) -> Callable:
    """Decorate a public view whose page shows what the versions ``names(**url_kwargs)`` (and
    the site's) cover: HTTP caching headers for every response, and anonymous GETs answered from
    the whole-page cache in one cache read (no query where versions live in the cache).

    ``reads_versions``: the view reads the versions with its data when the cache has neither
    the page nor them (the article and list pages, with their stored renderings), so a cold page
    is one query; a page is stored only under the versions read before or with its data."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            one_host(request)
            anonymous = not _signed_in_maybe(request)
            timeout = conf.get("CACHE_TIMEOUT")
            key = page_key(request) if timeout and anonymous and _cacheable_query(request) else None
            entry = None
            tokens = None
            version_names = [versions.SITE, *names(**kwargs)]
            if key:
                # No page stored: the view reads the versions itself, with its own query.
                tokens, found = versions.read(version_names, key, lazy=reads_versions)
                if tokens is not None:
                    request.scms_versions = dict(  # type: ignore[attr-defined]  # page_versions
                        zip(version_names, tokens, strict=True)
                    )
                entry = found.get(key)
            if entry is not None and entry[0] == tokens and usable(entry[1:]):
                # Stored under the versions read just now, before any scheduled article it
                # would show went live: the page as the view would render it.
                return _conditional(request, _from_entry(entry))
            # A replica that has not caught up with these versions renders an older page:
            # served, but kept by no cache, so that the next reader gets the new one.
            behind = (
                anonymous
                and versions.reads_elsewhere()
                and versions.replica_behind(page_versions(request, names(**kwargs)))
            )
            request.scms_behind = behind  # type: ignore[attr-defined]  # read by parts_timeout
            try:
                response = view(request, *args, **kwargs)
            except Http404 as error:
                # The site's 404 page, as Django would answer, so that it gets its header below.
                response = response_for_exception(request, error)
            if callable(getattr(response, "render", None)):
                response = response.render()
            if response.status_code != 200:
                # Not found, moved, refused: shared caches ask again each time.
                if not response.has_header("Cache-Control"):
                    response["Cache-Control"] = "no-cache"
                return response
            if getattr(response, "scms_private", False) or viewer(request).is_authenticated:
                response["Cache-Control"] = "private, no-store"
                return response
            expires = getattr(response, "scms_expires", None)
            _public_headers(response, expires, timezone.now().timestamp())
            if behind:
                response["Cache-Control"] = "no-cache"
            elif key and _storable(request, response):
                # The versions read before the page's data, or with it; none: not stored, as
                # versions read now could be newer than what the page shows.
                known = getattr(request, "scms_versions", None) or {}
                if all(name in known for name in version_names):
                    tokens = tuple(known[name] for name in version_names)
                    cache_set(key, _entry(tokens, expires, response), timeout)
            return _conditional(request, response)

        return wrapped

    return decorator


def _entry(tokens: tuple, expires: float | None, response: HttpResponse) -> tuple:
    return (
        tokens,
        expires,
        response["ETag"],
        response["Last-Modified"],
        response.get("Content-Type"),
        response.get("Content-Language"),
        response.content,
    )


def _from_entry(entry: tuple) -> HttpResponse:
    _tokens, expires, etag, modified, content_type, language, content = entry
    response = HttpResponse(content, content_type=content_type)
    if language:
        response["Content-Language"] = language
    response["ETag"], response["Last-Modified"] = etag, modified
    _cache_control(response, expires)
    return response


def _public_headers(response: HttpResponse, expires: float | None, now: float) -> None:
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["Last-Modified"] = http_date(now)
    _cache_control(response, expires)


def _cache_control(response: HttpResponse, expires: float | None) -> None:
    """``public`` with the configured ages, cut short when a scheduled article the page would
    show goes live sooner."""
    browser, shared = conf.get("HTTP_MAX_AGE"), conf.get("HTTP_S_MAXAGE")
    if expires is not None:
        left = max(0, int(expires - timezone.now().timestamp()))
        browser, shared = min(browser, left), min(shared, left)
    response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Nothing about this reader in the response: no cookie set, no session read."""
    session = getattr(request, "session", None)
    varies_on_cookies = "cookie" in response.get("Vary", "").lower()
    # "is not None": an empty session is falsy on Django 6, read or not.
    accessed = session is not None and session.accessed
    return not (response.cookies or varies_on_cookies or accessed)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A 304 when the request's validators match the page, else the page."""
    modified = parse_http_date_safe(response["Last-Modified"])
    return (
        get_conditional_response(
            request, etag=response["ETag"], last_modified=modified, response=response
        )
        or response
    )
