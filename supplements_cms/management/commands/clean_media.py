"""Delete uploaded files nothing uses any more."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...content.library import unused_files


class Command(BaseCommand):
    help = _(
        "Delete uploaded images no article shows and no library entry holds, and featured images "
        "and renditions that articles replaced. --dry-run lists them only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("List, delete nothing."))

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        names = unused_files()
        for name in names:
            self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        message = (
            ngettext("%(n)d unused file found.", "%(n)d unused files found.", len(names))
            if dry_run
            else ngettext("%(n)d unused file deleted.", "%(n)d unused files deleted.", len(names))
        )
        self.stdout.write(message % {"n": len(names)})
