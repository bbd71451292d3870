"""``manage.py stale_reviews``: articles whose medical review is older than the configured age."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as lazy_text
from django.utils.translation import ngettext

from ... import conf
from ...models import Article
from ...reviews import due_for_review

# argparse and BaseCommand.help take a lazy text as the str it becomes.
gettext_lazy = cast("Callable[[str], str]", lazy_text)


class Command(BaseCommand):
    help = gettext_lazy(
        "List articles never reviewed, or last reviewed more than REVIEW_MAX_AGE_MONTHS "
        "(default 12) months ago. --fail exits with status 1 when there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail",
            action="store_true",
            help=gettext_lazy("Exit with status 1 when a review is due."),
        )
        parser.add_argument(
            "--published", action="store_true", help=gettext_lazy("Only articles readers can see.")
        )

    def handle(self, *args, fail: bool, published: bool, **options) -> None:
        articles = Article.objects.select_related("medical_reviewer")
        if published:
            articles = articles.published()
        due = list(due_for_review(articles))
        months = conf.get("REVIEW_MAX_AGE_MONTHS")
        for article in due:
            if article.last_reviewed is None:
                line = _("%(slug)s: never reviewed")
            elif article.medical_reviewer is None:
                line = _("%(slug)s: last reviewed %(date)s")
            else:
                line = _("%(slug)s: last reviewed %(date)s by %(reviewer)s")
            # ISO dates: the same in every language, and easy for scripts to read.
            when = article.last_reviewed.isoformat() if article.last_reviewed else ""
            self.stdout.write(
                line % {"slug": article.slug, "date": when, "reviewer": article.medical_reviewer}
            )
        summary = ngettext(
            "%(count)d article due for review (older than %(months)d months).",
            "%(count)d articles due for review (older than %(months)d months).",
            len(due),
        ) % {"count": len(due), "months": months}
        if due and fail:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)
