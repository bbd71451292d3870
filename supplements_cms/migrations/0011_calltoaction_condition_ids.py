"""The link between calls to action and conditions becomes a model of the package's own, so its
id type is the package's choice (bigint) on every site.

Django made the table of the implicit link model with the id type of the host's
``DEFAULT_AUTO_FIELD``: integer on one site, bigint on another. The table keeps its name, columns
and constraint; only an integer id column is widened.
"""

import django.db.models.deletion
from django.db import migrations, models


def widen_integer_id(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        return  # SQLite has one 64-bit INTEGER for both types
    Link = apps.get_model("supplements_cms", "CallToActionCondition")
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, Link._meta.db_table)
    (column,) = [c for c in columns if c.name == "id"]
    if connection.introspection.get_field_type(column.type_code, column) != "AutoField":
        return
    integer_id = models.AutoField(primary_key=True, serialize=False, verbose_name="ID")
    integer_id.set_attributes_from_name("id")
    integer_id.model = Link
    schema_editor.alter_field(Link, integer_id, Link._meta.get_field("id"))


class Migration(migrations.Migration):
    dependencies = [
        ("supplements_cms", "0010_featured_image"),
    ]

    operations = [
        # The table exists already: the state learns of the model, the database is left alone.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CallToActionCondition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "calltoaction",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="supplements_cms.calltoaction",
                            ),
                        ),
                        (
                            "condition",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="supplements_cms.condition",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "condition of a call to action",
                        "verbose_name_plural": "conditions of calls to action",
                        "db_table": "supplements_cms_calltoaction_conditions",
                        "unique_together": {("calltoaction", "condition")},
                    },
                ),
                migrations.AlterField(
                    model_name="calltoaction",
                    name="conditions",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Shown on articles about these conditions that have no call to action of their own.",
                        related_name="calls_to_action",
                        through="supplements_cms.CallToActionCondition",
                        to="supplements_cms.condition",
                        verbose_name="aimed at conditions",
                    ),
                ),
            ],
        ),
        # Not in a transaction of its own: MySQL and MariaDB cannot run DDL inside one.
        migrations.RunPython(widen_integer_id, migrations.RunPython.noop, atomic=False),
    ]
