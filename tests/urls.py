from django.contrib import admin
from django.urls import include, path

from supplements_cms.delivery.sitemaps import sitemap

urlpatterns = [
    path("admin/", admin.site.urls),
    path("articles/", include("supplements_cms.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]
