"""The outside tools some tests drive, where to find them, and what a test does when one is
missing: skipped on a developer's machine, failed in CI (``CI`` set to true, 1 or yes, the
values dev.py accepts), so CI cannot pass without it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing(message: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"{message} CI is set, so the test fails instead of skipping.")
    pytest.skip(message)


def chromium_path() -> str | None:
    """The Chromium to drive, or ``None`` when it is not an executable on this machine."""
    configured = os.environ.get("SCMS_CHROMIUM", "").strip() or "/usr/bin/chromium"
    if os.sep not in configured:
        return shutil.which(configured)
    path = Path(configured)
    return str(path) if path.is_file() and os.access(path, os.X_OK) else None


def node_tools() -> Path:
    """Where ``python3 dev.py`` installs the npm packages (Lighthouse, the Nu Html Checker's
    jar): ``SCMS_NODE_TOOLS``, else ``.venv/node``."""
    configured = os.environ.get("SCMS_NODE_TOOLS", "").strip()
    return Path(configured) if configured else ROOT / ".venv" / "node"
