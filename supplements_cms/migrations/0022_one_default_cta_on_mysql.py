"""At most one site-default call to action on MySQL and MariaDB too.

``supplements_cms_one_default_cta`` is a partial unique index (``WHERE is_default``), which
MySQL and MariaDB lack: Django skips it there (its check ``models.W036`` says so). In its place,
a generated column that is 1 for the default and NULL otherwise carries a unique index, so a
second default is refused by the database as on PostgreSQL and SQLite. Django never reads or
writes the column; other databases are left alone.
"""

from django.db import migrations

TABLE = "supplements_cms_calltoaction"
COLUMN = "scms_default_flag"
INDEX = "scms_one_default_cta_mysql"


def add_unique_default(apps, schema_editor):
    if schema_editor.connection.vendor != "mysql":
        return
    table, column, index = map(schema_editor.quote_name, (TABLE, COLUMN, INDEX))
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {column} tinyint "
        f"AS (CASE WHEN {schema_editor.quote_name('is_default')} THEN 1 END) VIRTUAL, "
        f"ADD UNIQUE INDEX {index} ({column})"
    )


def remove_unique_default(apps, schema_editor):
    if schema_editor.connection.vendor != "mysql":
        return
    table, column, index = map(schema_editor.quote_name, (TABLE, COLUMN, INDEX))
    schema_editor.execute(f"ALTER TABLE {table} DROP INDEX {index}, DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [
        ("supplements_cms", "0021_editor_media_library"),
    ]

    operations = [
        # DDL: MySQL and MariaDB cannot run it inside a transaction.
        migrations.RunPython(add_unique_default, remove_unique_default, atomic=False),
    ]
