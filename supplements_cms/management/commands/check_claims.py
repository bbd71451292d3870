"""``manage.py check_claims``: disease-claim wording in articles, for a publishing pipeline."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...claims import check_article
from ...models import Article


class Command(BaseCommand):
    help = (
        "List sentences that read as disease claims (cure, treat, prevent, …) and doses above a "
        "supplement's upper intake level. Exits with status 1 when any are found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slugs", nargs="*", metavar="SLUG", help="Check only these articles (default: all)."
        )
        parser.add_argument(
            "--published", action="store_true", help="Check only articles readers can see."
        )

    def handle(self, *args, slugs: list[str], published: bool, **options) -> None:
        articles = Article.objects.select_related("supplement").prefetch_related("benefits")
        if published:
            articles = articles.published()
        if slugs:
            articles = articles.filter(slug__in=slugs)
            unknown = sorted(set(slugs) - set(articles.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"No article with the slug {', '.join(unknown)}.")
        flagged = total = 0
        for article in articles.order_by("slug"):
            warnings = check_article(article)
            if warnings:
                flagged += 1
                total += len(warnings)
                self.stdout.write(f"{article.slug}:")
                for warning in warnings:
                    self.stdout.write(f"  {warning}")
        if total:
            raise CommandError(f"{total} claim warning(s) in {flagged} article(s).")
        self.stdout.write(self.style.SUCCESS("No claim warnings."))
