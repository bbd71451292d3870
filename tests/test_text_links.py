"""The index of what articles' texts name by id: kept at each save, read when a target changes,
so that finding the pages a rename or a new image makes stale reads no article's text."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from supplements_cms.content import library
from supplements_cms.content.article_links import linking_to, reference_url
from supplements_cms.delivery.caching import content_changed
from supplements_cms.models import Article, Benefit, LibraryImage, TextLink
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def index() -> set[tuple[int, int | None, str, int]]:
    return set(TextLink.objects.values_list("article_id", "benefit_id", "kind", "target"))


def image(name: str = "zinc") -> LibraryImage:
    return LibraryImage.objects.create(
        file=f"supplements_cms/images/{name}.png", alt_text=name, width=1, height=1, size=1
    )


def test_a_save_indexes_what_its_text_names_and_forgets_what_it_no_longer_does():
    zinc, iron = make_article(title="Zinc"), make_article(title="Iron")
    picture = image()
    page = make_article(
        title="Minerals",
        intro=f"See [zinc]({reference_url(zinc.pk)}).",
        conclusion=f"![A mineral]({library.reference_url(picture.pk)})",
    )
    benefit = Benefit.objects.create(
        article=page, title="Pairs", description=f"With [iron]({reference_url(iron.pk)}).",
        position=1,
    )  # fmt: skip
    assert index() == {
        (page.pk, None, TextLink.ARTICLE, zinc.pk),
        (page.pk, None, TextLink.IMAGE, picture.pk),
        (page.pk, benefit.pk, TextLink.ARTICLE, iron.pk),
    }
    page.intro = "No link any more."
    page.save()
    assert index() == {
        (page.pk, None, TextLink.IMAGE, picture.pk),
        (page.pk, benefit.pk, TextLink.ARTICLE, iron.pk),
    }
    benefit.delete()
    assert index() == {(page.pk, None, TextLink.IMAGE, picture.pk)}
    page.delete()
    assert index() == set()


def test_linking_pages_are_found_by_the_index_and_an_address_is_not_a_prefix_of_another():
    target = make_article(title="Target")
    for n in range(3):
        make_article(title=f"Links {n}", body=f"[It]({reference_url(target.pk)})")
    make_article(title="Links elsewhere", body=f"[Other]({reference_url(target.pk * 10 + 7)})")
    make_article(title="Names it in words", body=f"The address {reference_url(target.pk)[:-1]}")
    assert sorted(linking_to(target.pk)) == ["links-0", "links-1", "links-2"]


def test_a_target_s_save_reads_no_article_s_text():
    """What a rename makes stale is read off the index: a save costs the same however large
    the archive's texts are."""
    target = make_article(title="Target")
    linking = make_article(title="Linking", body=f"[It]({reference_url(target.pk)})")
    for n in range(5):
        make_article(title=f"Unrelated {n}", body="Text " * 200)
    with CaptureQueriesContext(connection) as queries:
        target.slug = "target-renamed"
        target.save()
    searched = [q["sql"] for q in queries if "LIKE" in q["sql"].upper() and "_html" in q["sql"]]
    assert searched == []
    assert linking_to(target.pk) == [linking.slug]


def test_writes_that_skip_save_are_indexed_again_by_content_changed():
    target, page = make_article(title="Target"), make_article(title="Page")
    html = f'<p><a href="{reference_url(target.pk)}">it</a></p>'
    Article.objects.filter(pk=page.pk).update(body_html=html)
    assert index() == set()
    content_changed()
    assert index() == {(page.pk, None, TextLink.ARTICLE, target.pk)}


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_links_already_written():
    before, after = (
        [("supplements_cms", "0025_render_fragments")],
        [("supplements_cms", "0026_text_links")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    articles = old.get_model("supplements_cms", "Article").objects
    target = articles.create(title="Target", slug="target")
    page = articles.create(
        title="Page",
        slug="page",
        body_html=f'<p><a href="{reference_url(target.pk)}">it</a></p>'
        f'<img src="{library.reference_url(41)}" alt="">',
    )
    benefit = old.get_model("supplements_cms", "Benefit").objects.create(
        article=page, title="B", description_html=f'<a href="{reference_url(target.pk)}">it</a>'
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        rows = new.get_model("supplements_cms", "TextLink").objects
        assert set(rows.values_list("article_id", "benefit_id", "kind", "target")) == {
            (page.pk, None, "article", target.pk),
            (page.pk, None, "image", 41),
            (page.pk, benefit.pk, "article", target.pk),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes("supplements_cms"))


def test_an_id_of_twelve_digits_is_indexed():
    """Ids are big integers, and an editor may type any address: it is indexed, not an
    overflow (a 500 on PostgreSQL and MariaDB with a 32-bit column)."""
    big = 999_999_999_999
    page = make_article(title="Far", body=f"[Far away]({reference_url(big)})")
    assert index() == {(page.pk, None, TextLink.ARTICLE, big)}
    assert linking_to(big) == [page.slug]
