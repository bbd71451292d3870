"""Time an article's text at 50, 100, 200 and 400 KB: rendering, the live preview and a save.

    python3 dev.py bench                                   runs this after the page benchmarks
    .venv/django5.2/bin/python benchmarks/editor_text.py   the same, in the test environment
    .venv/django5.2/bin/python benchmarks/editor_text.py --sizes 25,50 --rounds 1
    ... --smoke                                            5 and 10 KB, once (``dev.py test``)

Linear work doubles with each doubling of the text; the issue's bound is 2.2 times. The body is
the kind editors write (headings, paragraphs with emphasis, links and citations, bullet and
numbered lists), and the shapes that made python-markdown quadratic follow, rendered alone.

- render: ``Article.to_html`` of the body (python-markdown, nh3, citations, heading anchors);
- preview: the admin's live preview of the add form, posted as the browser does;
- save: the admin's add form, saved (validation, the claim check, rendering, the write).

Each figure is the best of ``--rounds`` runs in CPU seconds of this process (the test client
runs the admin in it), so that other programs on the machine do not move the ratios; on the test
settings' SQLite database, with the limits raised so that the largest body is accepted.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROSE = (
    "magnesium supports normal muscle function and helps the body turn food into energy most "
    "adults get enough from a varied diet but surveys suggest many fall a little short glycinate "
    "citrate oxide sleep evening routine label serving kidney medicines absorbed research studies"
)
WORDS = PROSE.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    i = rng.randrange(len(words))
    words[i] = {
        0: f"*{words[i]}*",
        1: f"**{words[i]}**",
        2: f"[{words[i]}](https://example.org/{words[i]})",
        3: f"{words[i]} [ref:1]",
        4: f"`{words[i]}`",
    }.get(rng.randrange(6), words[i])
    return " ".join(words).capitalize() + "."


def article_text(size: int, seed: int = 1) -> str:
    """An article body of about ``size`` characters, in the shape editors write."""
    rng, parts, length, section = random.Random(seed), [], 0, 0
    while length < size:
        kind = len(parts) % 7
        if kind == 0:
            section += 1
            part = f"## Section {section}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"
        elif kind == 3:
            part = "\n".join(f"- {_sentence(rng)}" for _ in range(4))
        elif kind == 5:
            part = "\n".join(f"{n}. {_sentence(rng)}" for n in range(1, 4))
        elif kind == 6 and section % 3 == 0:
            part = f"### A closer look at {rng.choice(WORDS)}"
        else:
            part = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        parts.append(part)
        length += len(part) + 2
    return "\n\n".join(parts)[:size].rstrip()


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


# Shapes that made the renderer quadratic once (tests/test_linear_work.py pins them down).
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "brackets": _repeat("["),
    "escaped brackets": _repeat("\\["),
    "open tags": _repeat("<a "),
    "abbreviations": _repeat("*[A]: abbreviation\n"),
    "underscores": _repeat("_"),
    "repeated headings": _repeat("## Same heading\n\nA line under it.\n\n"),
    "crowded paragraphs": _repeat("[a] " * 80 + "\n\n"),
    "nested lists": lambda size: "\n".join(
        "    " * (n % 3) + f"- item {n} of a long nested list" for n in range(size // 34)
    ),
    "definition lists": lambda size: "\n\n".join(
        f"Term {n}\n:   A definition of the term." for n in range(size // 40)
    ),
}


def best(call: Callable[[], object], rounds: int) -> float:
    result = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        call()
        result = min(result, time.process_time() - start)
    return result


def _row(name: str, seconds: list[float]) -> str:
    ratios = " ".join(f"{b / max(a, 1e-6):4.2f}" for a, b in itertools.pairwise(seconds))
    return f"{name:24}" + "".join(f"{s:>9.3f}s" for s in seconds) + f"   {ratios}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,400", help="KB, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="5 and 10 KB, once")
    options = parser.parse_args(argv)
    sizes = [5, 10] if options.smoke else [int(s) for s in options.sizes.split(",")]
    rounds = 1 if options.smoke else options.rounds

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # An in-memory SQLite database of its own, even where CI points the tests at PostgreSQL.
    os.environ.pop("SCMS_TEST_DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from supplements_cms.content.markdown import render_markdown
    from supplements_cms.models import Article
    from tests.admin_forms import ADD_URL, form_data

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
    raised = {"MARKDOWN_MAX_CHARS": 10**7, "PREVIEW_MAX_BYTES": 10**8}
    with override_settings(
        SUPPLEMENTS_CMS={**getattr(settings, "SUPPLEMENTS_CMS", {}), **raised},
        DATA_UPLOAD_MAX_MEMORY_SIZE=None,
    ):
        user = get_user_model().objects.create_superuser("bench", "bench@example.org", "-")
        client = Client()
        client.force_login(user)
        preview_url = ADD_URL + "preview/"
        saved = 0

        def preview(body: str) -> None:
            response = client.post(preview_url, form_data(body=body))
            assert response.status_code == 200, response.status_code

        def save(body: str) -> None:
            nonlocal saved
            saved += 1
            response = client.post(ADD_URL, form_data(body=body, title=f"Benchmark {saved}"))
            assert response.status_code == 302, response.status_code
            Article.objects.filter(title=f"Benchmark {saved}").delete()

        texts = [article_text(kb * 1000) for kb in sizes]
        probe = Article(title="Benchmark")
        # The first call of each loads templates, the claim lexicon and the converter's modules.
        for warm_up in (preview, save):
            warm_up(texts[0])
        print(f"{'article body':24}" + "".join(f"{kb:>8} KB" for kb in sizes) + "   each doubling")
        rows = {
            "render": lambda text: lambda: probe.to_html(text, "body"),
            "preview (admin)": lambda text: lambda: preview(text),
            "save (admin)": lambda text: lambda: save(text),
        }
        for name, timed in rows.items():
            print(_row(name, [best(timed(text), rounds) for text in texts]), flush=True)
        print(f"{'render: other shapes':24}")
        for name, make in ADVERSARIAL.items():
            shaped = [make(kb * 1000) for kb in sizes]
            seconds = [best(lambda t=text: render_markdown(t), rounds) for text in shaped]
            print(_row(f"  {name}", seconds), flush=True)


if __name__ == "__main__":
    main()
