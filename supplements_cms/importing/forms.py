"""The admin's import forms: upload exports, then confirm what the preview showed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ..models.conditions import normalize_name
from .parser import ParsedArticle, ParseError, parse_article, read_export

SUFFIXES = (".txt", ".md")
# An export is a page of text; anything much larger is not one.
MAX_FILE_BYTES = 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(SUFFIXES)}))
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


class ImportOptionsForm(forms.Form):
    """What applies to every file of one import, as the command's options do."""

    supplement = forms.CharField(
        required=False,
        max_length=120,
        label=_("Supplement"),
        help_text=_("Leave blank to take it from each article's title."),
    )
    conditions = forms.CharField(
        required=False,
        label=_("Conditions"),
        help_text=_("Separated by commas. Leave blank to take them from each article's title."),
    )
    publish = forms.BooleanField(
        required=False,
        label=_("Publish at once"),
        help_text=_("Otherwise the articles are saved as drafts for review."),
    )

    def clean_supplement(self) -> str | None:
        return normalize_name(self.cleaned_data["supplement"]) or None

    def clean_conditions(self) -> list[str] | None:
        names = [normalize_name(n) for n in self.cleaned_data["conditions"].split(",")]
        return [n for n in names if n] or None

    def parse(self, name: str, text: str) -> ParsedFile:
        try:
            parsed = parse_article(
                text,
                supplement=self.cleaned_data["supplement"],
                conditions=self.cleaned_data["conditions"],
            )
        except ParseError as exc:
            return ParsedFile(name, text, None, str(exc))
        return ParsedFile(name, text, parsed)


class ImportUploadForm(ImportOptionsForm):
    files = MultipleFileField(
        label=_("Exported articles"),
        help_text=_("One or more plain-text files (.txt or .md), UTF-8."),
    )

    def read_files(self) -> list[ParsedFile]:
        """Each file decoded and parsed; a file that cannot be read carries its reason."""
        results = []
        for upload in self.cleaned_data["files"]:
            name = PurePath(upload.name).name
            if PurePath(name).suffix.lower() not in SUFFIXES:
                results.append(ParsedFile(name, "", None, str(_("not a .txt or .md file"))))
                continue
            if upload.size > MAX_FILE_BYTES:
                results.append(ParsedFile(name, "", None, str(_("larger than 1 MiB"))))
                continue
            try:
                text = read_export(upload.read())
            except ParseError as exc:
                results.append(ParsedFile(name, "", None, str(exc)))
                continue
            results.append(self.parse(name, text))
        return results


class ImportConfirmForm(ImportOptionsForm):
    """The preview page sends the decoded texts back, so confirming needs no stored state."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = self.data.getlist("name") if self.is_bound else []
        self.texts = self.data.getlist("text") if self.is_bound else []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.texts or len(self.names) != len(self.texts):
            raise forms.ValidationError(_("Nothing to import: upload the files again."))
        return cleaned

    def parsed_files(self) -> list[ParsedFile]:
        return [self.parse(name, text) for name, text in zip(self.names, self.texts, strict=True)]
