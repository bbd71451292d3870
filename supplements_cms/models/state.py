"""A counter that changes whenever published content may have changed, for cache keys."""

from __future__ import annotations

from django.db import models
from django.db.models import F


class ContentState(models.Model):
    """One row; its ``version`` goes up on every save or deletion of what pages show.

    Cache keys carry it, so a cached article part is never served after a change, on any app
    server and with any cache backend, without deleting anything from the cache.
    """

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "content state"

    def __str__(self) -> str:
        return f"content version {self.version}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(version=F("version") + 1):
            cls.objects.get_or_create(pk=1)
