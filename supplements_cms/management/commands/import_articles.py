"""``manage.py import_articles FILE_OR_DIR... --user USERNAME``: plain-text exports become articles.

The command is a tool for operators, who are trusted: it reads any file they name (folders are
read without following links out of them), and ``--user`` says in whose name the history and the
admin log record the import. ``--publish`` needs that user to hold the publish permission, as
publishing does everywhere else.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ...content.claims.summary import warnings_summary
from ...content.importing.files import FileRefused, collect, read_file
from ...content.importing.parser import ParseError, describe, parse_article, read_export
from ...content.importing.plan import Plan, plan_import
from ...content.importing.store import Outcome, may_publish, store_article


class Command(BaseCommand):
    help = (
        "Import plain-text article exports (files, or folders of .txt/.md files) as articles, "
        "in the name of --user. Each file is imported in its own transaction; re-importing a "
        "file updates its article, unless editors changed it since (see --overwrite)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Who imports: the revisions and the admin log name this user. Required, "
            "except with --dry-run.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what each file contains and what importing it would change; save nothing.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update articles that editors changed since their last import.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the articles instead of leaving drafts (needs the publish permission).",
        )
        parser.add_argument("--supplement", help="The supplement of every imported article.")
        parser.add_argument(
            "--condition",
            action="append",
            dest="conditions",
            metavar="CONDITION",
            help="A condition of every imported article; repeat for several.",
        )

    def handle(
        self,
        *args,
        paths: list[str],
        user: str | None,
        dry_run: bool,
        overwrite: bool,
        publish: bool,
        **options,
    ) -> None:
        importer = _user(user) if user or not dry_run else None
        if publish and importer is not None and not may_publish(importer):
            raise CommandError(
                _("%(user)s may not publish articles (supplements_cms.publish_article).")
                % {"user": importer.get_username()}
            )
        found = collect(paths)
        for path, reason in found.skipped:
            self.stderr.write(_("%(path)s: skipped: %(reason)s") % {"path": path, "reason": reason})
        failures = [(path, str(reason)) for path, reason in found.refused]
        outcomes: Counter[str] = Counter()
        stored_articles = []
        for shown, path in found.files:
            try:
                parsed = parse_article(
                    read_export(read_file(path)),
                    supplement=options["supplement"],
                    conditions=options["conditions"],
                )
                if dry_run:
                    plan = plan_import(parsed, publish=publish)
                    would = _would(plan, overwrite)
                    self.stdout.write(f"== {shown}\n{describe(parsed)}\n{would}\n")
                    outcomes["parsed"] += 1
                    continue
                stored = store_article(
                    parsed,
                    user=importer,
                    source=str(shown),
                    publish=publish,
                    overwrite=overwrite,
                )
            except (OSError, ParseError, FileRefused, PermissionDenied) as exc:
                failures.append((shown, str(exc)))
                continue
            except ValidationError as exc:
                failures.append((shown, "; ".join(_messages(exc))))
                continue
            outcomes[stored.outcome] += 1
            # Without a preview's version to compare, every outcome names its article.
            assert stored.article is not None
            stored_articles.append(stored.article)
            line = f"{stored.outcome}: {stored.article.slug} ({shown})"
            self.stdout.write(f"{line}: {stored.reason}" if stored.reason else line)
        for path, reason in failures:
            self.stderr.write(f"{path}: {reason}")
        summary = _summary(outcomes, dry_run)
        if claims := warnings_summary(stored_articles):
            self.stdout.write(claims)
        if failures:
            raise CommandError(
                _("%(summary)s, %(n)d failed: %(files)s")
                % {
                    "summary": summary,
                    "n": len(failures),
                    "files": ", ".join(str(p) for p, _r in failures),
                }
            )
        done = _("%(summary)s, nothing failed.") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(done))


def _user(username: str | None):
    if not username:
        raise CommandError(
            _("Give --user USERNAME: the history and the admin log record who imported.")
        )
    model = get_user_model()
    try:
        user = model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise CommandError(_("No user “%(name)s”.") % {"name": username}) from None
    if not user.is_active:
        raise CommandError(_("The user “%(name)s” is inactive.") % {"name": username})
    return user


def _would(plan: Plan, overwrite: bool) -> str:
    """What importing the file would do, for the dry run."""
    if plan.article is None:
        return _("Would create the article “%(slug)s”.") % {"slug": plan.slug}
    if not plan.changes:
        return _("Unchanged: “%(slug)s” already says what the file says.") % {"slug": plan.slug}
    parts = ", ".join(c.label for c in plan.changes)
    if plan.edited and not overwrite:
        return _(
            "Would skip “%(slug)s”: changed in the admin since its last import "
            "(--overwrite would change %(parts)s)."
        ) % {"slug": plan.slug, "parts": parts}
    return _("Would update “%(slug)s”: %(parts)s.") % {"slug": plan.slug, "parts": parts}


def _summary(outcomes: Counter[str], dry_run: bool) -> str:
    if dry_run:
        return _("%(n)d parsed") % {"n": outcomes["parsed"]}
    parts = [_("%(n)d imported") % {"n": outcomes[Outcome.CREATED] + outcomes[Outcome.UPDATED]}]
    if outcomes[Outcome.UNCHANGED]:
        parts.append(_("%(n)d unchanged") % {"n": outcomes[Outcome.UNCHANGED]})
    if outcomes[Outcome.SKIPPED]:
        parts.append(
            _("%(n)d skipped (changed since their last import; --overwrite replaces them)")
            % {"n": outcomes[Outcome.SKIPPED]}
        )
    return ", ".join(parts)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()]
    return list(error.messages)
