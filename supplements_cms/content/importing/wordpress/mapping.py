"""A WordPress post as the plain-text parser's ``ParsedArticle``, with what a post carries
beside its text: status and dates, Yoast's SEO title and description, tags, author, featured
image and old addresses. Pure: no database, no files.

The export is read twice: :func:`index` reads it whole first (so a malformed file is refused
before anything is stored, and a post finds its featured image wherever the attachment stands),
keeping only the small things posts refer to; :func:`to_article` then maps each post.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..parser import CONDITION_MAX, TITLE_MAX, ParsedArticle, ParseError, parse_article
from .content import to_export_text
from .wxr import Author, Item, Site

# Yoast's separator when the export does not say (its default, "sc-dash").
SEPARATOR = "-"
SUMMARY_MAX = 500


@dataclass(frozen=True)
class Attachment:
    file: str  # the path under the uploads folder (``_wp_attached_file``)
    alt: str
    title: str


@dataclass
class Index:
    """What posts refer to elsewhere in the export, and what the import leaves out."""

    site: Site = field(default_factory=lambda: Site("", ""))
    authors: dict[str, str] = field(default_factory=dict)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    posts: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Thumbnail:
    attachment_id: int
    file: str  # "" when the export has no such attachment
    alt: str


@dataclass(frozen=True)
class WordPressArticle:
    """One post, ready to store: the parsed article and the post's facts around it."""

    post_id: int
    guid: str
    parsed: ParsedArticle
    status: str  # WordPress's: "publish", "future", "draft", "pending" or "private"
    published_at: datetime | None
    author: str
    author_login: str
    thumbnail: Thumbnail | None
    old_slugs: tuple[str, ...]
    old_path: str
    notes: tuple[str, ...] = ()

    # A password on WordPress: readers there needed it, so the article stays a draft.
    protected: bool = False

    @property
    def publish(self) -> bool:
        """Whether the post was public (or scheduled) on WordPress, without a password."""
        return self.status in ("publish", "future") and not self.protected


def index(entries: Iterable[Site | Author | Item]) -> Index:
    """Read the whole export once: authors, attachments, and counts of what is skipped."""
    found = Index()
    for entry in entries:
        if isinstance(entry, Site):
            found.site = entry
        elif isinstance(entry, Author):
            found.authors[entry.login] = entry.display_name or entry.login
        else:
            found.skipped[_("comments")] += entry.comments
            if entry.post_type == "attachment":
                found.attachments[entry.post_id] = Attachment(
                    entry.meta_value("_wp_attached_file").strip(),
                    _text(entry.meta_value("_wp_attachment_image_alt")),
                    _text(entry.title),
                )
            reason = skip_reason(entry)
            if reason:
                found.skipped[reason] += 1
            else:
                found.posts += 1
    return found


# What each kind of item is counted as when it is skipped.
_TYPES = {
    "page": gettext_lazy("pages"),
    "attachment": gettext_lazy("attachments"),
    "nav_menu_item": gettext_lazy("menu items"),
    "revision": gettext_lazy("revisions"),
}


def skip_reason(item: Item) -> str:
    """Why ``item`` is not imported ("pages", "trashed posts", …), "" for a post to import."""
    if item.post_type != "post":
        if item.post_type in _TYPES:
            return str(_TYPES[item.post_type])
        return _("other items (%(type)s)") % {"type": item.post_type}
    if item.status == "trash":
        return _("trashed posts")
    if item.status not in ("publish", "future", "draft", "pending", "private"):
        return _("posts with status “%(status)s”") % {"status": item.status}
    return ""


