"""Include with ``path("articles/", include("supplements_cms.urls"))``."""

from django.urls import path

from . import editor, feeds, views

app_name = "supplements_cms"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("conditions/", views.ConditionIndexView.as_view(), name="condition_list"),
    path("conditions/<str:slug>/", views.ConditionArticlesView.as_view(), name="condition_detail"),
    path("conditions/<str:slug>/feeds/rss/", feeds.ConditionFeed(), name="condition_feed_rss"),
    path(
        "conditions/<str:slug>/feeds/atom/", feeds.AtomConditionFeed(), name="condition_feed_atom"
    ),
    path("supplements/", views.SupplementIndexView.as_view(), name="supplement_list"),
    path(
        "supplements/<str:slug>/", views.SupplementArticlesView.as_view(), name="supplement_detail"
    ),
    path("supplements/<str:slug>/feeds/rss/", feeds.SupplementFeed(), name="supplement_feed_rss"),
    path(
        "supplements/<str:slug>/feeds/atom/",
        feeds.AtomSupplementFeed(),
        name="supplement_feed_atom",
    ),
    path("editor/preview/", editor.preview, name="editor_preview"),
    path("editor/upload/", editor.upload, name="editor_upload"),
    path("<str:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
