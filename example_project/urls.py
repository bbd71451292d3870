from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from supplements_cms.delivery.sitemaps import sitemap

from .views import favicon, home, robots_txt

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("articles/", include("supplements_cms.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
