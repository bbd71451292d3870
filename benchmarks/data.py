"""The benchmark's data: published articles of the shape the performance issue names.

About 30 conditions, 1 to 4 per article, 5 benefits each, over 5 supplements. Shared by the page
timings (run.py) and the load test. Where the Wagtail app is installed (benchmarks/settings.py),
the same articles are also built as Wagtail pages, for run.py to compare with.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from supplements_cms.delivery.caching import content_changed
from supplements_cms.models import (
    Article,
    ArticleCondition,
    Benefit,
    CallToAction,
    Condition,
    Supplement,
)

CONDITIONS = 30
BENEFITS = 5
BATCH = 2_000
WAGTAIL_INDEX_SLUG = "articles"


def empty_database() -> None:
    """Drop every table of the benchmark's scratch database, so that migrations run from the
    start: a file or database left by an earlier version (other migration names) cannot break
    the run."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        elif connection.vendor == "mysql":
            cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
        for table in tables:
            cascade = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}{cascade}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")
        elif connection.vendor == "mysql":
            cursor.execute("SET FOREIGN_KEY_CHECKS = 1")


def build(size: int, seed: int = 7, *, keep: bool = False) -> None:
    """``size`` published articles, rendered once and copied, so building 100,000 takes minutes.

    The database is emptied first, unless ``keep`` (the load test adds them to the demo content).
    """
    if not keep:
        call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(seed)
    conditions = [Condition.objects.create(name=f"Condition {n:02d}") for n in range(CONDITIONS)]
    supplements = [Supplement.objects.create(name=f"Supplement {n}") for n in range(5)]
    if not CallToAction.objects.filter(is_default=True).exists():  # one default at most
        CallToAction.objects.create(
            label="Default",
            heading="Talk to a clinician",
            text="Before you start.",
            is_default=True,
        )
    model = Article(
        title="Model",
        summary="A summary of about the usual length for an article's meta description.",
        intro="An introduction of a few sentences. " * 4,
        body="\n\n".join(f"## Section {n}\n\n" + "A paragraph of text. " * 30 for n in range(4)),
        conclusion="A conclusion. " * 10,
        dosage_note="Take it with food. " * 3,
        dose_min=200,
        dose_max=400,
        dose_unit="mg",
        dose_frequency="per day",
    )
    model.render_markdown_fields()
    now = timezone.now()
    copied = {
        name: getattr(model, name)
        for name in (
            "summary", "intro", "body", "conclusion", "dosage_note", "intro_html", "body_html",
            "conclusion_html", "dosage_note_html", "toc", "word_count", "dose_min", "dose_max",
            "dose_unit", "dose_frequency",
        )
    }  # fmt: skip
    benefit = Benefit(title="A benefit", description="How it may help, in one sentence.")
    benefit.render_markdown_fields()
    tags_of: list[list[str]] = []  # each article's condition names, for the Wagtail pages
    for start in range(0, size, BATCH):
        articles = Article.objects.bulk_create(
            Article(
                title=f"Article {n}",
                slug=f"article-{n}",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n + 1),
                supplement=supplements[n % len(supplements)],
                **copied,
            )
            for n in range(start, min(start + BATCH, size))
        )
        chosen = [rng.sample(conditions, rng.randint(1, 4)) for _ in articles]
        ArticleCondition.objects.bulk_create(
            ArticleCondition(content_object=article, tag=tag)
            for article, tags in zip(articles, chosen, strict=True)
            for tag in tags
        )
        tags_of.extend([tag.name for tag in tags] for tags in chosen)
        Benefit.objects.bulk_create(
            Benefit(
                article=article,
                title=benefit.title,
                description=benefit.description,
                description_html=benefit.description_html,
                position=p,
            )
            for article in articles
            for p in range(BENEFITS)
        )
    # bulk_create sends no signals: rank, count and copy what saves keep, make pages cold.
    content_changed()
    if apps.is_installed("benchmarks.wagtail_pages") and not keep:
        build_wagtail_pages(model, benefit, [s.name for s in supplements], tags_of, now)
    if apps.is_installed("benchmarks.plain_pages") and not keep:
        build_plain_pages(model, benefit, [s.name for s in supplements], tags_of, now)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have after a real import; otherwise the planner
        # guesses on an empty table's numbers and the figures say nothing.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif connection.vendor == "mysql":
        # The same for MySQL's and MariaDB's index statistics.
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            cursor.execute(f"ANALYZE TABLE {', '.join(map(connection.ops.quote_name, tables))}")
            cursor.fetchall()


def random_article_like(model: Article, when: datetime) -> Article:
    """A new published article with ``model``'s text and a random one of the data's shape of
    conditions and supplement, saved as an editor would (signals and all)."""
    rng = random.Random(when.timestamp())
    article = Article.objects.create(
        title=f"Published during the run {when:%H%M%S}",
        status=Article.Status.PUBLISHED,
        published_at=when,
        supplement=rng.choice(list(Supplement.objects.all())),
        intro=model.intro,
        body=model.body,
    )
    article.conditions.set(rng.sample(list(Condition.objects.all()), rng.randint(1, 4)))
    return article


