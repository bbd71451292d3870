from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplementsCmsConfig(AppConfig):
    name = "supplements_cms"
    verbose_name = _("Supplement articles")
    # Fixed, so migrations made on Django 5.2 (AutoField) and 6.x (BigAutoField) agree.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import article_links, caching, checks, upkeep  # noqa: F401  (receivers, checks)
