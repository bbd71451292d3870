from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from supplements_cms.models import Article, Condition


def home(request: HttpRequest) -> HttpResponse:
    """The site's own page, built from the package's queryset methods and partials."""
    articles = Article.objects.published().for_list().newest_first()[:3]
    return render(
        request,
        "home.html",
        {"articles": articles, "conditions": Condition.objects.with_live_articles()},
    )
