"""The package's URLs, plus the floor: a view that returns bytes it already holds; and, where
Wagtail is installed, Wagtail's page serving under ``wagtail/``."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path

FLOOR: dict[str, bytes] = {}


def floor(request, name: str) -> HttpResponse:
    """The least Django can do for a page: route, run middleware, return stored bytes."""
    return HttpResponse(FLOOR[name])


urlpatterns = [
    path("floor/<str:name>/", floor),
    path("articles/", include("supplements_cms.urls")),
    path("plain/", include("benchmarks.plain_pages.urls")),
]
if getattr(settings, "COMPARE_WITH_WAGTAIL", False):
    urlpatterns.append(path("wagtail/", include("wagtail.urls")))
