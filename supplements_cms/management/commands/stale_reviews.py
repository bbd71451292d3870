"""``manage.py stale_reviews``: articles whose medical review is older than the configured age."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from ... import conf
from ...models import Article
from ...reviews import due_for_review


class Command(BaseCommand):
    help = (
        "List articles never reviewed, or last reviewed more than REVIEW_MAX_AGE_MONTHS "
        "(default 12) months ago. --fail exits with status 1 when there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail", action="store_true", help="Exit with status 1 when a review is due."
        )
        parser.add_argument(
            "--published", action="store_true", help="Only articles readers can see."
        )

    def handle(self, *args, fail: bool, published: bool, **options) -> None:
        articles = Article.objects.select_related("medical_reviewer")
        if published:
            articles = articles.published()
        due = list(due_for_review(articles))
        months = conf.get("REVIEW_MAX_AGE_MONTHS")
        for article in due:
            when = article.last_reviewed.isoformat() if article.last_reviewed else "never"
            reviewer = f" by {article.medical_reviewer}" if article.medical_reviewer else ""
            self.stdout.write(f"{article.slug}: last reviewed {when}{reviewer}")
        summary = f"{len(due)} article(s) due for review (older than {months} months)."
        if due and fail:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)
