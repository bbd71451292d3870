"""Old migrations do what they did when they were written: each carries its own copy of the logic
it needs rather than importing the package's code of the day."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MIGRATIONS = Path(__file__).resolve().parents[1] / "supplements_cms" / "migrations"
# Migrations must name the package's field classes; nothing else of the package.
ALLOWED = {"supplements_cms.content.fields"}


@pytest.mark.parametrize("path", sorted(MIGRATIONS.glob("0*.py")), ids=lambda p: p.stem)
def test_a_migration_imports_nothing_of_the_package_but_its_fields(path):
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert {m for m in imported if m.startswith("supplements_cms")} <= ALLOWED


# With reads routed to a replica (tests/routers.py), the migration must still read the database
# it migrates: the replica lags behind it (here it never catches up) or is not reachable.
@pytest.mark.parametrize("reads_on_replica", [False, True], ids=["one database", "replica"])
@pytest.mark.django_db(transaction=True)
def test_0002_gives_existing_articles_anchors_contents_and_a_word_count(settings, reads_on_replica):
    executor = MigrationExecutor(connection)
    executor.migrate([("supplements_cms", "0001_initial")])
    old = executor.loader.project_state([("supplements_cms", "0001_initial")]).apps
    article = old.get_model("supplements_cms", "Article").objects.create(
        title="Zinc",
        slug="zinc",
        body="## What is zinc?\n\nA mineral.",
        body_html="<h2>What is zinc?</h2>\n<p>A mineral &amp; more.</p>",
    )
    try:
        executor = MigrationExecutor(connection)
        settings.SCMS_TEST_READ_REPLICA = reads_on_replica
        executor.migrate([("supplements_cms", "0002_reading_aids")])
        settings.SCMS_TEST_READ_REPLICA = False
        new = executor.loader.project_state([("supplements_cms", "0002_reading_aids")]).apps
        migrated = new.get_model("supplements_cms", "Article").objects.get(pk=article.pk)
        assert migrated.body_html.startswith('<h2 id="what-is-zinc">What is zinc?</h2>')
        assert migrated.toc == [{"level": 2, "id": "what-is-zinc", "title": "What is zinc?"}]
        assert migrated.word_count == 1 + 6  # "Zinc", then "What is zinc? A mineral & more."
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes("supplements_cms"))
