"""Addresses that name an object by its id (``/articles/ref/17/``, ``/articles/media/17/``), found
in editors' text and rendered HTML, to be resolved when a page is rendered."""

from __future__ import annotations

import re
from functools import lru_cache

from django.urls import reverse

_SAMPLE = 1234567


def pattern(url_name: str, shape: str = "{address}", flags: int = 0) -> re.Pattern[str]:
    """``shape``, a regular expression with ``{address}`` where the address goes, compiled for
    ``url_name``'s address as the URLconf writes it now (a host may mount the package anywhere);
    the id is the group named ``pk``."""
    prefix, suffix = reverse(url_name, args=[_SAMPLE]).split(str(_SAMPLE))
    return _compiled(shape, prefix, suffix, flags)


@lru_cache(maxsize=32)
def _compiled(shape: str, prefix: str, suffix: str, flags: int) -> re.Pattern[str]:
    address = rf"{re.escape(prefix)}(?P<pk>\d{{1,12}}){re.escape(suffix)}"
    return re.compile(shape.replace("{address}", address), flags)
