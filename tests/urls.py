from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from supplements_cms.delivery.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("articles/", include("supplements_cms.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
