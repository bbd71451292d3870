"""A site whose pages have an address per language (``i18n_patterns``), as in test_languages."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from supplements_cms.delivery.sitemaps import sitemap

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("articles/", include("supplements_cms.urls")),
    ),
]
