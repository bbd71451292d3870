"""System checks: each tells a developer at ``manage.py check`` what is wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from . import conf

RENDERER = "supplements_cms.markdown.render_markdown"
REQUIRED_APPS = ("taggit", "markdownx", "reversion")
REQUIRED_BLOCKS = ("title", "content")
WHOLE_NUMBER_SETTINGS = {
    "RELATED_POSTS": 0,
    "PAGINATE_BY": 1,
    "FEED_ITEMS": 1,
    "CACHE_TIMEOUT": 0,
    "HTTP_MAX_AGE": 0,
    "HTTP_S_MAXAGE": 0,
    "PURGE_LIST_PAGES": 1,
    "PURGE_RETRIES": 1,
    "REVIEW_MAX_AGE_MONTHS": 1,
    "SUMMARY_MAX_LENGTH": 1,
    "UPLOAD_MAX_BYTES": 1,
    "UPLOAD_MAX_PIXELS": 1,
}


@register(Tags.compatibility)
def check_required_apps(app_configs: Any = None, **kwargs: Any) -> list:
    return [
        Error(
            f"supplements_cms needs “{name}” in INSTALLED_APPS.",
            hint=f"Add “{name}” to INSTALLED_APPS, next to “supplements_cms”.",
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
            f"MARKDOWNX_MARKDOWNIFY_FUNCTION is “{configured}”: markdownx previews would not be "
            "sanitized like the package's pages.",
            hint=f"Set MARKDOWNX_MARKDOWNIFY_FUNCTION = “{RENDERER}”, or remove the setting.",
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
            "markdownx.urls is included: its preview and upload views answer anonymous visitors, "
            "render unsanitized HTML and store SVG and other files as the browser declares them.",
            hint="Remove include(“markdownx.urls”); supplements_cms.urls has safe replacements.",
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
                "supplements_cms.urls is not included in the URLconf.",
                hint='Add path("articles/", include("supplements_cms.urls")) to your urls.py.',
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
                f"The base template “{name}” cannot be loaded: {exc.__class__.__name__}.",
                hint="Set SUPPLEMENTS_CMS['BASE_TEMPLATE'] to a template of your site.",
                id="supplements_cms.E003",
            )
        ]
    blocks = _block_names(getattr(template, "template", None))
    missing = [block for block in REQUIRED_BLOCKS if block not in blocks]
    if blocks is None or not missing:
        return []
    return [
        Error(
            f"The base template “{name}” has no block {', '.join(missing)}.",
            hint="The package's pages fill {% block title %} and {% block content %}.",
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
                f"SUPPLEMENTS_CMS has unknown keys: {', '.join(sorted(unknown))}.",
                hint=f"Known keys: {', '.join(conf.DEFAULTS)}.",
                id="supplements_cms.E005",
            )
        )
    for key, minimum in WHOLE_NUMBER_SETTINGS.items():
        value = conf.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            errors.append(
                Error(
                    f"SUPPLEMENTS_CMS['{key}'] must be a whole number of at least {minimum}, "
                    f"got {value!r}.",
                    hint=f"The default is {conf.DEFAULTS[key]!r}.",
                    id="supplements_cms.E006",
                )
            )
    return errors


@register()
def check_caching(app_configs: Any = None, **kwargs: Any) -> list:
    """Purging and shared versions set up so that they can work."""
    from django.utils.module_loading import import_string

    from . import purging

    messages = []
    path = conf.get("PURGE_BACKEND")
    try:
        backend = import_string(path)
    except ImportError:
        backend = None
    if not (isinstance(backend, type) and issubclass(backend, purging.PurgeBackend)):
        messages.append(
            Error(
                f"SUPPLEMENTS_CMS['PURGE_BACKEND'] = {path!r} is not a purge backend.",
                hint="Name a subclass of supplements_cms.purging.PurgeBackend, such as "
                "supplements_cms.purging.HTTPPurge.",
                id="supplements_cms.E007",
            )
        )
    elif backend is not purging.NoPurge and not conf.get("PURGE_BASE_URL"):
        messages.append(
            Warning(
                "A purge backend is set but PURGE_BASE_URL is empty: purged URLs would have no "
                "host, and the CDN would keep the changed pages.",
                hint='Set SUPPLEMENTS_CMS["PURGE_BASE_URL"] to the site\'s public origin.',
                id="supplements_cms.W003",
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
                id="supplements_cms.W004",
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
                names |= _block_names(get_template(parent).template) or set()
    return names
