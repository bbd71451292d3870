"""``manage.py import_articles FILE_OR_DIR...``: plain-text exports become draft articles."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...importing.parser import ParseError, describe, parse_article, read_export
from ...importing.store import store_article

SUFFIXES = (".txt", ".md")


class Command(BaseCommand):
    help = (
        "Import plain-text article exports (files, or folders of .txt/.md files) as articles. "
        "Each file is imported in its own transaction; re-importing a file updates its article."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what each file contains; save nothing."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the articles instead of leaving drafts."
        )
        parser.add_argument("--supplement", help="The supplement of every imported article.")
        parser.add_argument(
            "--condition",
            action="append",
            dest="conditions",
            metavar="CONDITION",
            help="A condition of every imported article; repeat for several.",
        )

    def handle(self, *args, paths: list[str], dry_run: bool, publish: bool, **options) -> None:
        files, failures = _collect(paths)
        done = 0
        for path in files:
            try:
                parsed = parse_article(
                    read_export(path.read_bytes()),
                    supplement=options["supplement"],
                    conditions=options["conditions"],
                )
                if dry_run:
                    self.stdout.write(f"== {path}\n{describe(parsed)}\n")
                else:
                    stored = store_article(parsed, publish=publish)
                    verb = "created" if stored.created else "updated"
                    self.stdout.write(f"{verb}: {stored.article.slug} ({path})")
                done += 1
            except (OSError, ParseError) as exc:
                failures.append((path, str(exc)))
            except ValidationError as exc:
                failures.append((path, "; ".join(_messages(exc))))
        for path, reason in failures:
            self.stderr.write(f"{path}: {reason}")
        summary = f"{done} imported" if not dry_run else f"{done} parsed"
        if failures:
            raise CommandError(
                f"{summary}, {len(failures)} failed: {', '.join(str(p) for p, _r in failures)}"
            )
        self.stdout.write(self.style.SUCCESS(f"{summary}, nothing failed."))


def _collect(paths: list[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    files: list[Path] = []
    failures: list[tuple[Path, str]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
            if not found:
                failures.append((path, "no .txt or .md files in this folder"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            failures.append((path, "no such file or folder"))
    return files, failures


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()]
    return list(error.messages)
