"""System checks: each tells a developer at ``manage.py check`` what is wrong and how to fix it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils.translation import gettext as _

from . import conf
from .delivery import search
from .delivery.languages import search_config

if TYPE_CHECKING:
    from django.db.backends.mysql.base import DatabaseWrapper as MySQLDatabaseWrapper

RENDERER = "supplements_cms.content.markdown.render_markdown"
# A PostgreSQL identifier, optionally schema-qualified: what a text-search configuration is named.
_CONFIG_NAME = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?")
REQUIRED_APPS = ("taggit", "markdownx", "reversion")
REQUIRED_BLOCKS = ("title", "content")
WHOLE_NUMBER_SETTINGS = {
    "RELATED_POSTS": 0,
    "PAGINATE_BY": 1,
    "FEED_ITEMS": 1,
    "CACHE_TIMEOUT": 0,
    "CACHE_CHECK_SECONDS": 0,
    "HTTP_MAX_AGE": 0,
    "HTTP_S_MAXAGE": 0,
    "SEARCH_MAX_AGE": 0,
    "PURGE_LIST_PAGES": 1,
    "PURGE_RETRIES": 1,
    "REVIEW_MAX_AGE_MONTHS": 1,
    "SUMMARY_MAX_LENGTH": 1,
    "SEO_TITLE_MAX_LENGTH": 1,
    "AUTOSAVE_SECONDS": 0,
    "AUTOSAVE_MAX_BYTES": 1,
    "MARKDOWN_MAX_CHARS": 1,
    "PREVIEW_MAX_BYTES": 1,
    "UPLOAD_MAX_BYTES": 1,
    "UPLOAD_MAX_PIXELS": 1,
    "IMPORT_MAX_BYTES": 1,
    "IMPORT_MAX_FILES": 1,
    "ARTICLE_MAX_BENEFITS": 1,
    "ARTICLE_MAX_RELATED_POSTS": 1,
    "ARTICLE_MAX_REFERENCES": 1,
    "CLAIM_CHECK_MAX_CHARS": 1000,
}


@register(Tags.compatibility)
def check_required_apps(app_configs: Any = None, **kwargs: Any) -> list:
    return [
        Error(
            _("supplements_cms needs “%(app)s” in INSTALLED_APPS.") % {"app": name},
            hint=_("Add “%(app)s” to INSTALLED_APPS, next to “supplements_cms”.") % {"app": name},
            id="supplements_cms.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@register(Tags.security)
def check_markdownx_renderer(app_configs: Any = None, **kwargs: Any) -> list:
    configured = getattr(settings, "MARKDOWNX_MARKDOWNIFY_FUNCTION", None)
    if configured in (None, RENDERER):
        return []
    return [
        Warning(
            _(
                "MARKDOWNX_MARKDOWNIFY_FUNCTION is “%(function)s”: markdownx previews would not "
                "be sanitized like the package's pages."
            )
            % {"function": configured},
            hint=_("Set MARKDOWNX_MARKDOWNIFY_FUNCTION = “%(function)s”, or remove the setting.")
            % {"function": RENDERER},
            id="supplements_cms.W001",
        )
    ]


@register(Tags.security, Tags.urls)
def check_markdownx_urls(app_configs: Any = None, **kwargs: Any) -> list:
    try:
        patterns = list(_walk(get_resolver().url_patterns))
    except Exception:  # a broken URLconf is reported by Django's own checks
        return []
    if not any(p.callback.__module__.startswith("markdownx.") for p in patterns):
        return []
    return [
        Warning(
            _(
                "markdownx.urls is included: its preview and upload views answer anonymous "
                "visitors, render unsanitized HTML and store SVG and other files as the browser "
                "declares them."
            ),
            hint=_("Remove include(“markdownx.urls”); supplements_cms.urls has safe replacements."),
            id="supplements_cms.W002",
        )
    ]


@register(Tags.urls)
def check_urls_included(app_configs: Any = None, **kwargs: Any) -> list:
    try:
        reverse("supplements_cms:editor_preview")
    except NoReverseMatch:
        return [
            Error(
                _("supplements_cms.urls is not included in the URLconf."),
                hint=_('Add path("articles/", include("supplements_cms.urls")) to your urls.py.'),
                id="supplements_cms.E002",
            )
        ]
    except Exception:  # a broken URLconf is reported by Django's own checks
        return []
    return []


@register(Tags.templates)
def check_base_template(app_configs: Any = None, **kwargs: Any) -> list:
    name = conf.get("BASE_TEMPLATE")
    try:
        template = get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
        return [
            Error(
                _("The base template “%(name)s” cannot be loaded: %(error)s.")
                % {"name": name, "error": exc.__class__.__name__},
                hint=_("Set SUPPLEMENTS_CMS['BASE_TEMPLATE'] to a template of your site."),
                id="supplements_cms.E003",
            )
        ]
    blocks = _block_names(getattr(template, "template", None))
    if blocks is None:
        return []
    missing = [block for block in REQUIRED_BLOCKS if block not in blocks]
    if not missing:
        return []
    return [
        Error(
            _("The base template “%(name)s” has no block %(blocks)s.")
            % {"name": name, "blocks": ", ".join(missing)},
            hint=_(
                "The package's pages fill {% block title %} and {% block content %}. If "
                "your base names them otherwise, set BASE_TEMPLATE to an adapter template that "
                "maps them onto yours: see “Base templates with other block names” in the "
                "installation docs."
            ),
            id="supplements_cms.E004",
        )
    ]


@register()
def check_settings(app_configs: Any = None, **kwargs: Any) -> list:
    errors = []
    unknown = set(getattr(settings, "SUPPLEMENTS_CMS", {})) - set(conf.DEFAULTS)
    if unknown:
        errors.append(
            Error(
                _("SUPPLEMENTS_CMS has unknown keys: %(keys)s.")
                % {"keys": ", ".join(sorted(unknown))},
                hint=_("Known keys: %(keys)s.") % {"keys": ", ".join(conf.DEFAULTS)},
                id="supplements_cms.E005",
            )
        )
    for key, minimum in WHOLE_NUMBER_SETTINGS.items():
        value = conf.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            errors.append(
                Error(
                    _(
                        "SUPPLEMENTS_CMS['%(key)s'] must be a whole number of at least "
                        "%(minimum)s, got %(value)r."
                    )
                    % {"key": key, "minimum": minimum, "value": value},
                    hint=_("The default is %(default)r.") % {"default": conf.DEFAULTS[key]},
                    id="supplements_cms.E006",
                )
            )
    configured = conf.get("SEARCH_CONFIG")
    if configured is not None and not (
        isinstance(configured, str) and _CONFIG_NAME.fullmatch(configured)
    ):
        errors.append(
            Error(
                _(
                    "SUPPLEMENTS_CMS['SEARCH_CONFIG'] must name a text-search configuration, "
                    "got %(value)r."
                )
                % {"value": configured},
                hint=_("For example “german” or “simple”; None takes LANGUAGE_CODE's language."),
                id="supplements_cms.E007",
            )
        )
    return errors


@register(Tags.database)
def check_search_index(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """The search index serves queries only when it was built with the configuration they use."""
    found = []
    from .models import Article

    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        if Article._meta.db_table not in connection.introspection.table_names():
            continue  # not migrated yet: the migrations build the index
        built_with = search.index_config(alias)
        wanted = search_config()
        if built_with != wanted:
            found.append(
                Warning(
                    (
                        _(
                            "The search index of the database “%(alias)s” was built for "
                            "“%(built)s”, but search uses “%(wanted)s”: searches read every "
                            "article."
                        )
                        if built_with
                        else _(
                            "The database “%(alias)s” has no search index for “%(wanted)s”: "
                            "searches read every article."
                        )
                    )
                    % {"alias": alias, "built": built_with, "wanted": wanted},
                    hint=_("Run “manage.py search_index --database %(alias)s”.") % {"alias": alias},
                    id="supplements_cms.W004",
                )
            )
    return found


@register()
def check_caching(app_configs: Any = None, **kwargs: Any) -> list:
    """Purging and shared versions set up so that they can work."""
    from django.utils.module_loading import import_string

    from .delivery import purging

    messages: list[CheckMessage] = []
    path = conf.get("PURGE_BACKEND")
    try:
        backend = import_string(path)
    except ImportError:
        backend = None
    if not (isinstance(backend, type) and issubclass(backend, purging.PurgeBackend)):
        messages.append(
            Error(
                f"SUPPLEMENTS_CMS['PURGE_BACKEND'] = {path!r} is not a purge backend.",
                hint="Name a subclass of supplements_cms.delivery.purging.PurgeBackend, such as "
                "supplements_cms.delivery.purging.HTTPPurge.",
                id="supplements_cms.E008",
            )
        )
    elif backend is not purging.NoPurge and not conf.get("PURGE_BASE_URL"):
        messages.append(
            Warning(
                "A purge backend is set but PURGE_BASE_URL is empty: purged URLs would have no "
                "host, and the CDN would keep the changed pages.",
                hint='Set SUPPLEMENTS_CMS["PURGE_BASE_URL"] to the site\'s public origin.',
                id="supplements_cms.W005",
            )
        )
    backend_name = settings.CACHES.get("default", {}).get("BACKEND", "")
    if conf.get("SHARED_CACHE") and backend_name.endswith("LocMemCache"):
        messages.append(
            Warning(
                "SHARED_CACHE is True but the default cache is LocMemCache, one per process: a "
                "save would make pages cold in its own process only.",
                hint="Use Redis or Memcached, or leave SHARED_CACHE unset (None) for a site that "
                "runs more than one process.",
                id="supplements_cms.W006",
            )
        )
    return messages


def _walk(patterns: list) -> Iterator[URLPattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry


def _block_names(template: Any) -> set[str] | None:
    """Block names of a Django template and the templates it extends; None for other engines."""
    nodelist = getattr(template, "nodelist", None)
    if nodelist is None:
        return None
    names = {node.name for node in nodelist.get_nodes_by_type(BlockNode)}
    for extends in nodelist.get_nodes_by_type(ExtendsNode):
        parent = extends.parent_name.resolve({}) if extends.parent_name else None
        if isinstance(parent, str):
            with suppress(TemplateDoesNotExist, TemplateSyntaxError):
                names |= _block_names(getattr(get_template(parent), "template", None)) or set()
    return names


@register(Tags.database)
def check_sqlite_locking(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """Two saves at once on SQLite: without an immediate write lock and a wait, the second fails
    half-way with "database is locked" instead of waiting its turn."""
    found = []
    for alias, database in settings.DATABASES.items():
        if not database.get("ENGINE", "").endswith("sqlite3"):
            continue
        options = database.get("OPTIONS", {})
        if (
            str(options.get("transaction_mode", "")).upper() == "IMMEDIATE"
            and options.get("timeout", 0) >= 5
        ):
            continue
        found.append(
            Warning(
                _(
                    "The SQLite database “%(alias)s” does not take its write lock when a "
                    "transaction begins, or does not wait for it: two editors saving at once may "
                    "meet “database is locked”."
                )
                % {"alias": alias},
                hint=_(
                    'Add "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20} to '
                    "DATABASES[“%(alias)s”]."
                )
                % {"alias": alias},
                id="supplements_cms.W003",
            )
        )
    return found


@register(Tags.database)
def check_derived_data(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """Articles from before the package kept list sizes and related choices on save."""
    from .models import Article, ListSize

    found = []
    for alias in databases or ():
        tables = connections[alias].introspection.table_names()
        if ListSize._meta.db_table not in tables or Article._meta.db_table not in tables:
            continue
        has_articles = Article.objects.using(alias).published().exists()
        if has_articles and not ListSize.objects.using(alias).exists():
            found.append(
                Warning(
                    _(
                        "The database “%(alias)s” has published articles but no list sizes "
                        "or related choices yet: lists count nothing and related posts are "
                        "empty."
                    )
                    % {"alias": alias},
                    hint=_("Run “manage.py rebuild_derived”."),
                    id="supplements_cms.W007",
                )
            )
    return found


@register(Tags.database)
def check_failed_purges(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """Purges the CDN refused, kept until they go through: pages there may be old meanwhile."""
    from .delivery import purging
    from .models import PendingPurge

    found = []
    for alias in databases or ():
        if PendingPurge._meta.db_table not in connections[alias].introspection.table_names():
            continue
        failing = purging.failing(alias)
        if failing:
            found.append(
                Warning(
                    failing,
                    hint=_(
                        "Check that the CDN or proxy accepts purges from this server "
                        "(PURGE_BACKEND, PURGE_OPTIONS), then run “manage.py retry_purges”."
                    ),
                    id="supplements_cms.W008",
                )
            )
    return found


ROUTER = "supplements_cms.routers.EditorsReadTheirWrites"


@register()
def check_router_first(app_configs: Any = None, **kwargs: Any) -> list:
    """With replicas (or any routing), only the package's router, asked first, sends editors'
    reads to the database their saves went to; after it, another router has answered already."""
    from django.db import router

    from .routers import EditorsReadTheirWrites

    if len(connections.settings) < 2 and not settings.DATABASE_ROUTERS:
        return []
    first = router.routers[0] if router.routers else None
    if isinstance(first, EditorsReadTheirWrites) or first is EditorsReadTheirWrites:
        return []
    return [
        Warning(
            _(
                "DATABASE_ROUTERS does not start with supplements_cms's router: when reads go "
                "to a replica, an editor may see the article as it was before their save (in "
                "the admin's list, form, history, drafts and review)."
            ),
            hint=_("Put “%(router)s” first in DATABASE_ROUTERS, before the site's own routers.")
            % {"router": ROUTER},
            id="supplements_cms.W009",
        )
    ]


# Query parameters of signed URLs: S3 (v4 and v2), Google Cloud Storage, Azure SAS.
_SIGNED_URL = re.compile(r"[?&](x-amz-signature|signature|x-goog-signature|sig|expires)=", re.I)


@register()
def check_media_urls(app_configs: Any = None, **kwargs: Any) -> list:
    """Images are named in pages (cached, and kept by CDNs) and in editors' Markdown for longer
    than a signed URL lives: the default storage must give public URLs."""
    from django.core.files.storage import storages

    storage = storages["default"]
    signed = bool(getattr(storage, "querystring_auth", False))  # django-storages S3, GCS
    signed = signed or getattr(storage, "expiration_secs", None) is not None  # Azure
    if not signed and type(storage).__module__.startswith("storages."):
        with suppress(Exception):  # a storage that cannot build a URL here is not refused
            signed = bool(_SIGNED_URL.search(storage.url(conf.get("UPLOAD_PATH") + "x.jpg")))
    if not signed:
        return []
    return [
        Error(
            _(
                "The default storage gives signed URLs, which expire (after an hour by "
                "default): pages, their cached parts, CDN copies and the Markdown of editors' "
                "uploads keep image URLs longer, so images would break."
            ),
            hint=_(
                "Serve media from public URLs: with django-storages, set "
                "“querystring_auth”: False in the storage's OPTIONS (AWS_QUERYSTRING_AUTH = "
                "False) and let readers read the media prefix (a bucket policy, or a CDN "
                "domain as “custom_domain”)."
            ),
            id="supplements_cms.E009",
        )
    ]


# The oldest releases the package is tested on (docs/installation.md, "Databases").
MYSQL_MINIMUM = (8, 0, 14)
MARIADB_MINIMUM = (10, 6)
SUPPORTED_VENDORS = ("sqlite", "postgresql", "mysql")


@register(Tags.database)
def check_database_support(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """A database the package's SQL was not written for fails at the first article page; say so
    at ``check`` (its engine) and at ``migrate`` (its version), not in front of a reader."""
    found = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor not in SUPPORTED_VENDORS:
            found.append(
                _unsupported_database(
                    alias,
                    connection.display_name,
                    _(
                        "every article page fails: its one query reads the related rows as "
                        "JSON in SQL written for SQLite, PostgreSQL, MySQL and MariaDB only"
                    ),
                )
            )
        elif connection.vendor == "mysql" and alias in (databases or ()):
            connection = cast("MySQLDatabaseWrapper", connection)
            if connection.mysql_is_mariadb and connection.mysql_version < MARIADB_MINIMUM:
                found.append(
                    _unsupported_database(
                        alias,
                        f"MariaDB {_version(connection.mysql_version)}",
                        _(
                            "it is older than MariaDB 10.6: before 10.5 it has no "
                            "JSON_ARRAYAGG and every article page fails; 10.5 is past its end of "
                            "life and untested"
                        ),
                    )
                )
            elif not connection.mysql_is_mariadb and connection.mysql_version < MYSQL_MINIMUM:
                found.append(
                    _unsupported_database(
                        alias,
                        f"MySQL {_version(connection.mysql_version)}",
                        _(
                            "it is older than MySQL 8.0.14: a subquery in FROM cannot see the "
                            "outer query there, so every article page fails"
                        ),
                    )
                )
    return found


def _unsupported_database(alias: str, name: str, failure: str) -> Error:
    return Error(
        _(
            "The database “%(alias)s” is %(name)s, which supplements_cms does not support: "
            "%(failure)s."
        )
        % {"alias": alias, "name": name, "failure": failure},
        hint=_(
            "Use SQLite, PostgreSQL 14+, MySQL 8.0.14+ or MariaDB 10.6+ (see “Databases” in "
            "the installation docs)."
        ),
        id="supplements_cms.E010",
    )


def _version(numbers: tuple[int, ...]) -> str:
    return ".".join(str(n) for n in numbers)
