from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplementsCmsConfig(AppConfig):
    name = "supplements_cms"
    verbose_name = _("Supplement articles")
    # Fixed, so migrations made on Django 5.2 (AutoField) and 6.x (BigAutoField) agree.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (system checks)
        from .content import article_links, id_addresses, library  # noqa: F401  (receivers)
        from .delivery import caching, upkeep  # noqa: F401  (signal receivers, system checks)
        from .editorial import notify, primary  # noqa: F401  (mail; editors' reads)
