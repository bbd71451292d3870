"""The database router a site with more than one database lists first in ``DATABASE_ROUTERS``.

Editors read their own writes: inside
:func:`supplements_cms.editorial.primary.reads_on_primary` (every view of the package's admins
and the editor's endpoints) a read goes where the site's routers send writes, so a replica that
has not caught up never shows an editor the article as it was before their save. Everywhere
else it answers nothing and the site's own routers decide, as without it.
"""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.models import Model

from .editorial.primary import reading_on_primary


class EditorsReadTheirWrites:
    """``db_for_read`` is the site's ``db_for_write`` inside ``reads_on_primary()``, else None."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if reading_on_primary():
            return router.db_for_write(model, **hints)
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> None:
        return None
