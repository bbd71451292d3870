"""Keeping what pages read current when content changes, and only what a change touches.

On every save or deletion of an article, its conditions, benefits, references or related picks,
this module works out what readers would now see differently, and:

- re-ranks the stored related choice of the article and of the articles it enters or leaves
  (:class:`~supplements_cms.models.RelatedChoice`), and keeps the conditions' copies of its
  status and time (the index that lists, related candidates and previous/next read);
- keeps the lists' sizes (:class:`~supplements_cms.models.ListSize`);
- raises the versions (:mod:`supplements_cms.delivery.versions`) of the pages that show the change:
  the article's own; those that link to it as a related post or as previous/next (when its title,
  address, conditions or publication change); the lists it is on (when its card changes or it enters
  or leaves them);
- and, after the transaction commits, asks the CDN to forget those pages
  (:mod:`supplements_cms.delivery.purging`) and renders the article's own page and its lists'
  first pages again (:mod:`supplements_cms.delivery.fragments`, a bounded number); the other
  pages it changed are rendered on their first read, so a save's cost does not grow with how
  many pages show the article.

An edit of an article's text therefore makes one page cold. Calls to action, conditions,
supplements and contributors are shown on many pages and change rarely: their saves raise the
site's version, which every page carries.

Code that writes content without ``save()`` (``QuerySet.update()``, ``bulk_create()``) calls
:func:`supplements_cms.delivery.caching.content_changed` afterwards, which runs :func:`rebuild`.

Every read here goes to the database the save wrote to (the signal's ``using``): with a
read-replica router a replica has not seen the transaction yet. What a save knew before it is
kept on the saved instance, never in a thread-local or a global, so a failed save leaves
nothing behind for the next one; the rows an article's deletion takes with it (Django's
``origin`` of the deletion) leave the work to the article's own handlers. After the commit,
:mod:`supplements_cms.signals` tells host sites what readers now see differently.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps as global_apps
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .. import signals
from ..models import (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    Contributor,
    ListSize,
    Reference,
    RelatedChoice,
    RelatedPost,
    Supplement,
)
from . import fragments, purging, related, versions

PUBLISHED = Article.Status.PUBLISHED
ALL = "all"
# What a save knew of its article before it, kept on the instance being saved.
_BEFORE = "_scms_state_before"
# Which articles a queryset's deletion of condition links has counted, kept on that queryset.
_HANDLED = "_scms_articles_handled"


def _cascade(origin: Any) -> bool:
    """Whether a row is deleted because its article is (Django's ``origin`` of a deletion):
    the article's own handlers do the work once, for all of it."""
    if isinstance(origin, Article):
        return True
    return isinstance(origin, QuerySet) and origin.model is Article


@dataclass(frozen=True)
class State:
    """What pages other than an article's own show of it."""

    pk: int
    slug: str
    title: str
    summary: str
    status: str
    published_at: datetime | None
    supplement_id: int | None
    conditions: frozenset[int]

    @property
    def listed(self) -> bool:
        """Published, live or scheduled: on its lists, and a related candidate."""
        return self.status == PUBLISHED and self.published_at is not None

    def link(self) -> tuple:
        """What a related post or a previous/next link shows of it."""
        return (self.slug, self.title, self.status, self.published_at, self.conditions)

    def card(self) -> tuple:
        """What its card on a list shows."""
        return (*self.link(), self.summary, self.supplement_id)

    def ranking(self) -> tuple:
        """What the related ranking reads of it."""
        return (self.listed, self.published_at, self.conditions, self.supplement_id)

    def list_sizes(self) -> list[str]:
        """The names of the lists it counts in."""
        if not self.listed:
            return []
        names = [ALL, *(f"condition:{c}" for c in self.conditions)]
        return names + ([f"supplement:{self.supplement_id}"] if self.supplement_id else [])


def state_of(pk: int, db: str | None = None) -> State | None:
    fields = ("slug", "title", "summary", "status", "published_at", "supplement_id")
    row = Article.objects.using(db).filter(pk=pk).values(*fields).first()
    if row is None:
        return None
    links = ArticleCondition.objects.using(db).filter(content_object_id=pk)
    return State(pk=pk, conditions=frozenset(links.values_list("tag_id", flat=True)), **row)


# -- signal receivers --------------------------------------------------------------------------


@receiver(pre_save, sender=Article)
def _article_saving(sender, instance: Article, using: str, **kwargs: Any) -> None:
    if instance.pk is not None:
        setattr(instance, _BEFORE, state_of(instance.pk, using))


@receiver(post_save, sender=Article)
def _article_saved(sender, instance: Article, using: str, **kwargs: Any) -> None:
    changed(instance.pk, instance.__dict__.pop(_BEFORE, None), db=using)


@receiver(pre_delete, sender=Article)
def _article_deleting(sender, instance: Article, using: str, **kwargs: Any) -> None:
    # Before the cascade takes the rows that say which pages show it.
    setattr(instance, _BEFORE, (state_of(instance.pk, using), _pages_showing(instance.pk, using)))


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance: Article, using: str, **kwargs: Any) -> None:
    before, showing = instance.__dict__.pop(_BEFORE, (None, set()))
    changed(instance.pk, before, showing, db=using)


