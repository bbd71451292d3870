"""``render_markdown`` brings stored HTML back in step with the Markdown."""

from io import StringIO

import pytest
from django.core.management import call_command

from supplements_cms.models import Article, Benefit, CallToAction, Condition, Supplement
from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db


def test_stale_html_is_rendered_again_and_nothing_else_is_saved():
    stale = make_article(intro="Fresh *text*.", benefits=1)
    untouched = make_article(intro="Untouched.")
    make_cta("Box", text="Click **here**.")
    make_article(conditions=["Cramps", "Migraine"])
    make_supplement("Magnesium")
    # update() skips save(), as bulk edits and data migrations do.
    Article.objects.filter(pk=stale.pk).update(intro_html="<p>old</p>")
    Benefit.objects.update(description_html="old")
    CallToAction.objects.update(text_html="old")
    Condition.objects.filter(name="Cramps").update(description="Painful *spasms*.")
    Supplement.objects.update(description="A **chelate**.")
    before = Article.objects.get(pk=untouched.pk).updated_at

    out = StringIO()
    call_command("render_markdown", stdout=out)

    assert out.getvalue().splitlines() == [
        "articles: 1 re-rendered",
        "benefits: 1 re-rendered",
        "calls to action: 1 re-rendered",
        "conditions: 1 re-rendered",
        "supplements: 1 re-rendered",
    ]
    assert Article.objects.get(pk=stale.pk).intro_html == "<p>Fresh <em>text</em>.</p>"
    assert Benefit.objects.get().description_html == "How benefit 1 works."
    assert CallToAction.objects.get().text_html == "<p>Click <strong>here</strong>.</p>"
    assert (
        Condition.objects.get(name="Cramps").description_html == "<p>Painful <em>spasms</em>.</p>"
    )
    assert Supplement.objects.get().description_html == "<p>A <strong>chelate</strong>.</p>"
    assert Article.objects.get(pk=untouched.pk).updated_at == before
