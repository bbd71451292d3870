"""Derived data the public pages read, kept current on every save: the automatic related choice,
the list sizes, and the versions that cache keys carry."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedChoice(models.Model):
    """One article of another's automatic related choice, in rank order.

    Ranked on write (:mod:`supplements_cms.delivery.upkeep`) so a page reads its choice in one
    indexed query. Scheduled articles are stored in their rank too and left out at read time until
    their time comes, so they appear with no job to run.
    """

    article = models.ForeignKey(
        "supplements_cms.Article", on_delete=models.CASCADE, related_name="related_choices"
    )
    related = models.ForeignKey(
        "supplements_cms.Article", on_delete=models.CASCADE, related_name="chosen_by"
    )
    position = models.PositiveSmallIntegerField()
    # Conditions shared times two, plus one for the same supplement: the ranking's first key.
    score = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("related choice")
        verbose_name_plural = _("related choices")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="supplements_cms_related_choice_once"
            )
        ]
        indexes = [models.Index(fields=["article", "position"], name="scms_related_choice")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id} ({self.position})"


class ListSize(models.Model):
    """How many published articles (live or scheduled) a list holds, kept on write, so a page
    of the list counts without ``COUNT(*)`` over the archive. ``name`` as in
    :mod:`supplements_cms.delivery.versions`."""

    name = models.CharField(max_length=200, primary_key=True)
    published = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("list size")
        verbose_name_plural = _("list sizes")

    def __str__(self) -> str:
        return f"{self.name}: {self.published}"


class CacheVersion(models.Model):
    """A counter per cached page or list; it goes up when what the page shows changes.

    The truth a shared cache only mirrors (see :mod:`supplements_cms.delivery.versions`).
    """

    name = models.CharField(max_length=200, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    # The site-wide write counter when it last went up, for a cache's mirror to catch up.
    generation = models.PositiveBigIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = _("cache version")
        verbose_name_plural = _("cache versions")

    def __str__(self) -> str:
        return f"{self.name}: {self.version}"


class PendingPurge(models.Model):
    """A page the CDN did not forget when asked (:mod:`supplements_cms.delivery.purging`): kept
    until a later purge goes through, so a failed purge is retried rather than lost. ``url`` is the
    absolute URL, or ``"*"`` for the whole site."""

    # A digest of the URL: an index on the URL itself would be too long for MySQL.
    digest = models.CharField(max_length=64, primary_key=True)
    url = models.TextField()
    failures = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    failed_at = models.DateTimeField()
    tried_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")
        indexes = [models.Index(fields=["failed_at"], name="scms_pending_purge_age")]

    def __str__(self) -> str:
        return self.url


class RenderedFragment(models.Model):
    """A page's parts rendered for readers, kept in the database so that a page no cache holds
    is one query: its article row with this row, no template of the parts rendered.

    ``slot`` names the page, host, language and time zone it was rendered for; ``digest`` names
    everything else that shaped it (the page's versions, the article's update time, the templates
    digest, the package's version and settings). A row whose digest differs from the one a request
    computes is stale and never served: the request renders the page again and replaces it
    (:mod:`supplements_cms.delivery.fragments`). Nothing about the viewer is ever stored.
    """

    slot = models.CharField(max_length=64, primary_key=True)
    # The article whose page it is (its deletion takes it); none for a list's cards.
    article = models.ForeignKey(
        "supplements_cms.Article", models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The versions' name of the page ("article:<slug>", a list's), for rendering again on write.
    page = models.CharField(max_length=200, db_index=True)
    host = models.CharField(max_length=255)
    scheme = models.CharField(max_length=5, default="https")
    language = models.CharField(max_length=15)
    time_zone = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    head = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # When a scheduled article the page would show goes live: stale from then on.
    expires = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rendered fragment")
        verbose_name_plural = _("rendered fragments")

    def __str__(self) -> str:
        return f"{self.page} ({self.host}, {self.language})"


class TextLink(models.Model):
    """An article's text naming another article or a library image by its id address
    (:mod:`supplements_cms.content.id_addresses`), kept at each save of the article or one of its
    benefits: the pages that a target's rename, unpublishing, deletion or new file makes stale
    are read off this index, not searched for in every article's text."""

    ARTICLE, IMAGE = "article", "image"

    article = models.ForeignKey("supplements_cms.Article", models.CASCADE, related_name="+")
    # The benefit whose description holds the address; none for the article's own fields.
    benefit = models.ForeignKey(
        "supplements_cms.Benefit", models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=7)
    # Articles' and images' ids are big integers: an address names up to 12 digits.
    target = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("link in a text")
        verbose_name_plural = _("links in texts")
        indexes = [models.Index(fields=["kind", "target"], name="scms_textlink_target")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.kind} {self.target}"
