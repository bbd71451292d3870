from django.apps import AppConfig


class WagtailPagesConfig(AppConfig):
    name = "benchmarks.wagtail_pages"
    label = "wagtail_pages"
    default_auto_field = "django.db.models.BigAutoField"
