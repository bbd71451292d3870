"""Time the work done on editor text at growing sizes: each step should about double.

    .venv/django5.2/bin/python benchmarks/linear.py            2,000 to 16,000
    .venv/django5.2/bin/python benchmarks/linear.py --sizes 1000,8000

Prints, for each shape of text, the best of three timings per size and the ratio of each size to
the first; linear work grows like the sizes, quadratic work like their squares. The save runs on
an in-memory SQLite database (the test settings); nothing is kept.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from supplements_cms.content.importing.parser import parse_article  # noqa: E402
from supplements_cms.content.markdown import add_heading_ids, render_markdown  # noqa: E402
from supplements_cms.models import Article  # noqa: E402


def save_article(body: str) -> Callable[[], object]:
    def run() -> None:
        article = Article(title="Benchmark", body=body)
        article.save()
        article.delete()

    return run


# name: (what is timed, the text for size n)
CASES: dict[str, tuple[Callable[[str], Callable[[], object]], Callable[[int], str]]] = {
    "save: repeated headings": (
        save_article,
        lambda n: "\n\n".join("## Same heading\n\nA line under it." for _ in range(n)),
    ),
    "anchors: repeated headings": (
        lambda html: lambda: add_heading_ids(html),
        lambda n: render_markdown("\n\n".join("## Same heading" for _ in range(n))),
    ),
    "import parser: repeated headings": (
        lambda text: lambda: parse_article(text),
        lambda n: "Title\n\n" + "\n\n".join("Same Heading\n\nSome text." for _ in range(n)),
    ),
    "import parser: one paragraph of n lines": (
        lambda text: lambda: parse_article(text),
        lambda n: "Title\n\n" + "\n".join("a line of text." for _ in range(n)),
    ),
    "import parser: n related posts": (
        lambda text: lambda: parse_article(text),
        lambda n: "Title\n\nBody.\n\nRelated Posts\n\n" + "\n".join(f"Post {i}" for i in range(n)),
    ),
    "import parser: n conclusions": (
        lambda text: lambda: parse_article(text),
        lambda n: "Title\n\n" + "\n\n".join("Conclusion\n\nText." for _ in range(n)),
    ),
    "import parser: heading with 10n spaces": (
        lambda text: lambda: parse_article(text),
        lambda n: "Title\n\n# a" + " " * (10 * n) + "b",
    ),
}


def best_of_three(call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,4000,8000,16000", help="comma-separated sizes")
    sizes = [int(s) for s in parser.parse_args(argv).sizes.split(",")]
    call_command("migrate", interactive=False, verbosity=0)
    print(f"{'':42}" + "".join(f"{n:>10,}" for n in sizes) + "   ratios to the first")
    for name, (timed, make) in CASES.items():
        seconds = [best_of_three(timed(make(n))) for n in sizes]
        ratios = " ".join(f"{s / seconds[0]:.1f}" for s in seconds[1:])
        print(f"{name:42}" + "".join(f"{s:>9.3f}s" for s in seconds) + f"   {ratios}")


if __name__ == "__main__":
    main()
