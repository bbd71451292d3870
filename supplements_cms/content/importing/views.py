"""The admin's import page: upload exports, look at what each would change, choose, confirm.

The uploaded texts wait on the server (``importing.pending``); the preview page carries a signed,
expiring token for them, so the confirm step sends almost nothing back and saves exactly what
the editor saw. Each file whose title finds an existing article gets a choice: update it (with a
diff of what would change), skip it, or import it as a new article. An article that editors
changed since its last import is skipped unless the editor chooses otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..claims.summary import warnings_summary
from . import pending
from .forms import ImportChoicesForm, ImportUploadForm, ParsedFile, parse
from .plan import Plan, plan_import
from .store import Choice, Outcome, Stored, may_publish, store_article
from .wordpress.store import plan_post, store_post

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin


def import_articles(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    publisher = may_publish(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(model_admin, request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, may_publish=publisher)
        if form.is_valid():
            return _preview(model_admin, request, form)
    else:
        form = ImportUploadForm(may_publish=publisher)
    return _render(model_admin, request, {"form": form})


def _preview(model_admin: ModelAdmin, request: HttpRequest, form: ImportUploadForm) -> HttpResponse:
    files = form.read_files()
    options = form.options()
    importable = [f for f in files if f.parsed is not None]
    batch = pending.keep(request.user, [(f.name, f.text) for f in importable])
    plans: list[Plan] = []
    for f in importable:
        if f.post is not None:
            plans.append(plan_post(f.post, f.site, user=request.user))
        else:
            assert f.parsed is not None  # importable keeps the parsed files only
            plans.append(plan_import(f.parsed, publish=options["publish"]))
    seen = {n: (p.article.edit_number if p.article else 0) for n, p in enumerate(plans)}
    existing = [n for n, p in enumerate(plans) if p.article is not None]
    choices = ImportChoicesForm(
        positions=existing,
        initial={f"choice-{n}": _default_choice(plans[n]) for n in existing},
    )
    rows: list[dict] = []
    position = 0  # in the batch, where only the importable files are
    for file in files:
        if file.parsed is None:
            rows.append({"file": file})
        else:
            rows.append(_row(position, file, plans[position], choices))
            position += 1
    return _render(
        model_admin,
        request,
        {
            "rows": rows,
            "importable": importable,
            "token": pending.sign(batch, request.user, options, seen) if importable else "",
        },
    )


def _default_choice(plan: Plan) -> Choice:
    """Update what only imports changed; keep what editors changed, and what would not change."""
    return Choice.UPDATE if plan.changes and not plan.edited else Choice.SKIP


def _row(position: int, file: ParsedFile, plan: Plan, choices: ImportChoicesForm) -> dict:
    field = f"choice-{position}"
    return {
        "file": file,
        "found": found(file.parsed) if file.parsed is not None else [],
        "plan": plan,
        "choice": choices[field] if field in choices.fields else None,
    }


def found(parsed) -> list[tuple[str, list[str]]]:
    """What a file holds, part by part as the article will show it, for the preview's table."""
    none = [_("(none)")]
    heading = parsed.additional_benefits_heading or _("Additional benefits")
    return [
        (_("Title"), [parsed.title]),
        (_("SEO title"), [parsed.seo_title] if parsed.seo_title else none),
        (_("Supplement"), [parsed.supplement] if parsed.supplement else none),
        (_("Conditions"), list(parsed.conditions) or none),
        (_("Sections"), re.findall(r"^## (.+)$", parsed.body, re.MULTILINE) or none),
        (_("Benefits"), [f"{n}. {b.title}" for n, b in enumerate(parsed.benefits, 1)] or none),
        (heading, [f"• {b.title}" for b in parsed.additional_benefits] or none),
        (_("Dose"), [str(parsed.dosage)] if parsed.dosage else none),
        (_("Conclusion"), [_("yes")] if parsed.conclusion.strip() else none),
        (
            _("Call to action"),
            [" ".join(parsed.call_to_action.split())[:120]] if parsed.call_to_action else none,
        ),
        (_("Related posts"), list(parsed.related) or none),
    ]


