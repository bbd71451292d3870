"""Time the claim checker on a 3,000-word article (target: 50 ms at most) and on one ten times as
long (target: at most ten times as long: the work is linear in the text).

    python3 dev.py bench             runs this after the page benchmarks
    .venv/django5.2/bin/python benchmarks/claims.py [--words 3000] [--rounds 30] [--smoke]

The article is Markdown with headings, mixing structure/function wording, quiet frames and
disease claims, and is checked with its conditions as context, as the admin's live check and
``check_article`` do. The first call compiles the lexicon (ICD-10-CM names included) and is
reported on its own; the median is of the calls after it. Times are the CPU time of this process
(``time.process_time``), so that other work on a shared machine does not count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from supplements_cms import conf  # noqa: E402
from supplements_cms.content.claims import ClaimContext, check_text  # noqa: E402

TARGET_MS = 50
TARGET_RATIO = 10  # ten times the words, at most ten times the time

# Paragraphs in the register of a health article, a few of them claims the checker must find.
PARAGRAPHS = [
    "Magnesium supports normal muscle function and helps the body turn food into energy. Most "
    "adults get enough from a varied diet, but surveys suggest many fall a little short.",
    "Several small studies have looked at magnesium in people with fibromyalgia; the results "
    "are mixed and more research is needed before anyone can say what it does.",
    "Our readers say it eases the widespread pain of fibromyalgia and lowers their cholesterol, "
    "which is exactly the kind of sentence an editor should rewrite.",
    "Talk to your doctor before you start if you have kidney disease or take antibiotics, "
    "because magnesium can interfere with how some medicines are absorbed.",
    "For occasional sleeplessness, a calm evening routine matters as much as any supplement. "
    "Keep the bedroom dark, cool and quiet, and put screens away an hour before bed.",
    "Some people call it a natural antidepressant or an alternative to sleeping pills; neither "
    "description belongs on a supplement page.",
    "Glycinate is gentle on the stomach, citrate dissolves easily, and oxide is cheap but "
    "poorly absorbed. Read the label for the amount of elemental magnesium in each serving.",
    "It relieves muscle soreness after exercise and supports a calm, balanced mood during busy "
    "weeks, which is why many people take it in the evening.",
]


def article(words: int) -> str:
    parts, count, section = [], 0, 0
    while count < words:
        if count // 400 >= section:
            section += 1
            parts.append(f"## Part {section}: what to know")
        paragraph = PARAGRAPHS[len(parts) % len(PARAGRAPHS)]
        parts.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(parts)


def median_ms(text: str, context: ClaimContext, rounds: int) -> tuple[float, int]:
    """(median of ``rounds`` checks in ms, number of warnings)."""
    times = []
    warnings = []
    for _round in range(rounds):
        start = time.process_time()
        warnings = check_text(text, field="body", context=context)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), len(warnings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--smoke", action="store_true", help="5 rounds, for CI")
    args = parser.parse_args()
    rounds = 5 if args.smoke else args.rounds
    text = article(args.words)
    long_text = "\n\n".join([text] * 10)  # the same mix of sentences, ten times over
    context = ClaimContext(conditions=("Fibromyalgia",), title="Magnesium and fibromyalgia")

    start = time.process_time()
    check_text(text, field="body", context=context)
    first_ms = (time.process_time() - start) * 1000
    median, found = median_ms(text, context, rounds)
    long_median, long_found = median_ms(long_text, context, max(3, rounds // 5))
    ratio = long_median / median
    print(f"claim check of a {len(text.split()):,}-word article: {found} warnings")
    print(f"  first call (compiles the lexicon): {first_ms:7.1f} ms")
    print(f"  median of {rounds} calls:            {median:7.1f} ms   (target: {TARGET_MS} ms)")
    print(
        f"  {len(long_text.split()):,} words ({long_found} warnings): {long_median:7.1f} ms, "
        f"{ratio:.1f}x the time for 10x the words (target: at most {TARGET_RATIO}x)"
    )
    if not found or long_found < found * 9:
        sys.exit("benchmarks/claims.py: the article's claims were not all found")
    if len(long_text) > conf.get("CLAIM_CHECK_MAX_CHARS"):
        sys.exit("benchmarks/claims.py: the long article is past CLAIM_CHECK_MAX_CHARS")


if __name__ == "__main__":
    main()