@receiver(pre_save, sender=ArticleCondition)
@receiver(pre_delete, sender=ArticleCondition)
def _link_changing(sender, instance: ArticleCondition, using: str, **kwargs: Any) -> None:
    if not _cascade(kwargs.get("origin")):
        setattr(instance, _BEFORE, state_of(instance.content_object_id, using))


@receiver(post_save, sender=ArticleCondition)
@receiver(post_delete, sender=ArticleCondition)
def _link_changed(sender, instance: ArticleCondition, using: str, **kwargs: Any) -> None:
    origin = kwargs.get("origin")
    if _cascade(origin):
        return
    before = instance.__dict__.pop(_BEFORE, None)
    if isinstance(origin, QuerySet):
        # A queryset's delete (taking several conditions off at once) removes every row before
        # the first post_delete: that one sees the whole change, the others would count it
        # again. Which articles are done is kept on the deletion's own queryset.
        done = origin.__dict__.setdefault(_HANDLED, set())
        if instance.content_object_id in done:
            return
        done.add(instance.content_object_id)
    changed(instance.content_object_id, before, db=using)


@receiver(post_save, sender=Benefit)
@receiver(post_delete, sender=Benefit)
@receiver(post_save, sender=Reference)
@receiver(post_delete, sender=Reference)
@receiver(post_save, sender=RelatedPost)
@receiver(post_delete, sender=RelatedPost)
def _part_changed(
    sender, instance: Benefit | Reference | RelatedPost, using: str, **kwargs: Any
) -> None:
    """A part shows on its article's page only."""
    if _cascade(kwargs.get("origin")):
        return
    rows = Article.objects.using(using).filter(pk=instance.article_id)
    slug = rows.values_list("slug", flat=True).first()
    if slug is not None:
        _bump([versions.article(slug)])
        fragments.render_after_save(instance.article_id, using)


@receiver(post_save, sender=CallToAction)
@receiver(post_delete, sender=CallToAction)
@receiver(post_save, sender=Condition)
@receiver(post_delete, sender=Condition)
@receiver(post_save, sender=Supplement)
@receiver(post_delete, sender=Supplement)
@receiver(post_save, sender=Contributor)
@receiver(post_delete, sender=Contributor)
def _shared_changed(sender, **kwargs: Any) -> None:
    """Shown on many pages, changed rarely: every page is made cold."""
    _bump([versions.SITE])


