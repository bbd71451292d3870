"""Every query the public pages make can be answered from an index, never by reading a whole
table of the package's: EXPLAIN on each query a page sends.

On PostgreSQL the planner is told to avoid sequential scans (``enable_seqscan = off``), so a
``Seq Scan`` left in a plan means no index can serve that query; on a table this small it
would otherwise choose one anyway. On SQLite, whose planner does not weigh table sizes the
same way, a full scan shows as ``SCAN <table>`` without an index. MySQL and MariaDB read a small
table whole whatever its indexes, so there a full scan counts only when EXPLAIN names no index
that could serve it (``possible_keys`` empty).
"""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection

from supplements_cms.models import Reference, RelatedPost
from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db

# The index pages and the sitemap list every condition and every supplement: reading those
# (small) tables whole is what they are for.
LISTS_WHOLE_TABLE = {
    "/articles/conditions/": {"supplements_cms_condition"},
    "/articles/supplements/": {"supplements_cms_supplement"},
    "/sitemap.xml": {"supplements_cms_condition", "supplements_cms_supplement"},
}


@pytest.fixture
def site(settings):
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 3, "RELATED_POSTS": 4}
    supplement = make_supplement()
    make_cta("Default", is_default=True)
    make_cta("Cramps", conditions=["Muscle cramps"])
    articles = [
        make_article(
            title=f"Magnesium note {n}",
            conditions=["Muscle cramps", "Insomnia"][: 1 + n % 2],
            supplement=supplement,
            benefits=2,
            days_ago=n + 1,
        )
        for n in range(12)
    ]
    make_article(title="Draft", published=False, conditions=["Insomnia"])
    article = articles[5]
    RelatedPost.objects.create(article=article, target=articles[9], position=1)
    RelatedPost.objects.create(article=article, url="https://example.org/", title="Ext", position=2)
    Reference.objects.create(article=article, title="A trial", doi="10.1000/t", position=1)
    return article


def page_urls(article) -> list[str]:
    return [
        article.get_absolute_url(),
        "/articles/",
        "/articles/?page=3",
        "/articles/conditions/muscle-cramps/",
        "/articles/conditions/muscle-cramps/?page=2",
        "/articles/supplements/magnesium-glycinate/",
        "/articles/conditions/",
        "/articles/supplements/",
        "/articles/search/?q=magnesium+note",
        "/articles/feeds/rss/",
        "/articles/conditions/muscle-cramps/feeds/atom/",
        "/sitemap.xml",
    ]


def queries_of(client, url: str) -> list[tuple[str, tuple]]:
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    cache.clear()  # the article page's cold path, which makes the most queries
    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200
    return [(sql, params) for sql, params in sent if sql.lstrip().upper().startswith("SELECT")]


def full_scans(sql: str, params) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            nodes = _nodes(json.loads(plan) if isinstance(plan, str) else plan)
            return {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}
        if connection.vendor == "mysql":
            return _mysql_full_scans(cursor, sql, params)
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        details = [row[-1] for row in cursor.fetchall()]
        return {d.split()[1] for d in details if d.startswith("SCAN ") and " USING " not in d}


def _mysql_full_scans(cursor, sql: str, params) -> set[str]:
    # EXPLAIN names tables by their alias in the query: `supplements_cms_article` U0.
    aliases = dict(re.findall(r"`(\w+)` (?:AS )?`?(\w+)`?", sql))
    tables = {alias: table for table, alias in aliases.items()}
    cursor.execute("EXPLAIN " + sql, params)
    names = [column[0] for column in cursor.description]
    found = set()
    for row in cursor.fetchall():
        step = dict(zip(names, row, strict=True))
        if step["type"] == "ALL" and not step["possible_keys"]:
            found.add(tables.get(step["table"], step["table"]))
    return found


def _nodes(plan) -> list[dict]:
    if isinstance(plan, list):
        return [n for item in plan for n in _nodes(item)]
    found = [plan["Plan"]] if "Plan" in plan else [plan] if "Node Type" in plan else []
    for node in list(found):
        found += _nodes(node.get("Plans", []))
    return found


def test_no_page_reads_a_whole_table_of_the_package(client, site):
    problems = {}
    checked = 0
    for url in page_urls(site):
        for sql, params in queries_of(client, url):
            checked += 1
            ours = {t for t in full_scans(sql, params) if t.startswith("supplements_cms_")}
            ours -= LISTS_WHOLE_TABLE.get(url, set())
            if ours:
                problems.setdefault(url, []).append((sorted(ours), sql[:300]))
    assert checked >= 3 * len(page_urls(site))
    assert problems == {}


def test_the_check_finds_a_full_scan():
    # A filter no index covers: the check must see the table read whole.
    table, column = map(connection.ops.quote_name, ("supplements_cms_article", "summary"))
    scans = full_scans(f"SELECT id FROM {table} WHERE {column} LIKE %s", ["%magnesium%"])
    assert scans == {"supplements_cms_article"}


@pytest.mark.parametrize("url", ["/articles/?page=2", "/articles/conditions/muscle-cramps/"])
def test_a_lists_rows_are_loaded_by_primary_key(client, site, url):
    # With the list's filters and order, SQLite walks the publication index to find ten rows:
    # 22 ms at 100,000 articles instead of 0.2.
    table = connection.ops.quote_name("supplements_cms_article")
    body, title = (f"{table}.{connection.ops.quote_name(c)}" for c in ("body_html", "title"))
    rows = [
        (sql, params) for sql, params in queries_of(client, url) if body not in sql and title in sql
    ]
    assert len(rows) == 1
    sql, _params = rows[0]
    assert "ORDER BY" not in sql
    assert "published_at" not in sql.split("WHERE", 1)[1]
