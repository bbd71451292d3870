"""Editors read their own writes: every read the package's admin makes goes to the write
database.

With Django's primary/replica router a replica may not have an editor's save yet, and an admin
page read from it shows the article as it was before (the list, the form, its history, a
draft, a review). Inside :func:`reads_on_primary` the package's router, first in the site's
``DATABASE_ROUTERS`` (:class:`supplements_cms.routers.EditorsReadTheirWrites`), answers
``db_for_read`` with the routers' ``db_for_write``, for every model, so that the admin's own
querysets, the related managers Django follows, the form's choices and uniqueness checks and
django-reversion's restore all read the primary. Every view of the package's admins runs in it
(``supplements_cms.admin.base.ReadsOwnWrites``); public pages keep reading where the site's
router sends them (check ``supplements_cms.W009`` warns when the router is not first).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest
from django.template.response import SimpleTemplateResponse

_on_primary: ContextVar[bool] = ContextVar("supplements_cms_reads_on_primary", default=False)


def reading_on_primary() -> bool:
    """Whether this thread (or task) is inside :func:`reads_on_primary`, for the router."""
    return _on_primary.get()


@contextmanager
def reads_on_primary() -> Iterator[None]:
    """Within it, this thread (or task) reads from the database the router writes to."""
    token = _on_primary.set(True)
    try:
        yield
    finally:
        _on_primary.reset(token)


def reads_own_writes(view: Callable[..., Any]) -> Callable[..., Any]:
    """``view`` (an editor's: an admin page, an editor endpoint) run in
    :func:`reads_on_primary`, its template rendered in it too: the handler renders a
    template response after the view returns, and the template follows relations."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        with reads_on_primary():
            response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            render = response.render

            def render_on_primary() -> SimpleTemplateResponse:
                with reads_on_primary():
                    return render()

            response.render = render_on_primary  # type: ignore[method-assign]  # same call
        return response

    return wrapper
