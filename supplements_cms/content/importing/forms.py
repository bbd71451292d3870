"""The admin's import forms: upload exports, then choose what to do with each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ... import conf
from ...models.conditions import normalize_name
from .files import SUFFIXES, FileRefused, check_size, is_export_name
from .parser import ParsedArticle, ParseError, parse_article, read_export
from .store import Choice
from .wordpress import uploads as wordpress
from .wordpress.mapping import WordPressArticle
from .wordpress.wxr import WXRError

WORDPRESS_SUFFIX = ".xml"


def _is_wordpress_name(name: str) -> bool:
    return PurePath(name).suffix.lower() == WORDPRESS_SUFFIX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        accept = ",".join((*SUFFIXES, WORDPRESS_SUFFIX))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        # An empty file is reported with the others, by name, rather than failing the form.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        # No file at all: the single-file clean raises "This field is required."
        return [single(data or None, initial)]


@dataclass(frozen=True)
class ParsedFile:
    name: str
    text: str
    parsed: ParsedArticle | None
    error: str = ""
    # A post of a WordPress export, and the address of its site.
    post: WordPressArticle | None = None
    site: str = ""


class ImportOptionsForm(forms.Form):
    """What applies to every file of one import, as the command's options do."""

    supplement = forms.CharField(
        required=False,
        max_length=120,
        label=gettext_lazy("Supplement"),
        help_text=gettext_lazy("Leave blank to take it from each article's title."),
    )
    conditions = forms.CharField(
        required=False,
        label=gettext_lazy("Conditions"),
        help_text=gettext_lazy(
            "Separated by commas. Leave blank to take them from each article's title."
        ),
    )
    publish = forms.BooleanField(
        required=False,
        label=gettext_lazy("Publish at once"),
        help_text=gettext_lazy("Otherwise the articles are saved as drafts for review."),
    )

    def __init__(self, *args: Any, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_publish = may_publish

    def clean_supplement(self) -> str | None:
        return normalize_name(self.cleaned_data["supplement"]) or None

    def clean_conditions(self) -> list[str] | None:
        names = [normalize_name(n) for n in self.cleaned_data["conditions"].split(",")]
        return [n for n in names if n] or None

    def clean_publish(self) -> bool:
        if self.cleaned_data["publish"] and not self.may_publish:
            raise forms.ValidationError(
                _(
                    "You may not publish articles. Untick this to import them as drafts; "
                    "someone with the permission to publish can then publish them."
                ),
                code="publish_permission",
            )
        return self.cleaned_data["publish"]

    def options(self) -> dict[str, Any]:
        """The cleaned options, as the confirm step's token carries them."""
        return {name: self.cleaned_data[name] for name in ("supplement", "conditions", "publish")}


def parse(name: str, text: str, options: dict[str, Any]) -> ParsedFile:
    if wordpress.is_post_name(name):
        try:
            post, site = wordpress.load(text)
        except ParseError as exc:
            return ParsedFile(name, text, None, str(exc))
        return ParsedFile(name, text, post.parsed, post=post, site=site)
    try:
        parsed = parse_article(
            text, supplement=options["supplement"], conditions=options["conditions"]
        )
    except ParseError as exc:
        return ParsedFile(name, text, None, str(exc))
    return ParsedFile(name, text, parsed)


class ImportUploadForm(ImportOptionsForm):
    # A form field: the form's metaclass moves it to base_fields, so BaseForm.files stays.
    files = MultipleFileField(  # type: ignore[assignment]
        label=gettext_lazy("Exported articles"),
        help_text=gettext_lazy(
            "Plain-text files (.txt or .md), UTF-8, or a WordPress export (.xml): its posts "
            "keep their status, and the options above do not apply to them."
        ),
    )

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data["files"]
        limit = conf.get("IMPORT_MAX_FILES")
        if len(files) > limit:
            raise forms.ValidationError(
                ngettext(
                    "You chose %(count)d files; at most %(limit)d can be imported at a time "
                    "(IMPORT_MAX_FILES).",
                    "You chose %(count)d files; at most %(limit)d can be imported at a time "
                    "(IMPORT_MAX_FILES).",
                    limit,
                )
                % {"count": len(files), "limit": limit},
                code="too_many_files",
            )
        # A WordPress export is read whole before anything else: a malformed or hostile one
        # refuses the form, with its line and column.
        self.wordpress_indexes = {}
        for upload in files:
            name = PurePath(upload.name).name
            if not _is_wordpress_name(name):
                continue
            try:
                check_size(upload.size)
                upload.seek(0)
                self.wordpress_indexes[name] = wordpress.read_index(upload, _max_chars())
            except (FileRefused, WXRError) as exc:
                raise forms.ValidationError(f"{name}: {exc}", code="wordpress") from None
        return files

    def read_files(self) -> list[ParsedFile]:
        """Each file decoded and parsed; a file that cannot be read carries its reason."""
        results = []
        for upload in self.cleaned_data["files"]:
            name = PurePath(upload.name).name
            if name in self.wordpress_indexes:
                upload.seek(0)
                found = self.wordpress_indexes[name]
                for entry, text in wordpress.posts(name, upload, found, _max_chars()):
                    results.append(parse(entry, text, self.options()))
                continue
            if not is_export_name(name):
                results.append(ParsedFile(name, "", None, _("not a .txt or .md file")))
                continue
            try:
                check_size(upload.size)
                text = read_export(upload.read())
            except (FileRefused, ParseError) as exc:
                results.append(ParsedFile(name, "", None, str(exc)))
                continue
            results.append(parse(name, text, self.options()))
        return results


class ImportChoicesForm(forms.Form):
    """For each file whose title finds an existing article: update it, skip, or import as new.

    The fields are named by the file's position in the batch, which the signed token fixes.
    """

    def __init__(self, *args: Any, positions: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for position in positions:
            self.fields[f"choice-{position}"] = forms.ChoiceField(
                choices=Choice.choices,
                widget=forms.RadioSelect,
                label=_("What to do"),
            )

    def choice(self, position: int) -> Choice | None:
        value = self.cleaned_data.get(f"choice-{position}")
        return Choice(value) if value else None


def _max_chars() -> int:
    """A post's text is bounded as a plain-text export is."""
    return conf.get("IMPORT_MAX_BYTES")
