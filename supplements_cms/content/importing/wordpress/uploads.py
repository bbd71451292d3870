"""A WordPress export uploaded on the admin's import page: one entry per post.

The admin keeps each uploaded file's text until the editor confirms the preview
(``importing.pending``). An export becomes one entry per post, named "export.xml#101", whose
text is the post as the export has it, with the few things it refers to elsewhere in the file
(site, author, featured image's attachment), as JSON: the confirm step maps it again exactly as
the preview did, without the rest of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from typing import IO

from . import mapping, wxr

_NAME = re.compile(r"\.xml#[0-9]+$", re.IGNORECASE)


def is_post_name(name: str) -> bool:
    """Whether a pending entry's ``name`` is a post of an uploaded export."""
    return _NAME.search(name) is not None


def read_index(stream: IO[bytes], max_item_chars: int) -> mapping.Index:
    """The whole export read once; raises ``wxr.WXRError`` for a malformed or hostile file."""
    return mapping.index(wxr.read(stream, max_item_chars=max_item_chars))


def posts(
    name: str, stream: IO[bytes], found: mapping.Index, max_item_chars: int
) -> Iterator[tuple[str, str]]:
    """(entry name, entry text) for each post to import, in file order."""
    for item in wxr.read(stream, max_item_chars=max_item_chars):
        if isinstance(item, wxr.Item) and not mapping.skip_reason(item):
            yield f"{name}#{item.post_id}", dump(item, found)


def dump(item: wxr.Item, found: mapping.Index) -> str:
    thumbnail = item.meta_value("_thumbnail_id").strip()
    attachment = found.attachments.get(int(thumbnail)) if thumbnail.isdigit() else None
    return json.dumps(
        {
            "item": asdict(item),
            "site": [found.site.title, found.site.url],
            "author": found.authors.get(item.creator, ""),
            "attachment": [int(thumbnail), *asdict(attachment).values()] if attachment else None,
        }
    )


def load(text: str) -> tuple[mapping.WordPressArticle, str]:
    """The post an entry holds, mapped as in the preview, and its site's address.

    Raises ``importing.parser.ParseError`` as :func:`mapping.to_article` does.
    """
    data = json.loads(text)
    values = data["item"]
    values.update(
        tags=tuple(values["tags"]),
        categories=tuple(values["categories"]),
        meta=tuple(tuple(pair) for pair in values["meta"]),
    )
    item = wxr.Item(**values)
    found = mapping.Index(site=wxr.Site(*data["site"]))
    if data["author"]:
        found.authors[item.creator] = data["author"]
    if data["attachment"]:
        key, *attachment = data["attachment"]
        found.attachments[key] = mapping.Attachment(*attachment)
    return mapping.to_article(item, found), found.site.url
