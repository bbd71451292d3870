"""Rebuild what saves keep current: related choices, list sizes, conditions' publication times."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...delivery.upkeep import rebuild


class Command(BaseCommand):
    help = _(
        "Rank every article's related choice, count every list and copy publication times to "
        "conditions from scratch: after upgrading to the version that keeps them, and after "
        "writes that skip save() (update(), bulk loads, a restored database)."
    )

    def handle(self, *args, **options) -> None:
        rebuild()
        self.stdout.write(_("Related choices, list sizes and publication times rebuilt."))
