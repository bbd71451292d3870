"""Reading aids and search: the table of contents and word count stored with each article, the
body's headings given anchors, and on PostgreSQL a GIN index for full-text search."""

from django.db import migrations, models


def render_existing(apps, schema_editor):
    """Articles saved before this migration get heading anchors, contents and a word count."""
    from supplements_cms.markdown import (
        add_heading_ids,
        count_words,
        render_markdown,
        table_of_contents,
    )

    Article = apps.get_model("supplements_cms", "Article")
    html_fields = (
        "intro_html",
        "body_html",
        "additional_benefits_intro_html",
        "dosage_note_html",
        "conclusion_html",
    )
    for article in Article.objects.order_by("pk").iterator(chunk_size=500):
        article.body_html = add_heading_ids(render_markdown(article.body))
        article.toc = table_of_contents(article.body_html)
        article.word_count = sum(count_words(getattr(article, f)) for f in html_fields) + len(
            f"{article.title} {article.additional_benefits_heading}".split()
        )
        article.save(update_fields=["body_html", "toc", "word_count"])


def add_search_index(apps, schema_editor):
    """PostgreSQL only: the index over exactly the expression the search queries use."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from supplements_cms.search import INDEX_NAME, search_vector

    Article = apps.get_model("supplements_cms", "Article")
    schema_editor.add_index(Article, GinIndex(search_vector(), name=INDEX_NAME))


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from supplements_cms.search import INDEX_NAME

    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("supplements_cms", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="toc",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="word_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
