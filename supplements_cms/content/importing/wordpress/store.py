"""Saving a mapped WordPress post: through ``importing.store.store_article``, as every import.

That function keeps the import's safety (one transaction, a revision and an admin log entry,
articles edited since their last import left alone unless overwriting, nothing emptied that the
export lacks, publishing only by a publisher and only without unaccepted claim warnings). This
module adds what a post has beyond its text, inside that same transaction: the publication date,
the byline, the featured image from the uploads folder, the old addresses as redirects, and the
record (``WordPressPost``) by which a re-import finds the article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from .... import conf
from ....admin.editor import UploadRejected, reencode_image
from ....models import Article, Contributor, SlugRedirect, WordPressPost
from ..plan import Plan, plan_for
from ..store import Stored, may_publish, store_article
from .mapping import WordPressArticle


@dataclass(frozen=True)
class StoredPost:
    stored: Stored
    notes: tuple[str, ...]


def find(post: WordPressArticle, site: str) -> WordPressPost | None:
    """The record of an earlier import of ``post``: by its GUID, else by its id on ``site``."""
    records = WordPressPost.objects.select_related("article")
    if post.guid:
        record = records.filter(guid=post.guid).first()
        if record is not None:
            return record
    return records.filter(site=site[:200], post_id=post.post_id).first()


def plan_post(post: WordPressArticle, site: str, *, user=None) -> Plan:
    """What importing ``post`` would change (for the dry run and the admin's preview)."""
    record = find(post, site)
    article = record.article if record is not None else None
    parsed = post.parsed if article is not None else replace(post.parsed, slug=free_slug(post))
    return plan_for(article, parsed, publish=post.publish and may_publish(user), slug=parsed.slug)


def free_slug(post: WordPressArticle) -> str:
    """The post's slug, or "slug-2", "slug-3", … when another article or redirect holds it."""
    base = post.parsed.slug[:190]
    slug, n = base, 2
    while (
        Article.objects.filter(slug=slug).exists()
        or SlugRedirect.objects.filter(old_slug=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def store_post(
    post: WordPressArticle,
    *,
    site: str,
    user,
    source: str,
    uploads: Path | None = None,
    overwrite: bool = False,
    seen_edit_number: int | None = None,
    as_new: bool = False,
    match_users: bool = False,
) -> StoredPost:
    """Create or update the article of ``post``; ``notes`` say what was left out or held back.

    A post that was public on WordPress is published (scheduled for a future date) when ``user``
    may publish; otherwise it is kept as a draft, with a note. ``match_users`` makes the site user
    whose username is the post's author login the article's author.
    """
    record = None if as_new else find(post, site)
    notes = list(post.notes)
    parsed = post.parsed
    if record is None:
        parsed = replace(parsed, slug=free_slug(post))
        if parsed.slug != post.parsed.slug:
            notes.append(
                _("the address “%(slug)s” is taken; the article is at “%(new)s”")
                % {"slug": post.parsed.slug, "new": parsed.slug}
            )
    publish = post.publish and may_publish(user)
    if post.publish and not publish:
        notes.append(_("kept as a draft: you may not publish articles"))

    def finish(article: Article) -> None:
        changed = False
        if publish and not article.is_published and post.published_at is not None:
            article.published_at = post.published_at
            changed = True
        if post.author and article.byline_id is None:
            article.byline = _contributor(post.author)
            changed = True
        if match_users and article.author_id is None and post.author_login:
            article.author = _user(post.author_login)
            changed |= article.author is not None
        thumbnail = post.thumbnail
        if thumbnail is not None and (
            not article.image or record is None or record.image_file != thumbnail.file
        ):
            changed |= _set_image(article, thumbnail.file, thumbnail.alt, uploads, notes)
        if changed:
            article.full_clean()
            article.save()
        _redirects(article, post, notes)
        WordPressPost.objects.update_or_create(
            site=site[:200],
            post_id=post.post_id,
            defaults={
                "article": article,
                "guid": post.guid,
                "old_path": post.old_path,
                "image_file": thumbnail.file if thumbnail is not None and article.image else "",
            },
        )

    stored = store_article(
        parsed,
        user=user,
        source=source,
        publish=publish,
        overwrite=overwrite,
        pk=record.article_id if record is not None else None,
        seen_edit_number=seen_edit_number,
        as_new=as_new,
        finish=finish,
    )
    return StoredPost(stored, tuple(notes))


def _user(login: str):
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: login}).first()


def _contributor(name: str) -> Contributor:
    return Contributor.objects.filter(name__iexact=name).order_by(
        "pk"
    ).first() or Contributor.objects.create(name=name)


def _set_image(
    article: Article, file: str, alt: str, uploads: Path | None, notes: list[str]
) -> bool:
    """Give ``article`` the featured image ``file`` from ``uploads``, verified and re-encoded as
    every upload is; a missing or unusable image is a note, never a failure."""
    if uploads is None:
        notes.append(
            _("featured image “%(file)s” not imported: no --uploads folder") % {"file": file}
        )
        return False
    root = uploads.resolve()
    path = (root / file).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        notes.append(_("featured image “%(file)s” is not in the uploads folder") % {"file": file})
        return False
    try:
        if path.stat().st_size > conf.get("UPLOAD_MAX_BYTES"):
            raise UploadRejected(_("the image is larger than UPLOAD_MAX_BYTES"))
        with path.open("rb") as stream:
            data, extension = reencode_image(File(stream, name=path.name))
    except (OSError, UploadRejected) as exc:
        notes.append(
            _("featured image “%(file)s” not imported: %(reason)s") % {"file": file, "reason": exc}
        )
        return False
    article.image.save(f"{path.stem}.{extension}", ContentFile(data), save=False)
    article.image_alt = alt
    return True


def _redirects(article: Article, post: WordPressArticle, notes: list[str]) -> None:
    """The post's old slugs answer with a redirect to the article, unless another article
    holds them."""
    for old in post.old_slugs:
        if old == article.slug:
            continue
        taken = Article.objects.filter(slug=old).exclude(pk=article.pk).exists()
        held = SlugRedirect.objects.filter(old_slug=old).exclude(article=article).exists()
        if taken or held:
            notes.append(_("no redirect from “%(slug)s”: another article has it") % {"slug": old})
            continue
        SlugRedirect.objects.get_or_create(old_slug=old, defaults={"article": article})
