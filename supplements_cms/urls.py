"""Include with ``path("articles/", include("supplements_cms.urls"))``."""

from django.urls import path, register_converter

from . import autosave, editor, feeds, views


class AddressConverter:
    """An article's, condition's or supplement's address: any text but a slash or a control
    character. NUL and its kin are a 404 here rather than an error from the database
    (PostgreSQL refuses them in a query)."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AddressConverter, "scms_address")

app_name = "supplements_cms"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("conditions/", views.ConditionIndexView.as_view(), name="condition_list"),
    path(
        "conditions/<scms_address:slug>/",
        views.ConditionArticlesView.as_view(),
        name="condition_detail",
    ),
    path(
        "conditions/<scms_address:slug>/feeds/rss/",
        feeds.ConditionFeed(),
        name="condition_feed_rss",
    ),
    path(
        "conditions/<scms_address:slug>/feeds/atom/",
        feeds.AtomConditionFeed(),
        name="condition_feed_atom",
    ),
    path("supplements/", views.SupplementIndexView.as_view(), name="supplement_list"),
    path(
        "supplements/<scms_address:slug>/",
        views.SupplementArticlesView.as_view(),
        name="supplement_detail",
    ),
    path(
        "supplements/<scms_address:slug>/feeds/rss/",
        feeds.SupplementFeed(),
        name="supplement_feed_rss",
    ),
    path(
        "supplements/<scms_address:slug>/feeds/atom/",
        feeds.AtomSupplementFeed(),
        name="supplement_feed_atom",
    ),
    path("editor/preview/", editor.preview, name="editor_preview"),
    path("editor/upload/", editor.upload, name="editor_upload"),
    path("editor/autosave/", autosave.autosave, name="editor_autosave"),
    path("editor/autosave/<int:article_id>/", autosave.autosave, name="editor_autosave"),
    path("<scms_address:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
