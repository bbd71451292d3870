from django.db import migrations, models


class Migration(migrations.Migration):
    """The article's edit counter is its edit number: "version" names the cache's counters."""

    dependencies = [
        ("supplements_cms", "0022_one_default_cta_on_mysql"),
    ]

    operations = [
        migrations.RenameField("article", "version", "edit_number"),
        migrations.RenameField("article", "imported_version", "imported_edit_number"),
        migrations.AlterField(
            model_name="article",
            name="edit_number",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="edit number"),
        ),
        migrations.AlterField(
            model_name="article",
            name="imported_edit_number",
            field=models.PositiveIntegerField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="edit number at the last import",
            ),
        ),
    ]