def build_wagtail_pages(
    model: Article,
    benefit: Benefit,
    supplements: list[str],
    tags_of: list[list[str]],
    now: datetime,
) -> None:
    """The same articles as Wagtail pages, children of one index page that is the Site's root.

    Treebeard's add_child costs queries per page, too slow for 100,000; so the pages are written
    with bulk_create, their materialized paths computed here as treebeard would.
    """
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.models import Locale, Page, Site

    from benchmarks.wagtail_pages.models import ArticlePage, ArticlePageBenefit, ArticlePageTag

    # The database was flushed: Wagtail's migrations' locale, root page and site are gone.
    locale = Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    index = root.add_child(instance=Page(title="Articles", slug=WAGTAIL_INDEX_SLUG, live=True))
    Site.objects.create(
        hostname="localhost", port=80, root_page=index, is_default_site=True, site_name="Bench"
    )
    tags = {
        name: Tag.objects.create(name=name, slug=slugify(name))
        for name in sorted({name for names in tags_of for name in names})
    }
    content_type = ContentType.objects.get_for_model(ArticlePage)
    body = model.intro_html + model.body_html + model.conclusion_html + model.dosage_note_html
    size = len(tags_of)
    for start in range(0, size, BATCH):
        numbers = range(start, min(start + BATCH, size))
        pages = Page.objects.bulk_create(
            Page(
                title=f"Article {n}",
                draft_title=f"Article {n}",
                slug=f"article-{n}",
                content_type=content_type,
                locale=locale,
                path=index.path + _step(n + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}article-{n}/",
                live=True,
                first_published_at=now - timedelta(minutes=n + 1),
                last_published_at=now - timedelta(minutes=n + 1),
                search_description=model.summary,
            )
            for n in numbers
        )
        _insert_rows(
            ArticlePage,
            ("page_ptr", "supplement", "body"),
            [
                (page.pk, supplements[n % len(supplements)], body)
                for n, page in zip(numbers, pages, strict=True)
            ],
        )
        ArticlePageTag.objects.bulk_create(
            ArticlePageTag(content_object_id=page.pk, tag=tags[name])
            for n, page in zip(numbers, pages, strict=True)
            for name in tags_of[n]
        )
        ArticlePageBenefit.objects.bulk_create(
            ArticlePageBenefit(
                page_id=page.pk,
                sort_order=p,
                title=benefit.title,
                description=benefit.description_html,
            )
            for page in pages
            for p in range(BENEFITS)
        )
    Page.objects.filter(pk=index.pk).update(numchild=size)


def build_plain_pages(
    model: Article,
    benefit: Benefit,
    supplements: list[str],
    tags_of: list[list[str]],
    now: datetime,
) -> None:
    """The same articles in the hand-written app (benchmarks/plain_pages)."""
    from benchmarks.plain_pages.models import Benefit as PlainBenefit
    from benchmarks.plain_pages.models import Post, Supplement, Topic

    topics = {
        name: Topic.objects.create(name=name, slug=slugify(name))
        for name in sorted({name for names in tags_of for name in names})
    }
    kinds = [Supplement.objects.create(name=n, slug=slugify(n)) for n in supplements]
    body = model.intro_html + model.body_html + model.conclusion_html + model.dosage_note_html
    size = len(tags_of)
    links = Post.topics.through
    for start in range(0, size, BATCH):
        numbers = range(start, min(start + BATCH, size))
        posts = Post.objects.bulk_create(
            Post(
                title=f"Article {n}",
                slug=f"article-{n}",
                summary=model.summary,
                body_html=body,
                published_at=now - timedelta(minutes=n + 1),
                supplement=kinds[n % len(kinds)],
            )
            for n in numbers
        )
        links.objects.bulk_create(
            links(post_id=post.pk, topic_id=topics[name].pk)
            for n, post in zip(numbers, posts, strict=True)
            for name in tags_of[n]
        )
        PlainBenefit.objects.bulk_create(
            PlainBenefit(
                post=post,
                position=p,
                title=benefit.title,
                description_html=benefit.description_html,
            )
            for post in posts
            for p in range(BENEFITS)
        )


def _step(position: int) -> str:
    """A child's step of a treebeard path: ``position`` (from 1) in base 36, four digits."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while position:
        position, digit = divmod(position, 36)
        digits = alphabet[digit] + digits
    assert len(digits) <= 4, "treebeard's steplen 4 holds 1,679,615 children"
    return digits.rjust(4, "0")


def _insert_rows(model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of a multi-table child model under existing parent rows: bulk_create refuses those."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})", rows
        )
