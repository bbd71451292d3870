"""The media library in the admin: thumbnails, search, where each image is used, and no deleting
an image an article still shows."""

from __future__ import annotations

from django.contrib import admin
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..content.library import is_featured, reference_url, uses
from ..models import LibraryImage
from .base import EditorMedia, ReadsOwnWrites


@admin.register(LibraryImage)
class LibraryImageAdmin(ReadsOwnWrites, EditorMedia, admin.ModelAdmin):
    """Images come in through the editor's Insert image (which asks for their alt text); here
    they are described further, found again and cleaned up."""

    list_display = ("thumbnail", "alt_text", "credit", "dimensions", "uploaded_at")
    list_display_links = ("alt_text",)
    search_fields = ("alt_text", "caption", "credit", "source", "file")
    list_per_page = 50
    fields = (
        "preview",
        "alt_text",
        "caption",
        ("credit", "source"),
        ("focal_x", "focal_y"),
        "address",
        "where_used",
    )
    readonly_fields = ("preview", "address", "where_used")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=gettext_lazy("image"))
    def thumbnail(self, image: LibraryImage) -> str:
        return format_html(
            '<img src="{}" alt="" width="80" height="{}" loading="lazy" class="scms-thumb">',
            image.url,
            max(1, round(80 * image.height / max(image.width, 1))),
        )

    @admin.display(description=gettext_lazy("image"))
    def preview(self, image: LibraryImage) -> str:
        return format_html(
            '<img src="{}" alt="{}" style="max-width: 100%; height: auto; max-height: 20rem">',
            image.url,
            image.alt_text,
        )

    @admin.display(description=gettext_lazy("size"))
    def dimensions(self, image: LibraryImage) -> str:
        return f"{image.width} × {image.height} · {image.size / 1024:.0f} KB"

    @admin.display(description=gettext_lazy("address"))
    def address(self, image: LibraryImage) -> str:
        return format_html("<code>![{}]({})</code>", image.alt_text, reference_url(image.pk))

    @admin.display(description=gettext_lazy("where used"))
    def where_used(self, image: LibraryImage) -> str:
        articles = uses(image)
        if not articles:
            return _("Not used in any article.")
        featured = _("(featured image)")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>{}</li>',
                (
                    (
                        reverse("admin:supplements_cms_article_change", args=[a.pk]),
                        a.title,
                        f" {featured}" if is_featured(a, image) else "",
                    )
                    for a in articles
                ),
            ),
        )

    def get_deleted_objects(self, objs, request: HttpRequest):
        """An image an article shows is protected: Django's delete pages then refuse, naming
        the articles."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected += [
                (
                    _("“%(article)s” shows the image “%(image)s” as its featured image")
                    if is_featured(a, image)
                    else _("“%(article)s” shows the image “%(image)s”")
                )
                % {"article": a.title, "image": image.alt_text}
                for a in uses(image)
                # Django names the articles that point at it already.
                if a.library_image_id != image.pk
            ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: LibraryImage) -> None:
        name = obj.file
        super().delete_model(request, obj)
        default_storage.delete(name)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[LibraryImage]) -> None:
        names = list(queryset.values_list("file", flat=True))
        super().delete_queryset(request, queryset)
        for name in names:
            default_storage.delete(name)
