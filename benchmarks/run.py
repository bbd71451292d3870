"""Time the public pages against a floor view, and the article against Wagtail, in one run.

    python3 dev.py bench                      1,000 and 10,000 articles on SQLite
    python3 dev.py bench --sizes 1000,100000  any sizes
    SCMS_BENCH_DATABASE_URL=postgresql://… python3 dev.py bench   the same on PostgreSQL
    SCMS_BENCH_DATABASE_URL=mysql://… python3 dev.py bench        on MySQL or MariaDB
    python3 dev.py bench --smoke              200 articles, a few rounds (CI runs this)

Each page is requested alternately with the floor (a view returning the same bytes from memory),
so both see the same machine noise; the ratio of their medians is the figure to compare. The
data: about 30 conditions, 1 to 4 per article, 5 benefits each, as the performance issue asks.

The same articles are also built as Wagtail pages (benchmarks/wagtail_pages: a rich-text body
with the same HTML, the conditions as tags, the benefits inline, four related pages), since
"faster than Wagtail" is the claim a reader will check, and in a hand-written plain Django app
(benchmarks/plain_pages: its own models, one prefetching view, related posts by one aggregate),
the floor of what a competent hand-written app does. Each round requests, in turn, our article
with its cache warm, our article with the cache just cleared, Wagtail's page, the plain page and
the floor. Neither caches pages, so their figures are the comparison for both of ours.

At the end: how many of a sample of cached article pages are still warm after one save (an
edit of an article's text, then the publication of a new article); what a save costs the editor
when a thousand pages show the article, against one no other page shows; and each of the
performance targets, met or missed, with its ratio.
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

from benchmarks.data import build, empty_database  # noqa: E402
from benchmarks.urls import FLOOR  # noqa: E402
from supplements_cms.delivery.related import related_links  # noqa: E402
from supplements_cms.models import Article, Condition  # noqa: E402


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
    deep = max(1, size // settings_paginate() // 2)
    pages = {
        "list, first page": ("/articles/", "/plain/"),
        "list, deep page": (f"/articles/?page={deep}", f"/plain/?page={deep}"),
        "condition page": (busiest.get_absolute_url(), f"/plain/topics/{busiest.slug}/"),
        "feed": ("/articles/feeds/rss/", None),
    }
    for name, (url, plain_url) in pages.items():
        clear_cache()
        content, query_count = fetch(client, url)
        _, warm_count = fetch(client, url)
        clear_cache()
        _, cold_again = fetch(client, url)
        FLOOR[name] = content
        floor_url = f"/floor/{name}/"
        ms: dict[str, list[float]] = {"warm": [], "cold": [], "floor": [], "plain": []}
        for n in range(3 + rounds):  # the first three warm up all of them
            warm = timed(lambda url=url: client.get(url))
            clear_cache()
            cold = timed(lambda url=url: client.get(url))
            plain = timed(lambda u=plain_url: client.get(u)) if plain_url else float("nan")
            floor_ms = timed(lambda floor_url=floor_url: client.get(floor_url))
            if n >= 3:
                for key, value in zip(ms, (warm, cold, floor_ms, plain), strict=True):
                    ms[key].append(value)
        plain_ms = ms["plain"] if plain_url else None
        rows.append(row(name, ms["warm"], ms["floor"], (query_count, warm_count), len(content),
                        plain=plain_ms))  # fmt: skip
        rows.append(row(f"{name}, cold", ms["cold"], ms["floor"], (query_count, cold_again),
                        len(content), plain=plain_ms))  # fmt: skip
        if plain_url:
            plain_content, plain_count = fetch(client, plain_url)
            rows.append(row(f"plain {name}", ms["plain"], ms["floor"], (plain_count, plain_count),
                            len(plain_content)))  # fmt: skip
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
    ours, wagtail, plain, floor = (
        article.get_absolute_url(),
        f"/wagtail/{article.slug}/",
        f"/plain/{article.slug}/",
        "/floor/article/",
    )
    clear_cache()
    content, cold_count = fetch(client, ours)
    _, warm_count = fetch(client, ours)
    clear_cache()
    _, cold_again = fetch(client, ours)
    wagtail_content, wagtail_count = fetch(client, wagtail)
    _, wagtail_again = fetch(client, wagtail)
    plain_content, plain_count = fetch(client, plain)
    # The same article, or the comparison means nothing.
    for other in (wagtail_content, plain_content):
        assert f"<h1>{article.title}</h1>".encode() in other, other[:500]
        assert other.count(b"A benefit") == article.benefits.count(), "benefits missing"
    FLOOR["article"] = content
    etag = client.get(ours)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ours, HTTP_IF_NONE_MATCH=etag).status_code == 304
    revalidation_count = len(queries)
    ms: dict[str, list[float]] = {
        "warm": [], "cold": [], "wagtail": [], "plain": [], "304": [], "floor": []
    }  # fmt: skip
    for n in range(3 + rounds):  # the first three warm up all of them
        warm = timed(lambda: client.get(ours))
        revalidated = timed(lambda: client.get(ours, HTTP_IF_NONE_MATCH=etag))
        clear_cache()
        cold = timed(lambda: client.get(ours))
        wagtail_ms = timed(lambda: client.get(wagtail))
        plain_ms = timed(lambda: client.get(plain))
        floor_ms = timed(lambda: client.get(floor))
        if n >= 3:
            values = (warm, cold, wagtail_ms, plain_ms, revalidated, floor_ms)
            for name, value in zip(ms, values, strict=True):
                ms[name].append(value)
    return [
        row("article, warm", ms["warm"], ms["floor"], (cold_count, warm_count), len(content),
            ms["wagtail"], ms["plain"]),
        row("article, 304", ms["304"], ms["floor"], (revalidation_count, revalidation_count), 0),
        row("article, cold", ms["cold"], ms["floor"], (cold_count, cold_again), len(content),
            ms["wagtail"], ms["plain"]),
        row("Wagtail article", ms["wagtail"], ms["floor"], (wagtail_count, wagtail_again),
            len(wagtail_content)),
        row("plain article", ms["plain"], ms["floor"], (plain_count, plain_count),
            len(plain_content)),
    ]  # fmt: skip


def still_warm(size: int, sample: int) -> None:
    """Warm ``sample`` random article pages, make one change, count those still warm (served
    with no query), for an edit of one article's text and for a new article. The versions'
    check of each process (``CACHE_CHECK_SECONDS``, a query a second) is put off meanwhile: a
    slow machine would otherwise count it as a cold page."""
    from django.test import override_settings

    with override_settings(
        SUPPLEMENTS_CMS={**settings.SUPPLEMENTS_CMS, "CACHE_CHECK_SECONDS": 3600}
    ):
        _still_warm(size, sample)


def _still_warm(size: int, sample: int) -> None:
    import random

    from django.utils import timezone

    from benchmarks.data import random_article_like

    client = Client()
    rng = random.Random(11)
    slugs = [f"article-{n}" for n in rng.sample(range(size), sample)]
    urls = [f"/articles/{slug}/" for slug in slugs]
    clear_cache()
    for url in urls:
        fetch(client, url)

    def warm_share() -> float:
        warm = sum(1 for url in urls if fetch(client, url)[1] == 0)
        return 100 * warm / len(urls)

    assert warm_share() == 100, "pages just served are not served from the cache"
    edited = Article.objects.get(slug=slugs[0])
    edited.intro = "An introduction, rewritten."
    edited.save()
    after_edit = warm_share()
    published = random_article_like(edited, timezone.now())
    after_publish = warm_share()
    print(f"of {sample:,} cached article pages, still warm: {after_edit:.1f}% after an edit "
          f"of one article's text, {after_publish:.1f}% after publishing one "
          f"({published.title})")  # fmt: skip


def save_costs(size: int, rounds: int) -> tuple[float, float, int]:
    """Median ms of an article's save (its own page rendered again after the commit, as the
    editor waits for it) when up to 1,000 other pages show it (their editor's related pick),
    and when none does; and how many pages showed the first."""
    from supplements_cms.models import RelatedChoice, RelatedPost

    client = Client()
    popular, lonely = (Article.objects.get(slug=f"article-{n}") for n in (size // 3, size // 3 + 1))
    others = Article.objects.exclude(pk__in=[popular.pk, lonely.pk]).order_by("pk")[:1_000]
    RelatedPost.objects.bulk_create(
        RelatedPost(article=other, target=popular, position=99) for other in others
    )
    RelatedPost.objects.filter(target=lonely).delete()
    RelatedChoice.objects.filter(related=lonely).delete()
    showing = RelatedPost.objects.filter(target=popular).count()
    ms: dict[int, list[float]] = {popular.pk: [], lonely.pk: []}
    for n in range(2 + rounds):
        for article in (popular, lonely):
            fetch(client, article.get_absolute_url())  # its page rendered, to render again
            article.title = f"{article.slug} saved {n}"
            if n >= 2:
                ms[article.pk].append(timed(article.save))
            else:
                article.save()
    RelatedPost.objects.filter(target=popular, position=99).delete()
    return statistics.median(ms[popular.pk]), statistics.median(ms[lonely.pk]), showing


# The targets ("Every page ready before it is asked for"): (page, cold row, warm row).
PAGE_KINDS = [
    ("article", "article, cold", "article, warm"),
    ("list, first page", "list, first page, cold", "list, first page"),
    ("list, deep page", "list, deep page, cold", "list, deep page"),
    ("condition page", "condition page, cold", "condition page"),
]


def targets(results: dict[int, list[dict]], saves: dict[int, tuple[float, float, int]]) -> bool:
    """Print each target met or missed with its ratio; whether all were met."""
    verdicts: list[tuple[str, float, float]] = []
    for size, rows in results.items():
        by_name = {r["page"]: r for r in rows}
        for kind, cold, warm in PAGE_KINDS:
            ratio = float(by_name[cold]["plain"])
            verdicts.append((f"{kind}, cache empty, {size:,}: ≤ 0.5x plain Django", ratio, 0.5))
            cached = by_name[warm]["ratio"]
            verdicts.append((f"{kind}, cached, {size:,}: ≤ 2x the floor", cached, 2))
        popular, lonely, showing = saves[size]
        verdicts.append((f"a save of an article on {showing:,} pages, {size:,}: ≤ 2x one on none",
                         popular / lonely, 2))  # fmt: skip
    small, large = min(results), max(results)
    if large > small:
        # Each size's time as a multiple of the floor measured beside it: the sizes are measured
        # minutes apart, and what else the machine does meanwhile moves both alike (the raw
        # ratio is printed too).
        ours = {size: {r["page"]: r for r in rows} for size, rows in results.items()}
        for _kind, cold, warm in PAGE_KINDS:
            for name in (cold, warm):
                big, base = ours[large][name], ours[small][name]
                ratio = big["ratio"] / base["ratio"]
                raw = big["median"] / base["median"]
                label = f"{name}: {large:,} ≤ 1.2x {small:,} (× floor; raw {raw:.2f})"
                verdicts.append((label, ratio, 1.2))
    print(f"\nTargets ({connection.vendor})")
    for label, ratio, limit in verdicts:
        print(f"  {'met   ' if ratio <= limit else 'MISSED'} {ratio:6.2f}  {label}")
    return all(ratio <= limit for _label, ratio, limit in verdicts)


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
    plain: list[float] | None = None,
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
        "plain": f"{median / statistics.median(plain):.2f}" if plain else "",
        "queries": f"{queries[0]}/{queries[1]}",
        "bytes": size,
    }


def report(size: int, rows: list[dict]) -> None:
    vendor = connection.vendor
    print(f"\n{size:,} articles on {vendor} ({connection.settings_dict['NAME']})")
    print("queries: on the first request / on a repeat; times: repeats, with the cache cleared "
          "before each in the cold rows")  # fmt: skip
    print(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'floor ms':>9} {'× floor':>8} "
          f"{'× Wagtail':>10} {'× plain':>8} {'queries':>8} {'bytes':>8}")  # fmt: skip
    for r in rows:
        print(
            f"{r['page']:<28} {r['median']:>10.2f} {r['p95']:>8.2f} {r['floor']:>9.3f} "
            f"{r['ratio']:>8.1f} {r['wagtail']:>10} {r['plain']:>8} {r['queries']:>8} "
            f"{r['bytes']:>8}"
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
    empty_database()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Django {django.get_version()}, Wagtail {version('wagtail')}, "
          f"Python {sys.version.split()[0]}, {rounds} rounds per page, "
          f"{time.strftime('%Y-%m-%d')}")  # fmt: skip
    results, saves = {}, {}
    for size in sizes:
        started = time.perf_counter()
        build(size)
        # The previous size's renderings and Wagtail's site root paths name flushed rows.
        cache.clear()
        print(f"built {size:,} articles, ours and Wagtail's, in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        results[size] = measure(rounds, size)
        report(size, results[size])
        still_warm(size, sample=min(size, 200 if args.smoke else 1_000))
        saves[size] = save_costs(size, rounds=3 if args.smoke else 10)
        popular, lonely, showing = saves[size]
        print(f"a save, its own page rendered again: {popular:.1f} ms when {showing:,} pages "
              f"show it, {lonely:.1f} ms when none does")  # fmt: skip
    # Printed, not enforced: the smoke run's figures on a shared CI machine are noise.
    targets(results, saves)
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        connection.close()


if __name__ == "__main__":
    main()
