"""Signals for host sites: sent once the transaction commits, never for one rolled back, and
only when what readers see changes."""

from __future__ import annotations

import pytest
from django.db import transaction

from supplements_cms.editorial import actions
from supplements_cms.models import Article
from supplements_cms.signals import article_address_changed, article_published, article_unpublished
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    got: list[tuple[str, dict]] = []

    def listener(name):
        def receive(sender, signal, **kwargs):
            assert sender is Article
            got.append((name, kwargs))

        return receive

    receivers = [
        (article_published, listener("published")),
        (article_unpublished, listener("unpublished")),
        (article_address_changed, listener("moved")),
    ]
    for signal, receiver in receivers:
        signal.connect(receiver)
    yield got
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def test_publish_move_and_unpublish_are_announced_after_the_commit(heard):
    article = make_article(title="Announced", slug="announced", published=False)
    with transaction.atomic():
        actions.PublishArticle(article, None).execute()
        assert heard == []  # not before the commit
    assert [name for name, _ in heard] == ["published"]
    assert heard[0][1]["article_id"] == article.pk
    assert heard[0][1]["url"] == "/articles/announced/"
    article.refresh_from_db()
    article.slug = "moved"
    article.save()
    assert heard[-1] == (
        "moved",
        {"article_id": article.pk, "old_url": "/articles/announced/", "url": "/articles/moved/"},
    )
    actions.UnpublishArticle(article, None).execute()
    assert heard[-1] == ("unpublished", {"article_id": article.pk, "url": "/articles/moved/"})


def test_nothing_is_announced_for_a_rolled_back_publication(heard):
    article = make_article(title="Rolled back", published=False)

    def publish_then_fail():
        with transaction.atomic():
            actions.PublishArticle(article, None).execute()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert heard == []
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_a_text_change_or_a_draft_is_not_announced(heard):
    live = make_article(title="Live")
    draft = make_article(title="Draft", published=False)
    heard.clear()  # creating a published article announces it
    live.intro = "New words."
    live.save()
    draft.slug = "elsewhere"
    draft.save()
    assert heard == []


def test_deleting_a_live_article_announces_it_gone(heard):
    live = make_article(title="Gone", slug="gone")
    pk = live.pk
    heard.clear()
    actions.DeleteArticle(live, None).execute()
    assert heard == [("unpublished", {"article_id": pk, "url": "/articles/gone/"})]
