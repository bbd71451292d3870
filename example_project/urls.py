from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from .views import home

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("articles/", include("supplements_cms.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
