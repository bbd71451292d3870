"""Two processes save the same article at once on SQLite, as two editors would: one wins, the
other gets the conflict page with its text; never a 500."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

from tests.concurrent_saver import save_rounds

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 20

SETUP = """
from django.contrib.auth import get_user_model
from supplements_cms.models import Article
User = get_user_model()
for name in ("ada", "grace"):
    User.objects.create_superuser(name, f"{name}@example.org", "pw")
print(Article.objects.create(title="Saved by two", intro="At first.").pk)
"""


def test_two_processes_saving_at_once_never_see_an_error(tmp_path):
    database = str(tmp_path / "two-editors.sqlite3")
    env = {"EXAMPLE_DATABASE": database, "DJANGO_SETTINGS_MODULE": "example_project.settings"}
    manage = [sys.executable, str(ROOT / "example_project" / "manage.py")]
    run = lambda *args, **kw: subprocess.run(  # noqa: E731
        [*manage, *args], cwd=ROOT, env={**__import__("os").environ, **env}, check=True, **kw
    )
    run("migrate", "--no-input", "-v0")
    article_id = int(run("shell", "-c", SETUP, capture_output=True, text=True).stdout.split()[-1])

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(
            target=save_rounds, args=(database, name, article_id, ROUNDS, barrier, results)
        )
        for name in ("ada", "grace")
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * ROUNDS)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    by_round: dict[int, list] = {}
    for round_, _who, status, outcome in outcomes:
        by_round.setdefault(round_, []).append((status, outcome))
    assert sorted(by_round) == list(range(ROUNDS))
    for round_, pair in by_round.items():
        assert sorted(status for status, _ in pair) == [200, 302], (round_, pair)
        refused = next(outcome for status, outcome in pair if status == 200)
        # The loser keeps its text, and is told why: a conflict (or, at worst, a busy database).
        assert refused.startswith("kept=True"), (round_, refused)
        assert "conflict=True" in refused or "busy=True" in refused, (round_, refused)
