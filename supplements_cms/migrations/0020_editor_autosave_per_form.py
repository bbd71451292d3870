from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supplements_cms", "0019_review_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="autosave", name="scms_autosave_per_article"),
        migrations.RemoveConstraint(model_name="autosave", name="scms_autosave_per_new_article"),
        migrations.AddField(
            model_name="autosave",
            name="form",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Which form of the article, and which page of it.",
                max_length=48,
                verbose_name="form",
            ),
        ),
        migrations.AddConstraint(
            model_name="autosave",
            constraint=models.UniqueConstraint(
                fields=("user", "article", "form"), name="scms_autosave_per_article_form"
            ),
        ),
        migrations.AddConstraint(
            model_name="autosave",
            constraint=models.UniqueConstraint(
                condition=models.Q(("article", None)),
                fields=("user", "form"),
                name="scms_autosave_per_new_article_form",
            ),
        ),
    ]