@receiver(m2m_changed, sender=CallToAction.conditions.through)
def _cta_aim_changed(sender, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _bump([versions.SITE])


def pages_changed(names: Iterable[str]) -> None:
    """Make the pages of version ``names`` cold now, and purge them after the commit, for a
    change that no save announces (a review's sign-off)."""
    _bump(names)


def _bump(names: Iterable[str]) -> None:
    names = set(names)
    versions.bump(names)
    purging.schedule(names)


# -- what a change touches ---------------------------------------------------------------------


def changed(
    pk: int, before: State | None, showing: set[str] | None = None, db: str | None = None
) -> None:
    """Bring derived data and versions in line with article ``pk`` as stored now in ``db``,
    given its state ``before`` the change (``None``: new) and, for a deletion, the pages that
    showed it; tell host sites, after the commit, what readers now see differently."""
    after = state_of(pk, db)
    if before is None and after is None:
        return
    if after is not None:
        ArticleCondition.objects.using(db).filter(content_object_id=pk).update(
            is_published=after.status == PUBLISHED, published_at=after.published_at
        )
    pages = {versions.article(s.slug) for s in (before, after) if s}
    if after is not None and (before is None or before.ranking()[2:] != after.ranking()[2:]):
        _store_choice(after, db)
    was_listed = before is not None and before.listed
    is_listed = after is not None and after.listed
    moved = before is None or after is None or before.link() != after.link()
    if (was_listed or is_listed) and moved:
        pages |= showing if showing is not None else _pages_showing(pk, db)
        for state in (before, after):
            pages |= _neighbour_pages(state, pk, db)
    reranked = before is None or after is None or before.ranking() != after.ranking()
    if (was_listed or is_listed) and reranked:
        pages |= _rerank_around(pk, after, db)
    if was_listed or is_listed:
        # The feeds show each article's summary and update time: any save changes them.
        lists = _list_versions([s for s in (before, after) if s and s.listed], db)
        pages |= {versions.feed(name) for name in lists}
    if (was_listed or is_listed) and (
        before is None or after is None or before.card() != after.card()
    ):
        pages |= lists
        _resize(before.list_sizes() if before else [], after.list_sizes() if after else [], db)
        if was_listed != is_listed or (
            before is not None and after is not None and before.ranking()[2:] != after.ranking()[2:]
        ):
            pages.add(versions.TOPICS)
    _bump(pages)
    # Its own page and its lists' first pages are rendered again after the commit (a bounded
    # number); the others it changed, on their first read.
    fragments.render_after_save(pk, db)
    signals.announce(pk, before, after, db)


def _pages_showing(pk: int, db: str | None) -> set[str]:
    """The article pages that link to ``pk``: their automatic choice or their editor's picks."""
    chosen = RelatedChoice.objects.using(db).filter(related_id=pk)
    picked = RelatedPost.objects.using(db).filter(target_id=pk)
    slugs = (rows.values_list("article__slug", flat=True) for rows in (chosen, picked))
    return {versions.article(s) for rows in slugs for s in rows}


def _neighbour_pages(state: State | None, pk: int, db: str | None) -> set[str]:
    """The pages next to where ``state`` puts the article in each of its conditions: their
    previous or next link shows it, or shows another article once it has moved."""
    if state is None or not state.listed:
        return set()
    when, found = state.published_at, set()
    for condition in state.conditions:
        same = ArticleCondition.objects.using(db).filter(tag_id=condition, is_published=True)
        same = same.exclude(content_object_id=pk)
        older = same.filter(published_at__lte=when).filter(
            Q(published_at__lt=when) | Q(content_object_id__lt=pk)
        )
        newer = same.filter(published_at__gte=when).filter(
            Q(published_at__gt=when) | Q(content_object_id__gt=pk)
        )
        for side, order in ((older, "-"), (newer, "")):
            slug = (
                side.order_by(f"{order}published_at", f"{order}content_object_id")
                .values_list("content_object__slug", flat=True)
                .first()
            )
            if slug is not None:
                found.add(versions.article(slug))
    return found


def _list_versions(states: list[State], db: str | None) -> set[str]:
    conditions = {c for s in states for c in s.conditions}
    supplements = {s.supplement_id for s in states if s.supplement_id}
    names = {versions.ALL_ARTICLES}
    names |= {versions.condition(slug) for slug in _slugs(Condition, conditions, db)}
    names |= {versions.supplement(slug) for slug in _slugs(Supplement, supplements, db)}
    return names


def _slugs(model, pks: Iterable[int], db: str | None) -> list[str]:
    if not pks:
        return []
    return list(model.objects.using(db).filter(pk__in=pks).values_list("slug", flat=True))


def _resize(left: list[str], joined: list[str], db: str | None) -> None:
    delta = Counter(joined)
    delta.subtract(left)
    for name, change in delta.items():
        if change:
            ListSize.objects.using(db).get_or_create(name=name)
            ListSize.objects.using(db).filter(name=name).update(
                published=Greatest(F("published") + change, 0)
            )


# -- the stored related choice -----------------------------------------------------------------


def _store_choice(state: State, db: str | None) -> None:
    length = related.stored_length()
    ranked = related.rank(state.pk, state.conditions, state.supplement_id, length, using=db)
    RelatedChoice.objects.using(db).filter(article_id=state.pk).delete()
    RelatedChoice.objects.using(db).bulk_create(
        RelatedChoice(article_id=state.pk, related_id=other, position=n, score=score)
        for n, (other, score) in enumerate(ranked)
    )


def _rerank_around(pk: int, after: State | None, db: str | None) -> set[str]:
    """Move article ``pk`` into, within or out of the stored choices of the other published
    articles, as its publication, time or topics now rank it; return the pages changed."""
    length = related.stored_length()
    choices = RelatedChoice.objects.using(db)
    holding = set(choices.filter(related_id=pk).values_list("article_id", flat=True))
    scores: dict[int, int] = {}
    entering: set[int] = set()
    if after is not None and after.listed:
        scores = _scores_against(after, db)
        key = lambda x: (scores[x], after.published_at, pk)  # noqa: E731
        # The last of each full stored choice among the articles sharing a topic with it, each
        # topic's read off the (article, position) index. Subqueries, not id lists: at 100,000
        # articles they are more than SQLite takes as parameters.
        sharing = [
            ArticleCondition.objects.using(db)
            .filter(tag_id__in=after.conditions)
            .values("content_object")
        ]
        if after.supplement_id:
            same = Article.objects.using(db).filter(supplement_id=after.supplement_id)
            sharing.append(same.values("pk"))
        cuts = {}
        for articles in sharing:
            full = choices.filter(article_id__in=articles, position=length - 1)
            for x, *cut in full.values_list(
                "article_id", "score", "related__published_at", "related_id"
            ):
                if x not in holding:
                    cuts[x] = tuple(cut)
        entering = {x for x in scores if x not in holding and (x not in cuts or key(x) > cuts[x])}
    touched = holding | entering
    if not touched:
        return set()
    rows: dict[int, list[tuple]] = defaultdict(list)
    for batch in _batches(touched):
        stored = choices.filter(article_id__in=batch).exclude(related_id=pk)
        for x, other, score, when in stored.values_list(
            "article_id", "related_id", "score", "related__published_at"
        ):
            rows[x].append((score, when, other))
    refill, new_rows = [], []
    for x in touched:
        choice = rows[x]
        if after is not None and scores.get(x):
            choice.append((scores[x], after.published_at, pk))
        choice.sort(reverse=True)
        choice = choice[:length]
        if len(choice) < length - related.STORED_EXTRA and x in holding and not scores.get(x):
            refill.append(x)
            continue
        new_rows += [
            RelatedChoice(article_id=x, related_id=other, position=n, score=score)
            for n, (score, _when, other) in enumerate(choice)
        ]
    for batch in _batches(touched):
        choices.filter(article_id__in=batch).delete()
    choices.bulk_create(new_rows, batch_size=1_000)
    for x in refill:
        state = state_of(x, db)
        if state is not None:
            _store_choice(state, db)
    return {versions.article(s) for batch in _batches(touched) for s in _slugs(Article, batch, db)}


def _batches(ids: set[int], size: int = 500) -> list[list[int]]:
    """``ids`` in lists short enough for any database's parameter limit."""
    ordered = sorted(ids)
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]


