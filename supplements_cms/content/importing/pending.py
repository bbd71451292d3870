"""Uploads kept between the admin's preview and its confirmation.

The texts stay on the server (``PendingImport`` rows), so confirming works up to the size limit on
any app server; the preview page carries a token, signed and valid for ``MAX_AGE`` seconds, that
names the batch, its owner, the options and the version of each article the preview showed.
Nothing in it can be changed without breaking the signature.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from ...models import PendingImport

MAX_AGE = 60 * 60  # seconds: an hour to read a preview and confirm it
_SALT = "supplements_cms.content.importing.pending"


class Expired(Exception):
    """The token is forged, too old, someone else's, or its files are gone."""


@dataclass(frozen=True)
class Batch:
    token: str
    options: dict[str, Any]
    # The article version each file's preview showed, by position (0: no article yet).
    seen: dict[int, int]
    files: list[PendingImport]


@transaction.atomic
def keep(user, texts: list[tuple[str, str]]) -> uuid.UUID:
    """Store ``(name, text)`` pairs as a new batch of ``user``'s.

    The user's earlier batches and everyone's expired ones are deleted first: one preview per
    user at a time bounds what the table holds.
    """
    expired = timezone.now() - timedelta(seconds=MAX_AGE)
    PendingImport.objects.filter(user=user).delete()
    PendingImport.objects.filter(created_at__lt=expired).delete()
    batch = uuid.uuid4()
    PendingImport.objects.bulk_create(
        PendingImport(batch=batch, user=user, position=n, name=name[:255], text=text)
        for n, (name, text) in enumerate(texts)
    )
    return batch


def sign(batch: uuid.UUID, user, options: dict[str, Any], seen: dict[int, int]) -> str:
    payload = {
        "batch": str(batch),
        "user": user.pk,
        "options": options,
        "seen": sorted(seen.items()),
    }
    return signing.TimestampSigner(salt=_SALT).sign_object(payload, compress=True)


def load(token: str, user) -> Batch:
    """The batch ``token`` names, if it is ``user``'s, recent enough and still stored."""
    try:
        payload = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        raise Expired from None
    if payload.get("user") != user.pk:
        raise Expired
    files = list(PendingImport.objects.filter(batch=payload["batch"], user=user))
    if not files:
        raise Expired
    seen = dict(payload["seen"])
    return Batch(token, payload["options"], seen, files)


def discard(batch: Batch) -> None:
    PendingImport.objects.filter(pk__in=[f.pk for f in batch.files]).delete()
