"""The benchmark's data: published articles of the shape the performance issue names.

About 30 conditions, 1 to 4 per article, 5 benefits each, over 5 supplements. Shared by the page
timings (run.py) and the load test.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

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


def build(size: int, seed: int = 7) -> None:
    """``size`` published articles, rendered once and copied, so building 100,000 takes minutes."""
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(seed)
    conditions = [Condition.objects.create(name=f"Condition {n:02d}") for n in range(CONDITIONS)]
    supplements = [Supplement.objects.create(name=f"Supplement {n}") for n in range(5)]
    CallToAction.objects.create(
        label="Default", heading="Talk to a clinician", text="Before you start.", is_default=True
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
        ArticleCondition.objects.bulk_create(
            ArticleCondition(content_object=article, tag=tag)
            for article in articles
            for tag in rng.sample(conditions, rng.randint(1, 4))
        )
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
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have after a real import; otherwise the planner
        # guesses on an empty table's numbers and the figures say nothing.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
