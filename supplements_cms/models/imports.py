"""Exports uploaded in the admin, kept between the preview and its confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingImport(models.Model):
    """One uploaded file's text, waiting for the editor to confirm the preview.

    Kept in the database, so that the confirm step works on any app server and whatever the
    size of the texts: the preview page carries only a signed, expiring reference to its batch.
    A new upload deletes the uploader's earlier batches and every expired one.
    """

    batch = models.UUIDField(_("batch"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("file name"), max_length=255)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        ordering = ["batch", "position"]

    def __str__(self) -> str:
        return self.name


class WordPressPost(models.Model):
    """Which article a WordPress post became: a re-import of the export finds it here, by the
    post's GUID or by its id on its site, whatever editors did to the title or slug since."""

    article = models.ForeignKey(
        "supplements_cms.Article",
        on_delete=models.CASCADE,
        related_name="wordpress_posts",
        verbose_name=_("article"),
    )
    site = models.CharField(_("WordPress site"), max_length=200)
    post_id = models.PositiveBigIntegerField(_("post id"))
    guid = models.CharField(_("GUID"), max_length=255, blank=True, db_index=True)
    # The post's address on the old site ("/2021/03/magnesium-and-sleep/"): it redirects here.
    old_path = models.CharField(_("old address"), max_length=255, blank=True, db_index=True)
    # The uploads path of the featured image last imported, so a re-import sets it only anew.
    image_file = models.CharField(_("featured image file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("WordPress post")
        verbose_name_plural = _("WordPress posts")
        constraints = [
            models.UniqueConstraint(fields=["site", "post_id"], name="scms_wordpress_post_once"),
        ]

    def __str__(self) -> str:
        return f"{self.site} #{self.post_id}"
