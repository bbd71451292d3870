"""The Markdown editor's endpoints: live preview and image upload, for editors only.

They replace ``markdownx.urls``, whose views answer anonymous visitors, render with a function that
cleans nothing, and store uploads under the name and type the uploader claims.
"""

from __future__ import annotations

import re
import uuid
import warnings
from io import BytesIO
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError

from .. import conf
from ..content.limits import bounded_preview, validate_markdown_length
from ..content.markdown import render_markdown
from ..models import LibraryImage

# Whoever may write one of the package's Markdown texts.
EDITOR_PERMISSIONS = (
    "supplements_cms.add_article",
    "supplements_cms.change_article",
    "supplements_cms.add_calltoaction",
    "supplements_cms.change_calltoaction",
    "supplements_cms.add_condition",
    "supplements_cms.change_condition",
    "supplements_cms.add_supplement",
    "supplements_cms.change_supplement",
)
# Pillow format name -> file extension. Only raster formats that browsers show and that carry no
# script; GIF is left out because markdownx stores it unprocessed.
FORMATS = {"PNG": "png", "JPEG": "jpg"}


class UploadRejected(Exception):
    """An upload that is not a usable image; the message is for the editor."""


def can_edit(user) -> bool:
    return bool(
        user.is_active and user.is_staff and any(user.has_perm(p) for p in EDITOR_PERMISSIONS)
    )


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@bounded_preview  # and CSRF-protected, even on a site that dropped CsrfViewMiddleware
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """markdownx's live preview: the same HTML the page will show."""
    if not can_edit(request.user):
        return _refuse(_("Only editors may use the preview."), 403)
    if "content" not in request.POST:
        return _refuse(_("Nothing to preview: the request has no “content”."), 400)
    try:
        validate_markdown_length(request.POST["content"])
    except ValidationError as error:
        return _refuse(error.messages[0], 413)
    return HttpResponse(render_markdown(request.POST["content"]))


@csrf_protect
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    """Store an image for the editor and answer with its address and the Markdown that shows it
    (``image_code``, for markdownx's script; the package's own script asks for alt text)."""
    if not request.user.is_authenticated or not can_edit(request.user):
        return _refuse(_("Only editors may upload images."), 403)
    upload = request.FILES.get("image")
    if upload is None:
        return _refuse(_("No image was sent."), 400)
    try:
        data, extension = reencode_image(upload)
    except UploadRejected as exc:
        return _refuse(str(exc), 400)
    name = default_storage.save(
        f"{conf.get('UPLOAD_PATH')}{uuid.uuid4().hex}.{extension}", ContentFile(data)
    )
    alt = " ".join(request.POST.get("alt", "").split())[:250] or _alt_text(upload.name or "")
    with Image.open(BytesIO(data)) as stored:
        width, height = stored.size
    # Every upload is in the media library, to be found, described and reused.
    image = LibraryImage.objects.create(
        file=name,
        alt_text=alt,
        width=width,
        height=height,
        size=len(data),
        uploaded_by=request.user,
    )
    # The text refers to the library's image, whose storage address pages resolve when shown.
    reference = reverse("supplements_cms:library_image", args=[image.pk])
    return JsonResponse(
        {
            "image_code": f"![{alt}]({reference})",
            "url": default_storage.url(name),
            "reference": reference,
        }
    )


def reencode_image(upload: File) -> tuple[bytes, str]:
    """Verify a PNG or JPEG and write it out anew, returning its bytes and extension.

    The format comes from the file's content, never from its name or declared type. Size and pixel
    count are checked before the pixels are decoded, so a small file that decodes into gigabytes is
    refused cheaply. Re-encoding drops anything hidden after the image data, and EXIF metadata such
    as a phone's GPS position.
    """
    max_bytes = conf.get("UPLOAD_MAX_BYTES")
    if upload.size is None or upload.size > max_bytes:
        raise UploadRejected(
            _("The image is larger than %(limit)s MB.") % {"limit": f"{max_bytes / 2**20:g}"}
        )
    image: Image.Image  # the opened file, then the transposed and converted copies
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in FORMATS:
                    raise UploadRejected(_("Only PNG and JPEG images can be uploaded."))
                width, height = image.size
                if width * height > conf.get("UPLOAD_MAX_PIXELS"):
                    raise UploadRejected(
                        _("The image has too many pixels (%(w)s × %(h)s).")
                        % {"w": width, "h": height}
                    )
                image.load()
                fmt = image.format
                image = ImageOps.exif_transpose(image)
                if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                data = _within(image, fmt, max_bytes)
    except UploadRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(_("The file is not a PNG or JPEG image.")) from None
    except (OSError, SyntaxError, ValueError):
        raise UploadRejected(_("The image is damaged and cannot be read.")) from None
    return data, FORMATS[fmt]


def _within(image: Image.Image, fmt: str, max_bytes: int) -> bytes:
    """The image encoded in ``fmt`` within ``max_bytes``: the stored original never exceeds the
    upload limit (a re-encoded photo can outgrow its upload). Lower JPEG quality first, then
    smaller sizes; a few tries at most."""
    for attempt in range(8):
        out = BytesIO()
        if fmt == "JPEG":
            image.save(out, "JPEG", quality=(88, 80, 72)[min(attempt, 2)], optimize=True)
        else:
            image.save(out, "PNG", optimize=True)
        if out.tell() <= max_bytes:
            return out.getvalue()
        if fmt != "JPEG" or attempt >= 2:
            scale = min(0.9, (max_bytes / out.tell()) ** 0.5)
            size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
            image = image.resize(size, Image.Resampling.LANCZOS)
    raise UploadRejected(_("The image cannot be stored within the upload limit."))


def _alt_text(filename: str) -> str:
    """A first guess at the alt text from the file name, for the editor to improve."""
    stem = re.sub(r"[^\w]+", " ", PurePath(filename).stem).strip()
    return stem[:80] or _("image")