def _confirm(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    try:
        batch = pending.load(request.POST.get("token", ""), request.user)
    except pending.Expired:
        error = _("This preview has expired or is not yours: upload the files again.")
        form = ImportUploadForm(may_publish=may_publish(request.user))
        return _render(model_admin, request, {"form": form, "errors": [error]})
    positions = [f.position for f in batch.files if batch.seen.get(f.position)]
    choices = ImportChoicesForm(request.POST, positions=positions)
    if not choices.is_valid():
        error = _("Choose what to do with each file that matches an existing article.")
        form = ImportUploadForm(may_publish=may_publish(request.user))
        return _render(model_admin, request, {"form": form, "errors": [error]})
    outcomes: Counter[str] = Counter()
    stored_articles = []
    for file in batch.files:
        item = parse(file.name, file.text, batch.options)
        choice = choices.choice(file.position)
        if item.parsed is None:  # the preview parsed it: only a new parser could differ
            model_admin.message_user(request, f"{file.name}: {item.error}", messages.ERROR)
            continue
        if choice == Choice.SKIP:
            outcomes[Outcome.SKIPPED] += 1
            continue
        seen = None if choice == Choice.NEW else batch.seen.get(file.position, 0)
        try:
            if item.post is not None:
                stored = _store_post(model_admin, request, item, choice, seen)
            else:
                stored = store_article(
                    item.parsed,
                    user=request.user,
                    source=file.name,
                    publish=batch.options["publish"],
                    overwrite=choice == Choice.UPDATE,
                    as_new=choice == Choice.NEW,
                    seen_edit_number=seen,
                )
        except (ValidationError, PermissionDenied) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            model_admin.message_user(request, f"{file.name}: {reason}", messages.ERROR)
            continue
        outcomes[stored.outcome] += 1
        stored_articles.append(stored.article)
        _report(model_admin, request, file.name, stored)
    pending.discard(batch)
    model_admin.message_user(request, _summary(outcomes), messages.INFO)
    if claims := warnings_summary(stored_articles):
        model_admin.message_user(request, claims, messages.WARNING)
    opts = model_admin.opts
    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


def _report(model_admin: ModelAdmin, request: HttpRequest, name: str, stored: Stored) -> None:
    if stored.outcome is Outcome.SKIPPED:
        model_admin.message_user(
            request,
            _("Skipped “%(file)s”: %(reason)s.") % {"file": name, "reason": stored.reason},
            messages.WARNING,
        )


def _summary(outcomes: Counter[str]) -> str:
    created, updated, unchanged, skipped = (outcomes[outcome] for outcome in Outcome)
    parts = []
    if created:
        parts.append(
            ngettext("%(n)d article created", "%(n)d articles created", created) % {"n": created}
        )
    if updated:
        parts.append(
            ngettext("%(n)d article updated", "%(n)d articles updated", updated) % {"n": updated}
        )
    if unchanged:
        parts.append(
            ngettext(
                "%(n)d article already up to date", "%(n)d articles already up to date", unchanged
            )
            % {"n": unchanged}
        )
    if skipped:
        parts.append(
            ngettext("%(n)d file skipped", "%(n)d files skipped", skipped) % {"n": skipped}
        )
    if not parts:
        return _("Nothing was imported.")
    return _("Import done: %(parts)s.") % {"parts": ", ".join(parts)}


def _render(model_admin: ModelAdmin, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import articles from text files"),
        "rows": [],
        "errors": [],
        **context,
    }
    return TemplateResponse(request, "admin/supplements_cms/article/import.html", context)


def _store_post(
    model_admin: ModelAdmin,
    request: HttpRequest,
    item: ParsedFile,
    choice: Choice | None,
    seen: int | None,
) -> Stored:
    """A WordPress post, stored as the command stores it; its notes become messages."""
    assert item.post is not None  # the caller sends WordPress posts only
    result = store_post(
        item.post,
        site=item.site,
        user=request.user,
        source=item.name,
        overwrite=choice == Choice.UPDATE,
        as_new=choice == Choice.NEW,
        seen_edit_number=seen,
    )
    for note in result.notes:
        model_admin.message_user(request, f"{item.name}: {note}", messages.WARNING)
    return result.stored
