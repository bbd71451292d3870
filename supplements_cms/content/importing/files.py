"""Which files an import reads, and how much of them: the same rules for the command and the
admin page.

A file is an export when its name ends in ``.txt`` or ``.md``, in any case. It is read only up to
``IMPORT_MAX_BYTES``. Inside a folder given to the command, only regular files are read, and a
link that leads out of the folder is refused: an operator who imports ``exports/`` means the files
in it, not a system file that a link there points to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ... import conf

SUFFIXES = (".txt", ".md")


class FileRefused(ValueError):
    """A file the import will not read; the message is one line for a human."""


def is_export_name(name: str) -> bool:
    """Whether ``name`` ends in ``.txt`` or ``.md``, whatever the case (``NOTES.TXT`` too)."""
    return PurePath(name).suffix.lower() in SUFFIXES


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes when it passes ``IMPORT_MAX_BYTES``."""
    limit = conf.get("IMPORT_MAX_BYTES")
    if size > limit:
        raise FileRefused(
            _("larger than the limit of %(limit)s (IMPORT_MAX_BYTES): %(size)s")
            % {"limit": filesizeformat(limit), "size": filesizeformat(size)}
        )


def read_file(path: Path) -> bytes:
    """The bytes of the file at ``path``, refused when larger than ``IMPORT_MAX_BYTES``.

    Reads at most one byte more than the limit, so a file that grows while it is read, or a
    device that never ends, costs no more than the limit.
    """
    check_size(path.stat().st_size)
    with path.open("rb") as stream:
        data = stream.read(conf.get("IMPORT_MAX_BYTES") + 1)
    check_size(len(data))
    return data


@dataclass
class Collected:
    """What the command will read, and what it will not, each with its reason.

    ``files`` pairs the path to name in messages with the path to read: for an entry of a folder,
    the target it was checked against, so a link changed after the check is not followed.
    """

    files: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def collect(paths: list[str]) -> Collected:
    """The files to import from the command's arguments, files or folders (not recursive).

    A file named on the command line is read as it is: the operator chose it. In a folder,
    entries that are not exports or not regular files are *skipped* (named, with the reason,
    and no failure), and links leading out of the folder are *refused* (a failure). The same
    file reached twice is read once.
    """
    found = Collected()
    seen: set[Path] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            folder = path.resolve()
            read_or_refused = 0
            for entry in sorted(path.iterdir()):
                resolved = entry.resolve()
                left_out = _leave_out(entry, resolved, folder)
                if left_out is None:
                    read_or_refused += 1
                    if resolved not in seen:
                        seen.add(resolved)
                        found.files.append((entry, resolved))
                elif left_out[1]:
                    read_or_refused += 1
                    found.refused.append((entry, left_out[0]))
                else:
                    found.skipped.append((entry, left_out[0]))
            if not read_or_refused:
                found.refused.append((path, _("no .txt or .md files in this folder")))
        elif path.is_file():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.files.append((path, path))
        elif path.exists():
            found.refused.append((path, _("not a regular file or folder")))
        else:
            found.refused.append((path, _("no such file or folder")))
    return found


def _leave_out(entry: Path, resolved: Path, folder: Path) -> tuple[str, bool] | None:
    """Why ``entry`` of ``folder`` is not read, and whether that is a refusal; None: read it."""
    if not is_export_name(entry.name):
        if resolved.is_dir():
            return _("a folder; folders are not read recursively"), False
        return _("not a .txt or .md file"), False
    if not resolved.is_relative_to(folder):
        return _("a link to a file outside the folder; not followed"), True
    if not resolved.is_file():
        return _("not a regular file"), False
    return None