def _scores_against(state: State, db: str | None) -> dict[int, int]:
    """Each article sharing a topic with ``state`` (drafts too, for their previews), and the
    score of ``state`` in its ranking."""
    shared = Counter(
        ArticleCondition.objects.using(db)
        .filter(tag_id__in=state.conditions)
        .exclude(content_object_id=state.pk)
        .values_list("content_object_id", flat=True)
    )
    same: set[int] = set()
    if state.supplement_id:
        same = set(
            Article.objects.using(db)
            .filter(supplement_id=state.supplement_id)
            .exclude(pk=state.pk)
            .values_list("pk", flat=True)
        )
    return {x: related.score(shared[x], x in same) for x in shared.keys() | same}


# -- everything at once ------------------------------------------------------------------------


def rebuild(apps=global_apps) -> None:
    """Rank every article's related choice, copy every article's status and time to its
    conditions, and count every list, from scratch: after writes that skip ``save()`` (bulk
    imports, ``update()``, a restored database) and in the migration that added them.

    In memory, one pass over the articles: the ranking is :func:`related.rank`'s, computed the
    same way over the same candidates.
    """
    article_model = apps.get_model("supplements_cms", "Article")
    link_model = apps.get_model("supplements_cms", "ArticleCondition")
    choice_model = apps.get_model("supplements_cms", "RelatedChoice")
    size_model = apps.get_model("supplements_cms", "ListSize")
    one = article_model.objects.filter(pk=OuterRef("content_object_id"))
    link_model.objects.update(
        is_published=Exists(one.filter(status=PUBLISHED)),
        published_at=Subquery(one.values("published_at")[:1]),
    )
    articles = {
        pk: (supplement, status == PUBLISHED and when is not None, when)
        for pk, supplement, status, when in article_model.objects.values_list(
            "pk", "supplement_id", "status", "published_at"
        )
    }
    conditions_of: dict[int, set[int]] = defaultdict(set)
    for article, condition in link_model.objects.values_list("content_object_id", "tag_id"):
        conditions_of[article].add(condition)
    newest = sorted(
        (pk for pk, (_s, listed, _w) in articles.items() if listed),
        key=lambda pk: (articles[pk][2], pk),
        reverse=True,
    )
    by_condition: dict[int, list[int]] = defaultdict(list)
    by_supplement: dict[int, list[int]] = defaultdict(list)
    for pk in newest:
        for condition in conditions_of[pk]:
            by_condition[condition].append(pk)
        if articles[pk][0]:
            by_supplement[articles[pk][0]].append(pk)
    window, length = related.CANDIDATES_PER_TOPIC, related.stored_length()
    choice_model.objects.all().delete()
    batch = []
    for pk, (supplement, _listed, _when) in articles.items():
        mine = conditions_of[pk]
        topics = [by_condition[t] for t in mine] + (
            [by_supplement[supplement]] if supplement else []
        )
        # Each topic's newest, the article itself left out, as related.rank() reads them.
        candidates = {
            c for newest in topics for c in [n for n in newest[: window + 1] if n != pk][:window]
        }
        ranked = sorted(
            (
                (
                    related.score(
                        len(conditions_of[c] & mine),
                        supplement is not None and articles[c][0] == supplement,
                    ),
                    articles[c][2],
                    c,
                )
                for c in candidates
            ),
            reverse=True,
        )[:length]
        batch += [
            choice_model(article_id=pk, related_id=c, position=n, score=score)
            for n, (score, _when, c) in enumerate(ranked)
        ]
        if len(batch) >= 5_000:
            choice_model.objects.bulk_create(batch)
            batch = []
    choice_model.objects.bulk_create(batch)
    sizes: Counter[str] = Counter()
    for pk in newest:
        sizes[ALL] += 1
        sizes.update(f"condition:{c}" for c in conditions_of[pk])
        if articles[pk][0]:
            sizes[f"supplement:{articles[pk][0]}"] += 1
    size_model.objects.all().delete()
    size_model.objects.bulk_create(size_model(name=n, published=c) for n, c in sizes.items())
