"""``manage.py import_wordpress EXPORT.xml --user USERNAME``: a WordPress site's posts become
articles.

The export is read twice, streamed: once whole, so that a malformed or hostile file is refused
(with its line and column) before anything is stored, then post by post, each in its own
transaction through the same saving code as every import.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from ... import conf
from ...content import images
from ...content.importing.parser import ParseError, describe
from ...content.importing.store import Outcome, may_publish
from ...content.importing.wordpress import mapping, wxr
from ...content.importing.wordpress.store import plan_post, store_post
from .import_articles import _messages, _user, _would


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (Tools > Export, WXR) as articles, in the name "
        "of --user. Pages, attachments, menu items, revisions and comments are skipped and "
        "counted. Re-importing updates each post's article, unless editors changed it since "
        "(see --overwrite)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", metavar="EXPORT.xml")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Who imports: the revisions and the admin log name this user. Required, "
            "except with --dry-run. Published posts are published only if this user may "
            "publish; otherwise they are kept as drafts.",
        )
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="The site's wp-content/uploads folder: featured images are read from it.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what each post contains and what importing it would change; save nothing.",
        )
        parser.add_argument(
            "--match-users",
            action="store_true",
            help="Make the site user whose username is a post's WordPress author login the "
            "article's author (the byline is made from the author's name either way).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update articles that editors changed since their last import.",
        )

    def handle(self, *args, **options) -> None:
        # Featured images are resized after each post's commit, before the command ends.
        with images.made_inline():
            self._import(**options)

    def _import(
        self,
        *,
        export: str,
        user: str | None,
        uploads: str | None,
        dry_run: bool,
        overwrite: bool,
        match_users: bool,
        **options,
    ) -> None:
        importer = _user(user) if user or not dry_run else None
        path = Path(export)
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": export})
        folder = Path(uploads) if uploads else None
        if folder is not None and not folder.is_dir():
            raise CommandError(_("%(path)s: no such folder") % {"path": uploads})
        try:
            with path.open("rb") as stream:
                found = mapping.index(wxr.read(stream, max_item_chars=_max_chars()))
        except (OSError, wxr.WXRError) as exc:
            raise CommandError(f"{export}: {exc}") from None
        outcomes: Counter[str] = Counter()
        failures: list[str] = []
        with path.open("rb") as stream:
            for item in wxr.read(stream, max_item_chars=_max_chars()):
                if not isinstance(item, wxr.Item) or mapping.skip_reason(item):
                    continue
                label = _("post %(id)d") % {"id": item.post_id}
                try:
                    post = mapping.to_article(item, found)
                    if dry_run:
                        self._show(post, found, importer, overwrite, folder)
                        outcomes["parsed"] += 1
                        continue
                    result = store_post(
                        post,
                        site=found.site.url,
                        user=importer,
                        source=f"{path.name} ({label})",
                        uploads=folder,
                        overwrite=overwrite,
                        match_users=match_users,
                    )
                except (ParseError, PermissionDenied) as exc:
                    failures.append(f"{label}: {exc}")
                    continue
                except ValidationError as exc:
                    failures.append(f"{label}: {'; '.join(_messages(exc))}")
                    continue
                stored = result.stored
                outcomes[stored.outcome] += 1
                # Without a preview's version to compare, every outcome names its article.
                assert stored.article is not None
                line = f"{stored.outcome}: {stored.article.slug} ({label})"
                reasons = [r for r in (stored.reason, *result.notes) if r]
                self.stdout.write(f"{line}: {'; '.join(reasons)}" if reasons else line)
        for failure in failures:
            self.stderr.write(failure)
        summary = _summary(outcomes, found, dry_run)
        if failures:
            raise CommandError(
                _("%(summary)s; %(n)d failed (listed above)")
                % {"summary": summary, "n": len(failures)}
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def _show(self, post, found, importer, overwrite: bool, uploads: Path | None) -> None:
        plan = plan_post(post, found.site.url, user=importer)
        lines = [
            _("== post %(id)d (%(status)s)") % {"id": post.post_id, "status": post.status},
            describe(post.parsed),
            _("Slug: %(slug)s") % {"slug": plan.slug},
            _("Summary: %(summary)s") % {"summary": post.parsed.summary or _("(none)")},
            _("Author: %(name)s") % {"name": post.author or _("(none)")},
        ]
        if post.thumbnail is not None:
            where = uploads / post.thumbnail.file if uploads else None
            state = _("found") if where is not None and where.is_file() else _("missing")
            lines.append(
                _("Featured image: %(file)s (%(state)s), alt text “%(alt)s”")
                % {"file": post.thumbnail.file, "state": state, "alt": post.thumbnail.alt}
            )
        redirects = [
            reverse("supplements_cms:article_detail", kwargs={"slug": s}) for s in post.old_slugs
        ]
        if post.old_path:
            redirects.insert(0, post.old_path)
        lines.append(_("Old addresses: %(paths)s") % {"paths": ", ".join(redirects) or _("(none)")})
        if post.publish:
            when = post.published_at.isoformat() if post.published_at else _("now")
            if importer is None or may_publish(importer):
                lines.append(_("Would publish, dated %(when)s") % {"when": when})
            else:
                lines.append(_("Would keep as a draft: the user may not publish"))
        lines += [_("Note: %(note)s") % {"note": note} for note in post.notes]
        lines.append(str(_would(plan, overwrite)))
        self.stdout.write("\n".join(lines) + "\n")


def _max_chars() -> int:
    """A post's text is bounded as a plain-text export is (IMPORT_MAX_BYTES)."""
    return conf.get("IMPORT_MAX_BYTES")


def _summary(outcomes: Counter[str], found: mapping.Index, dry_run: bool) -> str:
    if dry_run:
        done = _("%(n)d posts parsed") % {"n": outcomes["parsed"]}
    else:
        done = _("%(n)d imported") % {"n": outcomes[Outcome.CREATED] + outcomes[Outcome.UPDATED]}
        if outcomes[Outcome.UNCHANGED]:
            done += ", " + _("%(n)d unchanged") % {"n": outcomes[Outcome.UNCHANGED]}
        if outcomes[Outcome.SKIPPED]:
            done += ", " + _("%(n)d skipped (changed since their last import)") % {
                "n": outcomes[Outcome.SKIPPED]
            }
    left_out = ", ".join(f"{n} {what}" for what, n in sorted(found.skipped.items()) if n)
    if left_out:
        done += "; " + _("left out: %(items)s") % {"items": left_out}
    return done
