"""Time the public pages against a floor view, and the article against Wagtail, in one run.

    python3 dev.py bench                      1,000 and 10,000 articles on SQLite
    python3 dev.py bench --sizes 1000,100000  any sizes
    SCMS_BENCH_DATABASE_URL=postgresql://… python3 dev.py bench   the same on PostgreSQL
    python3 dev.py bench --smoke              200 articles, a few rounds (CI runs this)

Each page is requested alternately with the floor (a view returning the same bytes from memory),
so both see the same machine noise; the ratio of their medians is the figure to compare. The
data: about 30 conditions, 1 to 4 per article, 5 benefits each, as the performance issue asks.

The same articles are also built as Wagtail pages (benchmarks/wagtail_pages: a rich-text body
with the same HTML, the conditions as tags, the benefits inline, four related pages), since
"faster than Wagtail" is the claim a reader will check. Each round requests, in turn, our article
with its cache warm, our article with the cache just cleared, Wagtail's page and the floor.
Wagtail caches no pages by default, so its one figure is the comparison for both of ours.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django

# dev.py's BENCH_REQUIREMENTS name the one Wagtail this app and migration are written for.
if find_spec("wagtail") is None:
    sys.exit("benchmarks/run.py compares with Wagtail: run it with `python3 dev.py bench`.")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from benchmarks.data import build  # noqa: E402
from benchmarks.urls import FLOOR  # noqa: E402
from supplements_cms.models import Article, Condition  # noqa: E402
from supplements_cms.related import related_links  # noqa: E402


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fetch(client: Client, url: str) -> tuple[bytes, int]:
    """A page's bytes and the queries it took, once it is known to be served."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content, len(queries)


def clear_cache() -> None:
    """Empty the cache for our cold article, then put back Wagtail's site root paths.

    Wagtail keeps them in the same cache on any site; losing them would cost its page a query
    that a running Wagtail site does not pay.
    """
    cache.clear()
    Site.get_site_root_paths()


def measure(rounds: int, size: int) -> list[dict]:
    client = Client()
    middle = Article.objects.get(slug=f"article-{size // 2}")
    busiest = Condition.objects.order_by("name").first()
    rows = measure_article(client, rounds, middle)
    pages = {
        "list, first page": "/articles/",
        "list, deep page": f"/articles/?page={max(1, size // settings_paginate() // 2)}",
        "condition page": busiest.get_absolute_url(),
        "feed": "/articles/feeds/rss/",
    }
    for name, url in pages.items():
        clear_cache()
        content, query_count = fetch(client, url)
        _, warm_count = fetch(client, url)
        clear_cache()
        _, cold_again = fetch(client, url)
        FLOOR[name] = content
        floor_url = f"/floor/{name}/"
        cached = warm_count < query_count  # the feed is not cached, so it has no cold row
        ms: dict[str, list[float]] = {"warm": [], "cold": [], "floor": []}
        for n in range(3 + rounds):  # the first three warm up all of them
            warm = timed(lambda url=url: client.get(url))
            if cached:
                clear_cache()
                ms["cold"].append(timed(lambda url=url: client.get(url)))
            floor_ms = timed(lambda floor_url=floor_url: client.get(floor_url))
            if n >= 3:
                ms["warm"].append(warm)
                ms["floor"].append(floor_ms)
        rows.append(row(name, ms["warm"], ms["floor"], (query_count, warm_count), len(content)))
        if cached:
            cold = ms["cold"][3:]
            rows.append(row(f"{name}, cold", cold, ms["floor"], (query_count, cold_again),
                            len(content)))  # fmt: skip
    related_ms = []
    with CaptureQueriesContext(connection) as queries:
        related_links(middle)
    for _ in range(rounds):
        related_ms.append(timed(lambda: related_links(middle)))
    # A function call, not a page: it has no floor to compare with.
    count = len(queries)
    rows.append(row("related choice", related_ms, [], (count, count), 0))
    return rows


