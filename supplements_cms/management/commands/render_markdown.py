"""``manage.py render_markdown``: render all stored Markdown again.

Needed after an upgrade that changes the sanitizer's allow-list, or after data was written with
``QuerySet.update()`` / ``bulk_create()``, which skip ``save()`` and so skip rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext_lazy as lazy_text
from django.utils.translation import ngettext

from ...models import Article, Benefit, CallToAction, Condition, Supplement

# argparse and BaseCommand.help take a lazy text as the str it becomes.
gettext_lazy = cast("Callable[[str], str]", lazy_text)


class Command(BaseCommand):
    help = gettext_lazy(
        "Render every stored Markdown field to HTML again; saves only what changed."
    )

    def handle(self, *args, **options) -> None:
        for model in (Article, Benefit, CallToAction, Condition, Supplement):
            changed = 0
            with transaction.atomic():
                for obj in model._default_manager.order_by("pk").iterator(chunk_size=500):
                    fields = obj.render_markdown_fields()
                    if fields:
                        # updated_at moves too (where there is one), so caches keyed on it refresh.
                        extra = ["updated_at"] if hasattr(obj, "updated_at") else []
                        obj.save(update_fields=[*fields, *extra])
                        changed += 1
            self.stdout.write(
                ngettext("%(model)s: %(n)d re-rendered", "%(model)s: %(n)d re-rendered", changed)
                % {"model": model._meta.verbose_name_plural, "n": changed}
            )
