"""Sphinx configuration for the supplements_cms manual (MyST Markdown, furo theme)."""

from __future__ import annotations

import tomllib
from pathlib import Path

_pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())

project = "supplements_cms"
author = "The supplements_cms authors"
copyright = "2026, the supplements_cms authors"
release = _pyproject["project"]["version"]

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build", "screenshots.py"]

html_theme = "furo"
html_title = f"supplements_cms {release}"
