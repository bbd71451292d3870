"""``manage.py search_index``: build PostgreSQL's search index with the configured language.

Needed after ``LANGUAGE_CODE`` or ``SEARCH_CONFIG`` changes (``supplements_cms.W004`` says so):
an index built for another configuration serves no query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as lazy_text

from ...delivery import search
from ...delivery.languages import search_config

# argparse and BaseCommand.help take a lazy text as the str it becomes.
gettext_lazy = cast("Callable[[str], str]", lazy_text)


class Command(BaseCommand):
    help = gettext_lazy(
        "Build the full-text search index on PostgreSQL for the configured language, when it "
        "was built for another one (or --force: in any case)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help=gettext_lazy("The database to build it in (default: “default”)."),
        )
        parser.add_argument(
            "--force", action="store_true", help=gettext_lazy("Build it even when it matches.")
        )

    def handle(self, *args, database: str, force: bool, **options) -> None:
        if database not in connections:
            raise CommandError(_("No database “%(alias)s” in DATABASES.") % {"alias": database})
        if connections[database].vendor != "postgresql":
            self.stdout.write(_("Not PostgreSQL: search needs no index there."))
            return
        wanted = search_config()
        if not force and search.index_config(database) == wanted:
            self.stdout.write(_("The search index already uses “%(config)s”.") % {"config": wanted})
            return
        built = search.rebuild_index(database)
        self.stdout.write(
            self.style.SUCCESS(_("Search index built with “%(config)s”.") % {"config": built})
        )