def to_article(item: Item, found: Index) -> WordPressArticle:
    """The post ``item`` as an article. Raises ``ParseError`` for a post that cannot be one."""
    if item.problem:
        raise ParseError(item.problem)
    title = _text(item.title)
    if not title:
        raise ParseError(_("the post has no title"))
    converted = to_export_text(item.content)
    tags = _conditions(item.tags)
    parsed = parse_article(f"Title: {title[:TITLE_MAX]}\n\n{converted.text}", conditions=tags)
    slug = _slug(item.slug) or slugify(title, allow_unicode=True)[:200]
    parsed = replace(
        parsed,
        seo_title=yoast_title(item.meta_value("_yoast_wpseo_title"), title, found.site.title),
        summary=_summary(item, title, found.site.title),
        slug=slug,
        # The post's tags are its conditions; without tags it has none (no guess from the title).
        conditions=tags or (),
    )
    notes = list(converted.notes)
    thumbnail = None
    thumbnail_id = item.meta_value("_thumbnail_id").strip()
    if thumbnail_id.isdigit():
        attachment = found.attachments.get(int(thumbnail_id))
        if attachment is None or not attachment.file:
            notes.append(
                _("featured image %(id)s is not among the export's attachments")
                % {"id": thumbnail_id}
            )
        else:
            alt = attachment.alt or attachment.title or title
            thumbnail = Thumbnail(int(thumbnail_id), attachment.file, alt[:250])
    old_path = _old_path(item.link, found.site.url)
    old_slugs = [_slug(s) for s in item.meta_values("_wp_old_slug")]
    if old_path:
        old_slugs.append(_slug(posixpath.basename(old_path.rstrip("/"))))
    status = item.status
    protected = bool(item.password.strip())
    if protected and status in ("publish", "future"):
        notes.append(_("kept as a draft: the post has a password on WordPress"))
    return WordPressArticle(
        post_id=item.post_id,
        guid=item.guid[:255],
        parsed=parsed,
        status=status,
        published_at=_date(item.date_gmt) if status in ("publish", "future") else None,
        author=found.authors.get(item.creator, item.creator)[:120],
        author_login=item.creator,
        thumbnail=thumbnail,
        old_slugs=tuple(dict.fromkeys(s for s in old_slugs if s and s != slug)),
        old_path=old_path,
        notes=tuple(notes),
        protected=protected,
    )


_TAGS = re.compile(r"<[^>]*>")
_VARIABLE = re.compile(r"%%([a-z_]{1,40})%%")


def _text(value: str) -> str:
    """Text from the export: tags removed, HTML entities decoded once, white space collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", value)).split())


def yoast_title(template: str, title: str, site_name: str) -> str:
    """Yoast's SEO title with its variables filled: %%title%%, %%sitename%%, %%sep%%; %%page%%
    (a page number, never on an article) and variables we do not know are left out."""
    if not template.strip():
        return ""
    values = {"title": title, "sitename": _text(site_name), "sep": SEPARATOR, "page": ""}
    text = _VARIABLE.sub(lambda m: values.get(m.group(1), ""), _text(template))
    # A separator left with nothing on one side ("Title -", "- Site") goes too.
    text = " ".join(text.split()).strip(f" {SEPARATOR}|–—")
    return text[:TITLE_MAX] if text != title else ""


def _summary(item: Item, title: str, site_name: str) -> str:
    description = item.meta_value("_yoast_wpseo_metadesc")
    if description.strip():
        values = {"title": title, "sitename": _text(site_name), "sep": SEPARATOR}
        text = _VARIABLE.sub(lambda m: values.get(m.group(1), ""), _text(description))
        return " ".join(text.split())[:SUMMARY_MAX]
    return _text(item.excerpt)[:SUMMARY_MAX]


def _conditions(tags: tuple[str, ...]) -> tuple[str, ...] | None:
    """The tags, each once whatever its case ("Fibromyalgia", "fibromyalgia")."""
    names: dict[str, str] = {}
    for tag in tags:
        name = _text(tag)[:CONDITION_MAX]
        if name:
            names.setdefault(name.casefold(), name)
    return tuple(names.values()) or None


def _slug(value: str) -> str:
    """A WordPress slug ("magnesium-%e2%80%93-sleep" for non-ASCII ones) as a slug here."""
    return slugify(unquote(value.strip()), allow_unicode=True)[:200]


def _old_path(link: str, site_url: str) -> str:
    """The path of the post's permalink on the old site; "" for a draft's "?p=12" link."""
    parts = urlsplit(link.strip())
    if not parts.path.strip("/") or parts.query:
        return ""
    site = urlsplit(site_url.strip())
    if site.netloc and parts.netloc and site.netloc != parts.netloc:
        return ""
    return unquote(parts.path)[:255]


def _date(value: str) -> datetime | None:
    """WordPress's "2024-03-01 08:00:00" (UTC); None for its empty "0000-00-00 00:00:00"."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
