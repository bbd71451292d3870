"""A WordPress export (WXR 1.0 to 1.2) read as a stream of items: a pure reader, no database.

The file comes from another system and may be hostile or huge. It is parsed with defusedxml
(a document type declaration, entity definitions and external references are refused, so neither
"billion laughs" nor reading a local file through an external entity can happen) and streamed
with ``iterparse``: each ``<item>`` is handed on and then cleared, so memory stays at the size of
one item whatever the size of the file. Text is returned as the file has it (XML entities
decoded by the XML parser, HTML entities left for the stages that read HTML).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import defusedxml
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

__all__ = ["Author", "Item", "Site", "WXRError", "read"]

_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
_WP = "http://wordpress.org/export/"


class WXRError(ValueError):
    """A file that is not a readable WordPress export; the message is one line for a human."""


@dataclass(frozen=True)
class Site:
    """The exported site: its name and address (for Yoast's %%sitename%% and old permalinks)."""

    title: str
    url: str


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str


@dataclass(frozen=True)
class Item:
    """One ``<item>``: a post, page, attachment, menu item or revision (``post_type``)."""

    post_id: int
    post_type: str
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    date: str = ""
    date_gmt: str = ""
    parent: int = 0
    attachment_url: str = ""
    password: str = ""
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # (key, value) in file order; a key such as ``_wp_old_slug`` may come several times.
    meta: tuple[tuple[str, str], ...] = ()
    comments: int = 0
    # Why the item cannot be imported although the file is sound ("" when it can).
    problem: str = ""

    def meta_value(self, key: str) -> str:
        """The last value of ``key`` among the item's custom fields, "" when absent."""
        return next((v for k, v in reversed(self.meta) if k == key), "")

    def meta_values(self, key: str) -> list[str]:
        return [v for k, v in self.meta if k == key]


def _name(tag: str) -> str:
    """ "wp:post_id" for "{http://wordpress.org/export/1.2/}post_id", and so on."""
    if not tag.startswith("{"):
        return tag
    namespace, _brace, local = tag[1:].partition("}")
    if namespace.startswith(_WP):
        return f"{'excerpt' if namespace.rstrip('/').endswith('excerpt') else 'wp'}:{local}"
    return f"{_NAMESPACES.get(namespace, namespace)}:{local}"


def read(source: IO[bytes], *, max_item_chars: int) -> Iterator[Site | Author | Item]:
    """The export's site, then its authors and items, in file order, streamed.

    An item whose content or excerpt is longer than ``max_item_chars`` comes with a
    ``problem`` and no text. Raises :class:`WXRError`, with the line and column, for a file
    that is not well-formed XML or not a WordPress export, and for one that declares entities
    or a document type.
    """
    depth = 0
    channel: ET.Element | None = None
    site: dict[str, str] = {}
    site_sent = False
    events = iterparse(source, events=("start", "end"), forbid_dtd=True)
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1 and _name(element.tag) != "rss":
                    raise WXRError(_refused(element.tag))
                if depth == 2 and _name(element.tag) == "channel":
                    channel = element
                continue
            depth -= 1
            if depth == 1:
                element.clear()  # <channel>, or anything else beside it: nothing more to read
            if depth != 2 or channel is None:
                continue
            # A direct child of <channel> is complete: read it, then let it go.
            name = _name(element.tag)
            if name in ("title", "link", "wp:base_site_url", "wp:base_blog_url"):
                site.setdefault(name, (element.text or "").strip())
            elif name in ("wp:author", "item"):
                if not site_sent:
                    site_sent = True
                    yield _site(site)
                yield _author(element) if name == "wp:author" else _item(element, max_item_chars)
            channel.clear()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise WXRError(
            _("not well-formed XML at line %(line)d, column %(column)d: %(reason)s")
            % {"line": line, "column": column + 1, "reason": reason}
        ) from None
    except defusedxml.DTDForbidden:
        raise WXRError(
            _(
                "refused: the file declares a document type (<!DOCTYPE>), which a WordPress "
                "export never does"
            )
        ) from None
    except defusedxml.EntitiesForbidden:
        raise WXRError(_("refused: the file defines XML entities")) from None
    except defusedxml.DefusedXmlException as exc:
        raise WXRError(_("refused: %(reason)s") % {"reason": exc}) from None
    if channel is None:
        raise WXRError(_("not a WordPress export: no <rss><channel> in the file"))
    if not site_sent:
        yield _site(site)


def _refused(tag: str) -> str:
    return _("not a WordPress export: the file starts with <%(tag)s>, not <rss>") % {
        "tag": _name(tag)
    }


def _site(site: dict[str, str]) -> Site:
    url = site.get("wp:base_blog_url") or site.get("wp:base_site_url") or site.get("link", "")
    return Site(site.get("title", ""), url)


def _author(element: ET.Element) -> Author:
    values = {_name(child.tag): (child.text or "").strip() for child in element}
    return Author(values.get("wp:author_login", ""), values.get("wp:author_display_name", ""))


_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "slug",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:attachment_url": "attachment_url",
    "wp:post_password": "password",
}


def _item(element: ET.Element, max_chars: int) -> Item:
    values: dict[str, str | int] = {}
    tags: list[str] = []
    categories: list[str] = []
    meta: list[tuple[str, str]] = []
    comments = 0
    for child in element:
        name = _name(child.tag)
        text = child.text or ""
        if name in _FIELDS:
            values[_FIELDS[name]] = text if name.endswith("encoded") else text.strip()
        elif name in ("wp:post_id", "wp:post_parent"):
            number = text.strip()
            values["post_id" if name == "wp:post_id" else "parent"] = (
                int(number) if number.isdigit() else 0
            )
        elif name == "category":
            domain = child.get("domain", "")
            if domain == "post_tag":
                tags.append(text.strip())
            elif domain == "category":
                categories.append(text.strip())
        elif name == "wp:postmeta":
            pair = {_name(c.tag): (c.text or "") for c in child}
            meta.append((pair.get("wp:meta_key", "").strip(), pair.get("wp:meta_value", "")))
        elif name == "wp:comment":
            comments += 1
    problem = ""
    longest = max(len(str(values.get("content", ""))), len(str(values.get("excerpt", ""))))
    if longest > max_chars:
        values["content"] = values["excerpt"] = ""
        problem = _(
            "its text is longer than the limit of %(limit)d characters (IMPORT_MAX_BYTES)"
        ) % {"limit": max_chars}
    return Item(
        post_id=int(values.pop("post_id", 0) or 0),
        post_type=str(values.pop("post_type", "") or "post"),
        tags=tuple(t for t in tags if t),
        categories=tuple(c for c in categories if c),
        meta=tuple(meta),
        comments=comments,
        problem=problem,
        **values,  # type: ignore[arg-type]
    )
