"""On PostgreSQL, the search index is built for the site's language instead of English: the
configuration named by SUPPLEMENTS_CMS["SEARCH_CONFIG"], else the one of LANGUAGE_CODE.

Later changes of the setting are ``manage.py search_index``'s work (system check W004 says when).
"""

from django.conf import settings
from django.db import migrations

# Frozen here, as they were when this migration was written.
INDEX_NAME = "scms_article_search"
SEARCH_CONFIGS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}


def site_config():
    configured = getattr(settings, "SUPPLEMENTS_CMS", {}).get("SEARCH_CONFIG")
    if configured:
        return configured
    language = settings.LANGUAGE_CODE.lower().replace("_", "-").split("-")[0]
    return SEARCH_CONFIGS.get(language, "simple")


def build_index(config):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        from django.contrib.postgres.indexes import GinIndex
        from django.contrib.postgres.search import SearchVector

        name = config() if callable(config) else config
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND indexname = %s",
                [INDEX_NAME],
            )
            row = cursor.fetchone()
        if row and f"to_tsvector('{name}'::regconfig" in row[0]:
            return  # built for this configuration already
        document = (
            SearchVector("title", weight="A", config=name)
            + SearchVector("summary", weight="B", config=name)
            + SearchVector("intro", "body", "conclusion", weight="C", config=name)
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX_NAME)}")
        Article = apps.get_model("supplements_cms", "Article")
        schema_editor.add_index(Article, GinIndex(document, name=INDEX_NAME))

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("supplements_cms", "0011_calltoaction_condition_ids"),
    ]

    operations = [
        migrations.RunPython(build_index(site_config), build_index("english")),
    ]
