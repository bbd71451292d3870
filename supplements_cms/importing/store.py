"""Saving a parsed export as an article: one transaction per file, matched by slug."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Article, Benefit, CallToAction, RelatedPost, Supplement
from .parser import ParsedArticle


@dataclass(frozen=True)
class Stored:
    article: Article
    created: bool


def article_slug(parsed: ParsedArticle) -> str:
    """The slug an import gives the article, which is also how a re-import finds it."""
    return slugify(parsed.title, allow_unicode=True)[:200]


@transaction.atomic
def store_article(parsed: ParsedArticle, *, publish: bool = False) -> Stored:
    """Create or update the article whose slug the title gives, with all its parts.

    A new article is a draft unless ``publish``; an existing one keeps its status (and is published
    with ``publish``). Benefits are replaced, so a re-import leaves the article as the file says.
    Raises ``django.core.exceptions.ValidationError`` when the result would not be a valid article;
    the transaction then leaves the database as it was.
    """
    slug = article_slug(parsed)
    article = Article.objects.filter(slug=slug).first()
    created = article is None
    if created:
        article = Article(slug=slug, status=Article.Status.DRAFT)
    article.title = parsed.title
    article.seo_title = parsed.seo_title
    article.intro = parsed.intro
    article.body = parsed.body
    article.additional_benefits_heading = parsed.additional_benefits_heading
    article.additional_benefits_intro = parsed.additional_benefits_intro
    article.dosage_heading = parsed.dosage_heading
    dosage = parsed.dosage
    article.dose_min = dosage.minimum if dosage else None
    article.dose_max = dosage.maximum if dosage else None
    article.dose_unit = dosage.unit if dosage else ""
    article.dose_frequency = dosage.frequency if dosage else ""
    article.dosage_note = parsed.dosage_note
    article.conclusion = parsed.conclusion
    article.supplement = _supplement(parsed.supplement)
    article.call_to_action = _call_to_action(parsed)
    if publish:
        article.status = Article.Status.PUBLISHED
    article.full_clean()
    article.save()
    article.conditions.set(list(parsed.conditions))
    article.benefits.all().delete()
    for kind, rows in (
        (Benefit.Kind.MAIN, parsed.benefits),
        (Benefit.Kind.ADDITIONAL, parsed.additional_benefits),
    ):
        for position, benefit in enumerate(rows, start=1):
            # One save per row, not bulk_create: save() renders the Markdown.
            Benefit.objects.create(
                article=article,
                kind=kind,
                title=benefit.title[:120],
                description=benefit.description,
                position=position,
            )
    _link_related(article, parsed.related)
    return Stored(article, created)


def _link_related(article: Article, titles: tuple[str, ...]) -> None:
    """Add the export's related posts that name articles already on the site.

    Only adds: rows an editor made survive a re-import. Titles that match no article are left
    out, since an export names other posts of the old site, not addresses on this one.
    """
    slugs = {slugify(title, allow_unicode=True)[:200] for title in titles}
    targets = Article.objects.filter(slug__in=slugs).exclude(pk=article.pk)
    present = set(article.related_posts.values_list("target_id", flat=True))
    position = article.related_posts.count()
    for target in targets.order_by("title"):
        if target.pk not in present:
            position += 1
            RelatedPost.objects.create(article=article, target=target, position=position)


def _supplement(name: str) -> Supplement | None:
    if not name:
        return None
    slug = slugify(name, allow_unicode=True)
    return Supplement.objects.filter(slug=slug).first() or Supplement.objects.create(
        name=name, slug=slug
    )


def _call_to_action(parsed: ParsedArticle) -> CallToAction | None:
    """The export's call to action, reusing an existing one with the same text."""
    text = parsed.call_to_action.strip()
    if not text:
        return None
    existing = CallToAction.objects.filter(text=text).order_by("pk").first()
    if existing is not None:
        return existing
    base = _("Imported: %(title)s") % {"title": parsed.title}
    label, n = base[:120], 2
    while CallToAction.objects.filter(label=label).exists():
        label, n = f"{base[:110]} ({n})", n + 1
    return CallToAction.objects.create(label=label, heading=_("Before you start"), text=text)
