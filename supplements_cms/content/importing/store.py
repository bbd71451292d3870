"""Saving a parsed export as an article: one transaction per file, found again by slug.

An import is an edit like any other. It saves a revision whose comment names the file and an
admin log entry under the importing user; it keeps every part the file leaves empty; and it does
not overwrite an article that editors changed since its last import unless asked to.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, router, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...editorial.actions import ImportArticle
from ...editorial.policy import can_publish
from ...models import Article, Benefit, CallToAction, RelatedPost, Supplement
from ..limits import check_count, validate_markdown_length
from ..markdown import rendered_ahead
from .parser import ParsedArticle
from .plan import (
    Plan,
    article_slug,
    benefit_rows,
    carried_fields,
    plan_for,
    related_targets,
    same_lines,
)


class Outcome(enum.StrEnum):
    """What happened to one file; the command prints it at the start of the file's line."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


class Choice(models.TextChoices):
    """What the admin's editor decides for a file whose title finds an existing article."""

    UPDATE = "update", gettext_lazy("Update the article")
    SKIP = "skip", gettext_lazy("Skip this file")
    NEW = "new", gettext_lazy("Import as a new article")


@dataclass(frozen=True)
class Stored:
    """What importing one file did: the outcome, the article, what changed, why it was skipped."""

    outcome: Outcome
    article: Article | None
    plan: Plan | None = None
    reason: str = ""


def may_publish(user) -> bool:
    """The publishing rule (:mod:`supplements_cms.editorial.rules`) for imports, which always name
    who imports."""
    return user is not None and can_publish(user)


def store_article(
    parsed: ParsedArticle,
    *,
    user,
    source: str,
    publish: bool = False,
    overwrite: bool = False,
    as_new: bool = False,
    seen_edit_number: int | None = None,
    pk: int | None = None,
    finish: Callable[[Article], None] | None = None,
) -> Stored:
    """Create or update the article whose slug the title gives, with all its parts.

    ``user`` is who the revision and the admin log name; ``source`` names the file in both.
    A new article is a draft unless ``publish``, which needs the publish permission (else
    ``PermissionDenied``); an existing one keeps its status unless ``publish``. An existing
    article that editors changed since its last import is skipped unless ``overwrite``;
    ``as_new`` makes a new article beside it instead. ``seen_edit_number`` is the edit number a
    preview showed (0: no article): if the article has changed since, the file is skipped.
    ``pk`` finds the article by its key (an importer's own record of it) instead of its slug;
    ``finish`` completes a created or updated article (what the parsed export does not carry:
    an image, dates, redirects) inside the same transaction and revision, before publishing.

    Raises ``django.core.exceptions.ValidationError`` when the result would not be a valid
    article (the limits on its parts included); the transaction then leaves the database as it
    was. The file's Markdown is rendered before the transaction opens.
    """
    _check_text_lengths(parsed)
    texts = (text for _label, text in _markdown_texts(parsed))
    with rendered_ahead(texts), transaction.atomic(using=router.db_for_write(Article)):
        return _store_article(
            parsed,
            user=user,
            source=source,
            publish=publish,
            overwrite=overwrite,
            as_new=as_new,
            seen_edit_number=seen_edit_number,
            pk=pk,
            finish=finish,
        )


def _store_article(
    parsed: ParsedArticle,
    *,
    user,
    source: str,
    publish: bool,
    overwrite: bool,
    as_new: bool,
    seen_edit_number: int | None,
    pk: int | None,
    finish: Callable[[Article], None] | None,
) -> Stored:
    if publish and not may_publish(user):
        raise PermissionDenied(
            _("%(user)s may not publish articles; import them as drafts.") % {"user": user}
        )
    slug = article_slug(parsed)
    found = {"slug": slug} if pk is None else {"pk": pk}
    article = None
    if not as_new:
        # Only the article's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side
        # of the outer joins that select_related makes. MySQL and MariaDB have no FOR UPDATE OF:
        # there the article's supplement and call to action are locked with it.
        features = connections[router.db_for_write(Article)].features
        article = (
            Article.objects.select_for_update(
                of=("self",) if features.has_select_for_update_of else ()
            )
            .select_related("supplement", "call_to_action")
            .filter(**found)
            .first()
        )
    current_edit = article.edit_number if article is not None else 0
    if seen_edit_number is not None and current_edit != seen_edit_number:
        reason = _("the article changed after the preview; preview the file again")
        return Stored(Outcome.SKIPPED, article, reason=reason)
    plan = plan_for(article, parsed, publish=publish, slug=slug)
    if article is not None and article.is_published and not may_publish(user):
        # What readers see changes only through a publisher, on this path too.
        reason = _("the article is published; only a publisher can change it")
        return Stored(Outcome.SKIPPED, article, plan, reason)
    if article is not None:
        if not plan.changes:
            return Stored(Outcome.UNCHANGED, article, plan)
        if plan.edited and not overwrite:
            return Stored(
                Outcome.SKIPPED,
                article,
                plan,
                _("changed in the admin since its last import; overwriting needs to be asked for"),
            )
    created = article is None
    if article is None:
        # An empty slug is made unique from the title on save ("title-2" beside "title").
        article = Article(slug="" if as_new else slug, status=Article.Status.DRAFT)
    _check_limits(article, parsed)
    if created:
        message = _("Imported from “%(file)s”.") % {"file": source}
    else:
        message = _("Imported from “%(file)s”: changed %(parts)s.") % {
            "file": source,
            "parts": ", ".join(c.label for c in plan.changes),
        }

    def write(article: Article) -> None:
        _save(article, parsed)
        if finish is not None:
            finish(article)

    held_back = ImportArticle(article, user, write, message=message, publish=publish).execute()
    reason = _("kept as a draft: %(why)s") % {"why": held_back} if held_back else ""
    return Stored(Outcome.CREATED if created else Outcome.UPDATED, article, plan, reason)


