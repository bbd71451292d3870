"""Send again the CDN purges that failed (see :mod:`supplements_cms.delivery.purging`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...delivery import purging


class Command(BaseCommand):
    help = _(
        "Send again the purges the CDN refused, oldest first, until none is left; run it from "
        "cron or after the CDN is back. Exits with an error while purges still fail."
    )

    def handle(self, *args, **options) -> None:
        done, left = purging.retry()
        if left:
            raise CommandError(
                _("%(done)s purge(s) sent, %(left)s still failing: %(reason)s")
                % {"done": done, "left": left, "reason": purging.failing()}
            )
        self.stdout.write(_("%(done)s purge(s) sent, none left.") % {"done": done})
