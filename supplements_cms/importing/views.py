"""The admin's import page: upload exports, look at what was found, confirm.

Confirming re-parses the texts the preview page sends back, so nothing is kept on the server
between the two steps and what is saved is exactly what the editor saw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Article
from .forms import ImportConfirmForm, ImportUploadForm, ParsedFile
from .parser import describe
from .store import article_slug, store_article

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin


def import_articles(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            return _store(model_admin, request, form)
        return _render(model_admin, request, ImportUploadForm(), [], form.non_field_errors())
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = form.read_files()
            return _render(model_admin, request, form, files)
    else:
        form = ImportUploadForm()
    return _render(model_admin, request, form, [])


def _store(model_admin: ModelAdmin, request: HttpRequest, form: ImportConfirmForm) -> HttpResponse:
    created = updated = 0
    for item in form.parsed_files():
        if item.parsed is None:
            model_admin.message_user(request, f"{item.name}: {item.error}", messages.ERROR)
            continue
        try:
            stored = store_article(item.parsed, publish=form.cleaned_data["publish"])
        except ValidationError as exc:
            reason = "; ".join(exc.messages)
            model_admin.message_user(request, f"{item.name}: {reason}", messages.ERROR)
            continue
        if stored.created:
            created += 1
        else:
            updated += 1
    if created or updated:
        model_admin.message_user(
            request,
            _("Import done: %(created)s, %(updated)s.")
            % {
                "created": ngettext("%(n)d article created", "%(n)d articles created", created)
                % {"n": created},
                "updated": ngettext("%(n)d article updated", "%(n)d articles updated", updated)
                % {"n": updated},
            },
            messages.SUCCESS,
        )
    opts = model_admin.opts
    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


def _render(
    model_admin: ModelAdmin,
    request: HttpRequest,
    form: ImportUploadForm,
    files: list[ParsedFile],
    errors: list[str] | None = None,
) -> HttpResponse:
    importable = [f for f in files if f.parsed is not None]
    slugs = {f.name: article_slug(f.parsed) for f in importable}
    existing = set(Article.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import articles from text files"),
        "form": form,
        "files": files,
        "rows": [
            {
                "file": f,
                "summary": describe(f.parsed) if f.parsed else "",
                "slug": slugs.get(f.name, ""),
                "updates": slugs.get(f.name) in existing,
            }
            for f in files
        ],
        "importable": importable,
        "options": _options(form) if files else {},
        "errors": errors or [],
    }
    return TemplateResponse(request, "admin/supplements_cms/article/import.html", context)


def _options(form: ImportUploadForm) -> dict[str, str]:
    """The options as the confirm form's hidden fields carry them."""
    data = form.cleaned_data
    return {
        "supplement": data["supplement"] or "",
        "conditions": ", ".join(data["conditions"] or []),
        "publish": "on" if data["publish"] else "",
    }
