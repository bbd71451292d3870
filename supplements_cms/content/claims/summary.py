"""One line that names the articles holding unaccepted claim warnings, and how many each holds:
what an import says at its end, so that an archive is cleared on the publisher's list of claim
warnings rather than by opening every form."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Articles named in the line; the rest are counted.
NAMED = 20


def warnings_summary(articles: Iterable) -> str:
    """ "3 articles hold claim warnings to review: a (2), b (1), c (4)." or "" when none do."""
    from ...editorial.rules import unaccepted_claims

    counts = [(a.slug, n) for a in articles if (n := len(unaccepted_claims(a)))]
    if not counts:
        return ""
    named = ", ".join(f"{slug} ({n})" for slug, n in counts[:NAMED])
    if len(counts) > NAMED:
        named += " " + _("and %(n)d more") % {"n": len(counts) - NAMED}
    return ngettext(
        "%(n)d article holds claim warnings to review: %(articles)s.",
        "%(n)d articles hold claim warnings to review: %(articles)s.",
        len(counts),
    ) % {"n": len(counts), "articles": named}
