from django.apps import AppConfig


class PlainPagesConfig(AppConfig):
    name = "benchmarks.plain_pages"
    label = "plain_pages"
    default_auto_field = "django.db.models.BigAutoField"
