"""Time the article form of a long article against a short one: opening it and saving it.

    python3 dev.py bench             runs this after the page benchmarks (--smoke: 2 rounds)
    .venv/django5.2/bin/python benchmarks/admin_form.py [--rounds 7] [--smoke] [--multipart]

The long article has 50 benefits and 30 references, the short one 3 of each; both have the same
text, so the ratio is what the parts cost. The issue's targets: the long form opens and saves in
at most 1.5x the short one's time, and its HTML is at most 250 KB. Times are the median of the
rounds, on the test settings' SQLite database in memory, through Django's test client (the
server's share of the work; the browser's is kept small by building previews and dialogs only
when used). The two articles take turns in every round, so a machine busy with something else
for a while slows both alike; and templates render as on a server, without the test
framework's instrumentation (a signal and a copy of the context per template rendered, which
made every template, hence every row, cost more than it does). A save is posted as the form's
script sends it (form_encoding.js): URL-encoded, as the form carries no file and its Latin text
is shorter so; ``--multipart`` posts it as a browser without the script does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from supplements_cms.models import Article  # noqa: E402
from tests.admin_forms import change_url, errors_of, form_on_page, make_long_article  # noqa: E402

TARGET_RATIO = 1.5
TARGET_BYTES = 250 * 1024


def measure(
    client: Client, articles: dict[str, Article], rounds: int, multipart: bool = False
) -> dict[str, dict]:
    """Median open and save times of each article, the articles taking turns in each round."""
    times: dict[str, dict] = {
        name: {"open": [], "save": [], "open_cpu": [], "save_cpu": [], "bytes": 0}
        for name in articles
    }
    for _round in range(rounds):
        for name, article in articles.items():
            url = change_url(article)
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times[name]["open"].append(time.perf_counter() - start)
            times[name]["open_cpu"].append(time.process_time() - cpu)
            times[name]["bytes"] = len(response.content)
        for name, article in articles.items():
            url = change_url(article)
            data = {**form_on_page(client, url), "_continue": "1"}
            start, cpu = time.perf_counter(), time.process_time()
            if multipart:
                saved = client.post(url, data)
            else:
                body = urlencode(data, doseq=True)
                saved = client.post(url, body, content_type="application/x-www-form-urlencoded")
            times[name]["save"].append(time.perf_counter() - start)
            times[name]["save_cpu"].append(time.process_time() - cpu)
            if saved.status_code != 302:
                sys.exit(f"benchmarks/admin_form.py: the save was refused: {errors_of(saved)}")
    steps = ("open", "save", "open_cpu", "save_cpu")
    return {
        name: {**t, **{step: statistics.median(t[step]) for step in steps}}
        for name, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="2 rounds, for CI")
    parser.add_argument(
        "--multipart", action="store_true", help="save as a browser without the script does"
    )
    args = parser.parse_args()
    rounds = 2 if args.smoke else args.rounds
    # What setup_test_environment() does that a save needs (mail kept in memory), without its
    # instrumented template rendering.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    connection.creation.create_test_db(verbosity=0)
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    client = Client()
    client.force_login(user)
    short = make_long_article("A short article", benefits=3, references=3)
    long = make_long_article("A long article", benefits=50, references=30)
    articles = {"short": short, "long": long}
    measure(client, articles, 1, args.multipart)  # warms templates, the lexicon, the caches
    results = measure(client, articles, rounds, args.multipart)
    print(f"article form, median of {rounds} rounds (3 parts vs 50 benefits and 30 references):")
    for name, result in results.items():
        opened, saved = result["open"] * 1000, result["save"] * 1000
        print(
            f"  {name:5}  open {opened:7.1f} ms   save {saved:7.1f} ms"
            f"   form {result['bytes'] / 1024:6.1f} KB"
        )
    for step in ("open", "save"):
        ratio = results["long"][step] / results["short"][step]
        # The process's CPU time as well: what the request itself costs, however busy the
        # machine is with other work (the wall-clock ratio swings with that).
        cpu = results["long"][f"{step}_cpu"] / results["short"][f"{step}_cpu"]
        print(
            f"  {step} long/short: {ratio:.2f}x   (target: at most {TARGET_RATIO}x;"
            f" in CPU time {cpu:.2f}x)"
        )
    print(f"  long form: {results['long']['bytes'] / 1024:.1f} KB   (target: at most 250 KB)")


if __name__ == "__main__":
    main()
