"""Time and memory of reading a WordPress export: the issue's target is a 100 MB export in at most
200 MB of memory, in time linear in its size.

    python3 dev.py bench             runs this after the page benchmarks
    .venv/django5.2/bin/python benchmarks/wordpress.py [--mb 100] [--smoke]

A generated export (posts in classic, HTML and block markup, with attachments, comments and
pages between them) is written at a quarter of the size and at the full size. Each is read in a
fresh process, as the command reads it: the whole file once (``mapping.index``), then every post
through the content stage and the plain-text parser (``mapping.to_article``). Storing is left
out: it is the plain-text import's per-article cost, the same whatever the file. The peak
resident memory of that process (``ru_maxrss``), its wall and CPU time are printed, and the CPU
time per MB of the two sizes compared: a ratio near 1 is linear.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 200

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Minerals</title><link>https://bench.example</link>
<wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:author><wp:author_login>ed</wp:author_login>
<wp:author_display_name>Ed Itor</wp:author_display_name></wp:author>
"""
BODIES = [
    # Classic editor: no <p>, blank lines between paragraphs.
    "People ask about {s} often &amp; it&#8217;s worth a careful look.\n\n"
    "<h2>What is {s}?</h2>\nA mineral form sold in capsules.\n\n"
    "<h2>Benefits of {s}</h2>\n<ol>\n<li><strong>Muscle Function:</strong> supports normal "
    "muscle function.</li>\n<li><strong>Energy:</strong> reduces tiredness.</li>\n</ol>\n"
    "<h2>How to Take {s}</h2>\nLabels suggest 200 to 400 mg per day.\n\n"
    '[gallery ids="1,2"]\n<h2>Conclusion</h2>\nAsk your doctor first.\n',
    # Explicit HTML.
    '<p>A short introduction to {s} with <a href="https://bench.example/x">a link</a>.</p>'
    "<h2>Benefits of {s}</h2><h3>1. Normal Bones</h3><p>Part of normal bones.</p>"
    "<h3>2. Normal Teeth</h3><p>Part of normal teeth.</p><script>x()</script>",
    # Block markup.
    "<!-- wp:paragraph --><p>Block markup about {s}.</p><!-- /wp:paragraph -->"
    '<!-- wp:heading --><h2 class="wp-block-heading">Benefits of {s}</h2><!-- /wp:heading -->'
    '<!-- wp:list {{"ordered":true}} --><ol><!-- wp:list-item --><li>Sleep: a calm evening.'
    "</li><!-- /wp:list-item --></ol><!-- /wp:list --><!-- wp:latest-posts /-->",
]
FILLER = "<p>More words about minerals and what labels say, written for the benchmark.</p>\n"


def write_export(path: Path, megabytes: float) -> int:
    """Write an export of about ``megabytes`` MB; return how many posts it has."""
    target = int(megabytes * 1024 * 1024)
    written = 0
    posts = 0
    with path.open("w", encoding="utf-8") as out:
        written += out.write(HEAD)
        n = 0
        while written < target:
            n += 1
            body = BODIES[n % 3].format(s=f"Magnesium Form {n}") + FILLER * (n % 40)
            kind = "page" if n % 25 == 0 else "post"
            posts += kind == "post"
            written += out.write(
                f"<item><title><![CDATA[Magnesium Form {n} &amp; Sleep]]></title>"
                f"<link>https://bench.example/2024/01/form-{n}/</link>"
                f'<dc:creator>ed</dc:creator><guid isPermaLink="false">https://bench.example/?p={n}'
                f"</guid><content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date_gmt>2024-01-01 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>form-{n}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>{kind}</wp:post_type>"
                f'<category domain="post_tag" nicename="sleep"><![CDATA[Sleep]]></category>'
                f"<wp:postmeta><wp:meta_key>_yoast_wpseo_title</wp:meta_key>"
                f"<wp:meta_value>%%title%% %%sep%% %%sitename%%</wp:meta_value></wp:postmeta>"
                f"<wp:comment><wp:comment_content>Nice</wp:comment_content></wp:comment>"
                f"</item>\n"
            )
        out.write("</channel></rss>\n")
    return posts


def read_export(path: str) -> None:
    """In the child process: read the export as the command does, and print the figures."""
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    settings.configure(USE_I18N=False)
    from supplements_cms.content.importing.wordpress import mapping, wxr

    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_start = before.ru_utime + before.ru_stime
    with open(path, "rb") as stream:
        found = mapping.index(wxr.read(stream, max_item_chars=1024 * 1024))
    mapped = 0
    with open(path, "rb") as stream:
        for item in wxr.read(stream, max_item_chars=1024 * 1024):
            if isinstance(item, wxr.Item) and not mapping.skip_reason(item):
                mapping.to_article(item, found)
                mapped += 1
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_start
    print(f"{seconds:.3f} {cpu:.3f} {usage.ru_maxrss / 1024:.1f} {mapped}")


def measure(megabytes: float, folder: Path) -> tuple[float, float, float, float, int]:
    path = folder / f"export-{megabytes:g}mb.xml"
    write_export(path, megabytes)
    size_mb = path.stat().st_size / 1024 / 1024
    child = subprocess.run(
        [sys.executable, __file__, "--read", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    path.unlink()
    seconds, cpu, peak, posts = child.stdout.split()
    return size_mb, float(seconds), float(cpu), float(peak), int(posts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--smoke", action="store_true", help="about 1 MB: keeps the script alive")
    parser.add_argument("--read", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        read_export(args.read)
        return
    full = 1.0 if args.smoke else args.mb
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in (full / 4, full):
            rows.append(measure(megabytes, Path(folder)))
    print(f"{'export':>10} {'posts':>8} {'wall':>9} {'CPU':>9} {'CPU s/MB':>9} {'peak RSS':>9}")
    for size, seconds, cpu, peak, posts in rows:
        print(
            f"{size:8.1f}MB {posts:8d} {seconds:8.2f}s {cpu:8.2f}s {cpu / size:9.3f} {peak:7.1f}MB"
        )
    (small, _w, cpu_small, *_), (large, _w2, cpu_large, peak, _posts) = rows
    # CPU time rather than wall time: on a shared machine the wall clock measures the neighbours.
    ratio = (cpu_large / large) / (cpu_small / small)
    print(f"CPU time per MB, full size against a quarter: {ratio:.2f} (1.00 is linear)")
    verdict = "met" if peak <= TARGET_MB else "MISSED"
    print(f"peak memory at {large:.0f} MB: {peak:.0f} MB, target {TARGET_MB} MB: {verdict}")


if __name__ == "__main__":
    main()
