"""``manage.py check_claims``: disease-claim wording in articles, for a publishing pipeline."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...content.claims import check_article
from ...models import Article


class Command(BaseCommand):
    help = (
        "List the phrases that read as disease claims under FDA's criteria (21 CFR "
        "101.93(g)(2)), overstatements and doses above a supplement's upper intake level. "
        "Exits with status 1 when any are found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slugs", nargs="*", metavar="SLUG", help="Check only these articles (default: all)."
        )
        parser.add_argument(
            "--published", action="store_true", help="Check only articles readers can see."
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="text (default) for people; json, one document on standard output, for tools.",
        )
        parser.add_argument(
            "--language", default="en", help="The lexicon to read the articles with (default: en)."
        )

    def handle(self, *args, slugs: list[str], published: bool, **options) -> None:
        articles = Article.objects.select_related("supplement").prefetch_related(  # type: ignore[misc]  # taggit
            "benefits", "conditions"
        )
        if published:
            articles = articles.published()
        if slugs:
            articles = articles.filter(slug__in=slugs)
            unknown = sorted(set(slugs) - set(articles.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"No article with the slug {', '.join(unknown)}.")
        report = []
        try:
            for article in articles.order_by("slug"):
                report.append((article, check_article(article, language=options["language"])))
        except ValueError as error:
            raise CommandError(str(error)) from error
        total = sum(len(warnings) for _article, warnings in report)
        flagged = sum(1 for _article, warnings in report if warnings)
        if options["format"] == "json":
            self.stdout.write(json.dumps(self.as_json(report, total), ensure_ascii=False, indent=2))
        else:
            for article, warnings in report:
                if warnings:
                    self.stdout.write(f"{article.slug}:")
                    for warning in warnings:
                        self.stdout.write(f"  {warning}")
        if total:
            raise CommandError(f"{total} claim warning(s) in {flagged} article(s).")
        if options["format"] == "text":
            self.stdout.write(self.style.SUCCESS("No claim warnings."))

    @staticmethod
    def as_json(report, total: int) -> dict:
        return {
            "total": total,
            "articles": [
                {
                    "slug": article.slug,
                    "title": article.title,
                    "warnings": [warning.as_dict() for warning in warnings],
                }
                for article, warnings in report
            ],
        }