def measure_article(client: Client, rounds: int, article: Article) -> list[dict]:
    """Our article warm and cold, and the same article as a Wagtail page, in turn each round."""
    ours, wagtail, floor = (
        article.get_absolute_url(),
        f"/wagtail/{article.slug}/",
        "/floor/article/",
    )
    clear_cache()
    content, cold_count = fetch(client, ours)
    _, warm_count = fetch(client, ours)
    clear_cache()
    _, cold_again = fetch(client, ours)
    wagtail_content, wagtail_count = fetch(client, wagtail)
    _, wagtail_again = fetch(client, wagtail)
    # The same article, or the comparison means nothing.
    assert f"<h1>{article.title}</h1>".encode() in wagtail_content, wagtail_content[:500]
    assert wagtail_content.count(b"A benefit") == article.benefits.count(), "benefits missing"
    FLOOR["article"] = content
    ms: dict[str, list[float]] = {"warm": [], "cold": [], "wagtail": [], "floor": []}
    for n in range(3 + rounds):  # the first three warm up all of them
        warm = timed(lambda: client.get(ours))
        clear_cache()
        cold = timed(lambda: client.get(ours))
        wagtail_ms = timed(lambda: client.get(wagtail))
        floor_ms = timed(lambda: client.get(floor))
        if n >= 3:
            for name, value in zip(ms, (warm, cold, wagtail_ms, floor_ms), strict=True):
                ms[name].append(value)
    return [
        row("article, warm", ms["warm"], ms["floor"], (cold_count, warm_count), len(content),
            ms["wagtail"]),
        row("article, cold", ms["cold"], ms["floor"], (cold_count, cold_again), len(content),
            ms["wagtail"]),
        row("Wagtail article", ms["wagtail"], ms["floor"], (wagtail_count, wagtail_again),
            len(wagtail_content)),
    ]  # fmt: skip


def settings_paginate() -> int:
    from supplements_cms import conf

    return conf.get("PAGINATE_BY")


def row(
    name: str,
    ms: list[float],
    floor: list[float],
    queries: tuple[int, int],
    size: int,
    wagtail: list[float] | None = None,
) -> dict:
    """``queries``: on the first request, and on a repeat (the article page's cache is warm)."""
    median = statistics.median(ms)
    floor_median = statistics.median(floor) if floor else float("nan")
    return {
        "page": name,
        "median": median,
        "p95": percentile(ms, 0.95),
        "floor": floor_median,
        "ratio": median / floor_median,
        "wagtail": f"{median / statistics.median(wagtail):.2f}" if wagtail else "",
        "queries": f"{queries[0]}/{queries[1]}",
        "bytes": size,
    }


def report(size: int, rows: list[dict]) -> None:
    vendor = connection.vendor
    print(f"\n{size:,} articles on {vendor} ({connection.settings_dict['NAME']})")
    print("queries: on the first request / on a repeat; times: repeats, with the cache cleared "
          "before each in the cold rows")  # fmt: skip
    print(f"{'page':<24} {'median ms':>10} {'p95 ms':>8} {'floor ms':>9} {'× floor':>8} "
          f"{'× Wagtail':>10} {'queries':>8} {'bytes':>8}")  # fmt: skip
    for r in rows:
        print(
            f"{r['page']:<24} {r['median']:>10.2f} {r['p95']:>8.2f} {r['floor']:>9.3f} "
            f"{r['ratio']:>8.1f} {r['wagtail']:>10} {r['queries']:>8} {r['bytes']:>8}"
        )


def main(argv: list[str] | None = None) -> None:
    # Django empties the query log when a request starts; keep it, so queries can be counted.
    request_started.disconnect(reset_queries)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--rounds", type=int, default=30, help="timed requests per page")
    parser.add_argument("--smoke", action="store_true", help="200 articles, 5 rounds")
    args = parser.parse_args(argv)
    sizes = [200] if args.smoke else [int(s) for s in args.sizes.split(",")]
    rounds = 5 if args.smoke else args.rounds
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Django {django.get_version()}, Wagtail {version('wagtail')}, "
          f"Python {sys.version.split()[0]}, {rounds} rounds per page, "
          f"{time.strftime('%Y-%m-%d')}")  # fmt: skip
    for size in sizes:
        started = time.perf_counter()
        build(size)
        # The previous size's renderings and Wagtail's site root paths name flushed rows.
        cache.clear()
        print(f"built {size:,} articles, ours and Wagtail's, in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        report(size, measure(rounds, size))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        connection.close()


if __name__ == "__main__":
    main()
