"""Make the featured-image renditions that are missing (a process stopped before making them)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...content.images import store_renditions
from ...models import Article


class Command(BaseCommand):
    help = _(
        "Resize every featured image that has no renditions yet: saves resize after the commit, "
        "so a process stopped at that moment leaves the page showing the original."
    )

    def handle(self, *args, **options) -> None:
        missing = (
            Article.objects.exclude(image="").filter(image_renditions=[]).values_list("pk", "image")
        )
        count = 0
        for pk, name in missing.iterator():
            store_renditions(pk, name)
            count += 1
        self.stdout.write(_("%(count)s image(s) resized.") % {"count": count})
