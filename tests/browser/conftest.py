"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Nothing is downloaded: the suite uses the Chromium already on the machine (``SCMS_CHROMIUM``,
default ``/usr/bin/chromium``) and never runs ``playwright install``. Without that executable the
tests are skipped on a developer's machine and fail in CI (``CI=true`` or ``CI=1``), so a CI image
that lost its browser cannot pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread, and Django refuses ORM
# calls from a thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.tools import chromium_path, missing


# One request at a time: the tests' in-memory SQLite database is one connection that the live
# server shares between its threads, and SQLite (Python 3.12+, Django 6) fails or crashes when a
# page's parallel requests (markdownx previews every editor on load) use it at once. Django's
# non-threaded server closes each connection after its response, so the browser's parallel
# requests simply queue.
class _OneAtATimeServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # The threaded server takes this to hand connections to its threads; there are none.
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = _OneAtATimeServer

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORT = {"width": 1280, "height": 720}
# Fail fast: a missing element should not cost Playwright's default 30 seconds.
TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no network: Chromium must not try to phone home or update itself.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        wanted = os.environ.get("SCMS_CHROMIUM") or "/usr/bin/chromium"
        missing(
            f"Chromium not found at {wanted!r}: install Debian's chromium package or point "
            "SCMS_CHROMIUM at a Chromium executable (the suite never downloads a browser)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (cookies, viewport, media, JavaScript) of its own.

    Takes ``browser.new_context`` keyword arguments; every context is closed after the test.
    """
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**{"viewport": VIEWPORT, **options})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A 1280 x 720 desktop page with JavaScript on."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``tests/artifacts``, git-ignored, where screenshots are kept for a human to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
