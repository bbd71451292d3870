"""Reading aids and search: the table of contents and word count stored with each article, the
body's headings given anchors, and on PostgreSQL a GIN index for full-text search."""

import html as htmllib
import re

from django.db import migrations, models
from django.utils.text import slugify

# Frozen here, as they were when this migration was written: a later change to the package's
# code must not change what an old migration does. Each works on sanitized HTML, which the
# articles already store.
_SECTION_HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)
_ANCHORED_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|th|td"
    r"|caption|br|hr)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w[\w'’-]*")
_RESERVED_IDS = frozenset({"top", "main", "content"})
SEARCH_INDEX = "scms_article_search"
SEARCH_CONFIG = "english"


def plain_text(html):
    return htmllib.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", html)))


def count_words(html):
    return len(_WORD.findall(plain_text(html)))


def add_heading_ids(html):
    taken = set()

    def with_id(match):
        level, inner = match.group(1), match.group(2)
        base = slugify(" ".join(plain_text(inner).split()), allow_unicode=True) or "section"
        if base in _RESERVED_IDS or base.startswith("scms-"):
            base = f"section-{base}"
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _SECTION_HEADING.sub(with_id, html)


def table_of_contents(html):
    return [
        {"level": int(level), "id": anchor, "title": " ".join(plain_text(inner).split())}
        for level, anchor, inner in _ANCHORED_HEADING.findall(html)
    ]


def render_existing(apps, schema_editor):
    """Articles saved before this migration get heading anchors, contents and a word count."""
    Article = apps.get_model("supplements_cms", "Article")
    html_fields = (
        "intro_html",
        "body_html",
        "additional_benefits_intro_html",
        "dosage_note_html",
        "conclusion_html",
    )
    # The database being migrated, not the router's: a read replica lags behind it, or is down.
    db = schema_editor.connection.alias
    for article in Article.objects.using(db).order_by("pk").iterator(chunk_size=500):
        article.body_html = add_heading_ids(article.body_html)
        article.toc = table_of_contents(article.body_html)
        article.word_count = sum(count_words(getattr(article, f)) for f in html_fields) + len(
            f"{article.title} {article.additional_benefits_heading}".split()
        )
        article.save(using=db, update_fields=["body_html", "toc", "word_count"])


def add_search_index(apps, schema_editor):
    """PostgreSQL only: the index over exactly the expression the search queries used then."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    document = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("intro", "body", "conclusion", weight="C", config=SEARCH_CONFIG)
    )
    Article = apps.get_model("supplements_cms", "Article")
    schema_editor.add_index(Article, GinIndex(document, name=SEARCH_INDEX))


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


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
