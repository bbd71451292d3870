"""The pages' query counts do not grow with the size of what they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supplements_cms.models import Contributor, Reference, RelatedPost
from tests.factories import make_article, make_cta, make_supplement, sign_off

pytestmark = pytest.mark.django_db

# A page rendered for the first time: the article with its stored fragment (none yet) and the
# page's versions, in one query; for a reader, the article again with its supplement and
# contributors (a reader's first query reads nothing it links to); everything else it shows in one
# row: its conditions, benefits, references, the call to action, the editor's related picks, the
# stored automatic related choice with their conditions, and the previous and next article; then
# the fragment kept (one statement, between a savepoint and its release inside a test's
# transaction).
ARTICLE_PAGE_QUERIES = 6
# Any later read no cache holds: the article, its current fragment and the page's versions.
COLD_ARTICLE_PAGE_QUERIES = 1
LIST_PAGE_QUERIES = 8
COLD_LIST_PAGE_QUERIES = 1


def build(size: int):
    supplement = make_supplement()
    names = [f"Condition {i}" for i in range(size)]
    article = make_article(conditions=names, benefits=size, additional=size, supplement=supplement)
    make_cta("Default", is_default=True)
    for i in range(size):
        other = make_article(conditions=names[: i + 1], supplement=supplement)
        RelatedPost.objects.create(article=article, target=other, position=i)
        Reference.objects.create(
            article=article, title=f"Study {i}", doi=f"10.1000/s{i}", position=i
        )
    article.byline = Contributor.objects.create(name="Ada", credentials="RD")
    article.save()
    sign_off(article, Contributor.objects.create(name="Grace", credentials="MD"))
    return article


def queries_for(client, url: str) -> int:
    cache.clear()  # the whole page, and the versions' copy in it where it is shared
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [1, 3, 12])
def test_article_page_query_count_is_constant(client, settings, size, django_assert_num_queries):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 20}
    article = build(size)
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b'class="scms-related__item"') == size
    cache.clear()  # the whole-page cache, and the versions' copy in it where it is shared
    with django_assert_num_queries(COLD_ARTICLE_PAGE_QUERIES):
        again = client.get(article.get_absolute_url())
    assert again.content == response.content


def test_list_pages_query_count_is_constant(client):
    supplement = make_supplement()
    make_article(conditions=["Fibromyalgia"], supplement=supplement)
    urls = (
        "/articles/",
        "/articles/conditions/fibromyalgia/",
        "/articles/supplements/magnesium-glycinate/",
    )
    small = [queries_for(client, url) for url in urls]
    for i in range(9):
        make_article(conditions=["Fibromyalgia", f"Other {i}"], supplement=supplement)
    large = [queries_for(client, url) for url in urls]
    assert small == large
    # Rendered (never read, or made stale by a save): the page's stored cards and versions (with
    # its topic on a topic's page, whose articles are then checked live with the topic read
    # again), the list's kept size (less its scheduled articles), the page's ids, its rows, their
    # conditions; then the cards kept (a statement between a savepoint and its release inside a
    # test's transaction).
    assert large == [LIST_PAGE_QUERIES, LIST_PAGE_QUERIES + 1, LIST_PAGE_QUERIES + 1]
    # No cache holds it: the stored cards with the versions that say they are current.
    again = [queries_for(client, url) for url in urls]
    assert again == [COLD_LIST_PAGE_QUERIES] * 3
