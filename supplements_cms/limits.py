"""How many benefits, related posts and references one article may have.

One rule for every path that adds them: the admin's inline formsets and the importer both ask
here. Without it, an export of 100,000 bullet lines became 100,000 benefits whose change form
never rendered.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseInlineFormSet
from django.utils.translation import ngettext

from . import conf

# The model of a part of an article, by ``_meta.model_name``: the setting that bounds its rows.
SETTINGS = {
    "benefit": "ARTICLE_MAX_BENEFITS",
    "relatedpost": "ARTICLE_MAX_RELATED_POSTS",
    "reference": "ARTICLE_MAX_REFERENCES",
}


def limit_for(model: type[Model]) -> int:
    """The most rows of ``model`` (``Benefit``, ``RelatedPost`` or ``Reference``) an article has."""
    return conf.get(SETTINGS[str(model._meta.model_name)])


def check_count(model: type[Model], count: int) -> None:
    """Raise ``ValidationError`` when an article would have ``count`` rows of ``model``, more
    than the setting allows; the message names the limit and the setting."""
    limit = limit_for(model)
    if count <= limit:
        return
    name = str(model._meta.model_name)
    if name == "benefit":
        message = ngettext(
            "An article can have at most %(limit)d benefit (%(setting)s); "
            "this one would have %(count)d.",
            "An article can have at most %(limit)d benefits (%(setting)s); "
            "this one would have %(count)d.",
            limit,
        )
    elif name == "relatedpost":
        message = ngettext(
            "An article can have at most %(limit)d related post (%(setting)s); "
            "this one would have %(count)d.",
            "An article can have at most %(limit)d related posts (%(setting)s); "
            "this one would have %(count)d.",
            limit,
        )
    else:
        message = ngettext(
            "An article can have at most %(limit)d reference (%(setting)s); "
            "this one would have %(count)d.",
            "An article can have at most %(limit)d references (%(setting)s); "
            "this one would have %(count)d.",
            limit,
        )
    raise ValidationError(
        message % {"limit": limit, "count": count, "setting": SETTINGS[name]},
        code="too_many",
    )


class LimitedInlineFormSet(BaseInlineFormSet):
    """An inline formset of an article's parts that refuses more rows than :func:`limit_for`.

    The admin's ``max_num`` only stops "Add another" in the browser; this is the check a
    crafted request cannot pass.
    """

    model: type[Model]  # always set on an inline formset

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        # django-stubs lacks BaseFormSet._should_delete_form; an inline formset always has a model.
        deleted = self._should_delete_form  # type: ignore[attr-defined]
        kept = [f for f in self.forms if f.cleaned_data and not deleted(f)]
        check_count(self.model, len(kept))
