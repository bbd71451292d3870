"""The pages' query counts do not grow with the size of what they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supplements_cms.models import Contributor, Reference, RelatedPost
from tests.factories import make_article, make_cta, make_supplement, sign_off

pytestmark = pytest.mark.django_db

# The page's versions (from the database where the cache is per process; tests/test_http_caching.py
# has the shared-cache figures), the article, and everything else it shows in one row: its
# conditions, benefits, references, the call to action, the editor's related picks, the stored
# automatic related choice with their conditions, and the previous and next article.
ARTICLE_PAGE_QUERIES = 3


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


def test_list_pages_query_count_is_constant(client):
    supplement = make_supplement()
    make_article(conditions=["Fibromyalgia"], supplement=supplement)
    small = [
        queries_for(client, url)
        for url in (
            "/articles/",
            "/articles/conditions/fibromyalgia/",
            "/articles/supplements/magnesium-glycinate/",
        )
    ]
    for i in range(9):
        make_article(conditions=["Fibromyalgia", f"Other {i}"], supplement=supplement)
    large = [
        queries_for(client, url)
        for url in (
            "/articles/",
            "/articles/conditions/fibromyalgia/",
            "/articles/supplements/magnesium-glycinate/",
        )
    ]
    assert small == large
    # Cold: the versions, the list's kept size (less its scheduled articles), the page's ids, its
    # rows, their conditions; a topic page first finds its topic. Warm, only the versions
    # (tests/test_caching.py), or none where the cache is shared (tests/test_http_caching.py).
    assert large == [5, 6, 6]
