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

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError

from . import conf
from .markdown import render_markdown

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


@csrf_protect  # even on a site that dropped CsrfViewMiddleware
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """markdownx's live preview: the same HTML the page will show."""
    if not can_edit(request.user):
        return _refuse(_("Only editors may use the preview."), 403)
    if "content" not in request.POST:
        return _refuse(_("Nothing to preview: the request has no “content”."), 400)
    return HttpResponse(render_markdown(request.POST["content"]))


@csrf_protect
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    """Store an image for the editor and answer with its address and the Markdown that shows it
    (``image_code``, for markdownx's script; the package's own script asks for alt text)."""
    if not can_edit(request.user):
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
    url = default_storage.url(name)
    return JsonResponse({"image_code": f"![{_alt_text(upload.name or '')}]({url})", "url": url})


def reencode_image(upload: UploadedFile) -> tuple[bytes, str]:
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
                out = BytesIO()
                if fmt == "JPEG":
                    if image.mode not in ("RGB", "L"):
                        image = image.convert("RGB")
                    image.save(out, "JPEG", quality=88, optimize=True)
                else:
                    image.save(out, "PNG", optimize=True)
    except UploadRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(_("The file is not a PNG or JPEG image.")) from None
    except (OSError, SyntaxError, ValueError):
        raise UploadRejected(_("The image is damaged and cannot be read.")) from None
    return out.getvalue(), FORMATS[fmt]


def _alt_text(filename: str) -> str:
    """A first guess at the alt text from the file name, for the editor to improve."""
    stem = re.sub(r"[^\w]+", " ", PurePath(filename).stem).strip()
    return stem[:80] or _("image")
