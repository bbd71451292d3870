"""``manage.py stale_reviews``: articles whose medical review is missing, older than the
configured age, or about a text that changed since; ``--remind`` mails their reviewers."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as lazy_text
from django.utils.translation import ngettext

from ... import conf
from ...editorial import notify
from ...editorial.review_dates import changed_since_review, due_for_review
from ...models import Article

# argparse and BaseCommand.help take a lazy text as the str it becomes.
gettext_lazy = cast("Callable[[str], str]", lazy_text)


class Command(BaseCommand):
    help = gettext_lazy(
        "List articles never reviewed, reviewed more than REVIEW_MAX_AGE_MONTHS (default 12) "
        "months ago, or changed since their review. --fail exits with status 1 when there "
        "are any; --remind mails the reviewer of each article whose review is too old."
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
        parser.add_argument(
            "--remind",
            action="store_true",
            help=gettext_lazy("Mail each reviewer whose sign-off is older than the interval."),
        )

    def handle(self, *args, fail: bool, published: bool, remind: bool, **options) -> None:
        articles = Article.objects.select_related("sign_off__reviewer", "sign_off__decided_by")
        if published:
            articles = articles.published()
        due = list(due_for_review(articles))
        changed = [a for a in changed_since_review(articles) if a not in due]
        months = conf.get("REVIEW_MAX_AGE_MONTHS")
        reminded = 0
        for article in due:
            sign_off = article.sign_off
            if sign_off is None:
                line = _("%(slug)s: never reviewed")
            else:
                line = _("%(slug)s: last reviewed %(date)s by %(reviewer)s")
                if remind and notify.remind(sign_off):
                    reminded += 1
            # ISO dates: the same in every language, and easy for scripts to read.
            when = sign_off.decided_at.date().isoformat() if sign_off else ""
            reviewer = sign_off.reviewer if sign_off else ""
            self.stdout.write(line % {"slug": article.slug, "date": when, "reviewer": reviewer})
        for article in changed:
            self.stdout.write(
                _("%(slug)s: changed since its review of %(date)s")
                % {"slug": article.slug, "date": article.sign_off.decided_at.date().isoformat()}
            )
        total = len(due) + len(changed)
        summary = ngettext(
            "%(count)d article due for review (older than %(months)d months, or changed).",
            "%(count)d articles due for review (older than %(months)d months, or changed).",
            total,
        ) % {"count": total, "months": months}
        if remind:
            self.stdout.write(
                ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", reminded)
                % {"n": reminded}
            )
        if total and fail:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)