def _check_limits(article: Article, parsed: ParsedArticle) -> None:
    """Refuse, before anything is written, an article with more parts than the settings allow."""
    benefits = 0
    for kind, carried in (
        (Benefit.Kind.MAIN, parsed.benefits),
        (Benefit.Kind.ADDITIONAL, parsed.additional_benefits),
    ):
        if carried:
            benefits += len(carried)
        elif article.pk is not None:
            benefits += article.benefits.filter(kind=kind).count()
    check_count(Benefit, benefits)
    related = article.related_posts.count() if article.pk is not None else 0
    check_count(RelatedPost, related + len(related_targets(article, parsed.related)))


def _check_text_lengths(parsed: ParsedArticle) -> None:
    """Refuse a file whose Markdown parts are longer than ``MARKDOWN_MAX_CHARS``, naming each."""
    problems = []
    for label, text in _markdown_texts(parsed):
        try:
            validate_markdown_length(text)
        except ValidationError as error:
            problems += [f"{label}: {message}" for message in error.messages]
    if problems:
        raise ValidationError(problems)


def _markdown_texts(parsed: ParsedArticle) -> list[tuple[str, str]]:
    """The file's Markdown parts, each with the name a refusal gives it."""
    texts: list[tuple[str, str]] = [
        (str(cast(models.Field, Article._meta.get_field(name)).verbose_name), value)
        for name, value in carried_fields(parsed).items()
        if name in dict(Article.markdown_fields)
    ]
    texts += [
        (_("benefit “%(title)s”") % {"title": title}, description)
        for title, description in benefit_rows(parsed.benefits + parsed.additional_benefits)
    ]
    texts.append(
        (str(CallToAction._meta.get_field("text").verbose_name), parsed.call_to_action.strip())
    )
    return texts


def _save(article: Article, parsed: ParsedArticle) -> None:
    for name, value in carried_fields(parsed).items():
        setattr(article, name, value)
    if parsed.supplement:
        article.supplement = _supplement(parsed.supplement)
    text = parsed.call_to_action.strip()
    cta = article.call_to_action
    if text and (cta is None or same_lines(cta.text) != text):
        article.call_to_action = _call_to_action(text, parsed.title)
    article.full_clean()
    article.save()
    if parsed.conditions:
        article.conditions.set(list(parsed.conditions))
    for kind, benefits in (
        (Benefit.Kind.MAIN, parsed.benefits),
        (Benefit.Kind.ADDITIONAL, parsed.additional_benefits),
    ):
        if not benefits:
            continue  # the file has none of this kind: the article keeps its own
        article.benefits.filter(kind=kind).delete()
        for position, (title, description) in enumerate(benefit_rows(benefits), start=1):
            # One save per row, not bulk_create: save() renders the Markdown.
            Benefit.objects.create(
                article=article,
                kind=kind,
                title=title,
                description=description,
                position=position,
            )
    position = article.related_posts.count()
    for target in related_targets(article, parsed.related):
        position += 1
        RelatedPost.objects.create(article=article, target=target, position=position)


def _supplement(name: str) -> Supplement:
    slug = slugify(name, allow_unicode=True)
    return Supplement.objects.filter(slug=slug).first() or Supplement.objects.create(
        name=name, slug=slug
    )


def _call_to_action(text: str, title: str) -> CallToAction:
    """A call to action with ``text``: an existing one with the same text (its lines ending as
    an export's do, or as a browser sends them), else a new one."""
    variants = {text, text.replace("\n", "\r\n")}
    existing = CallToAction.objects.filter(text__in=variants).order_by("pk").first()
    if existing is not None:
        return existing
    base = _("Imported: %(title)s") % {"title": title}
    label, n = base[:120], 2
    while CallToAction.objects.filter(label=label).exists():
        label, n = f"{base[:110]} ({n})", n + 1
    return CallToAction.objects.create(label=label, heading=_("Before you start"), text=text)
