from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from supplements_cms.content.bylines import site_name
from supplements_cms.delivery.page_meta import PageMeta
from supplements_cms.models import Article, Condition


def home(request: HttpRequest) -> HttpResponse:
    """The site's own page, built from the package's queryset methods and partials."""
    articles = Article.objects.published().for_list().newest_first()[:3]
    page_meta = PageMeta(
        title="Mineral Notes",
        description=_(
            "Plain-language articles about supplements and the conditions people take them for."
        ),
        url=request.build_absolute_uri(reverse("home")),
        site_name=site_name(request),
    )
    return render(
        request,
        "home.html",
        {
            "articles": articles,
            "conditions": Condition.objects.with_live_articles(),
            "page_meta": page_meta,
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything but the admin, and learn where the sitemap is (an absolute
    URL, as the robots.txt standard asks)."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page links: the site's icon,
    under its static (hashed, in production) address."""
    return redirect(static("example/favicon.svg"))
