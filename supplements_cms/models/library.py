"""The media library: every image an editor uploads, described once and found again."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LibraryImage(models.Model):
    """An uploaded image: the file (re-encoded, within the upload limits, in storage under a
    random name), what it shows, and where it comes from.

    Articles use an image by its address in their Markdown;
    :func:`supplements_cms.content.library.uses` finds them, and the admin refuses to delete an
    image in use.
    """

    file = models.CharField(_("file"), max_length=255, unique=True, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, across (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the left edge (0) to the right (100)."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, down (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the top (0) to the bottom (100)."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    size = models.PositiveIntegerField(_("bytes"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
        editable=False,
    )

    class Meta:
        verbose_name = _("library image")
        verbose_name_plural = _("media library")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.alt_text or self.file

    @property
    def url(self) -> str:
        from django.core.files.storage import default_storage

        return default_storage.url(self.file)
