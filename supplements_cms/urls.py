"""Include with ``path("articles/", include("supplements_cms.urls"))``."""

from django.urls import path, register_converter

from .admin import editor
from .content import article_links, library
from .delivery import feeds, versions, views
from .delivery.caching import public_page
from .editorial import autosave
from .editorial.primary import reads_own_writes as editors


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

# What each public page shows, as the versions its cache entries carry (the site's is added).
# Article and list pages read the versions with their stored renderings (reads_versions).
every_article = public_page(lambda: [versions.ALL_ARTICLES], reads_versions=True)
of_condition = public_page(lambda slug: [versions.condition(slug)], reads_versions=True)
of_supplement = public_page(lambda slug: [versions.supplement(slug)], reads_versions=True)
feed_of_every_article = public_page(lambda: [versions.feed(versions.ALL_ARTICLES)])
feed_of_condition = public_page(lambda slug: [versions.feed(versions.condition(slug))])
feed_of_supplement = public_page(lambda slug: [versions.feed(versions.supplement(slug))])
indexes = public_page(lambda: [versions.TOPICS])
# The editor's endpoints read what the editor just saved (the write database, as the admin).
autosave_view = editors(autosave.autosave)
# Search results are not stored (every query is its own page), but get the headers, with
# ages cut to SEARCH_MAX_AGE (views.SearchView).
searches = public_page(lambda: [])

urlpatterns = [
    path("", every_article(views.ArticleListView.as_view()), name="article_list"),
    path("search/", searches(views.SearchView.as_view()), name="search"),
    path("feeds/rss/", feed_of_every_article(feeds.ArticleFeed()), name="feed_rss"),
    path("feeds/atom/", feed_of_every_article(feeds.AtomArticleFeed()), name="feed_atom"),
    path("conditions/", indexes(views.ConditionIndexView.as_view()), name="condition_list"),
    path(
        "conditions/<scms_address:slug>/",
        of_condition(views.ConditionArticlesView.as_view()),
        name="condition_detail",
    ),
    path(
        "conditions/<scms_address:slug>/feeds/rss/",
        feed_of_condition(feeds.ConditionFeed()),
        name="condition_feed_rss",
    ),
    path(
        "conditions/<scms_address:slug>/feeds/atom/",
        feed_of_condition(feeds.AtomConditionFeed()),
        name="condition_feed_atom",
    ),
    path("supplements/", indexes(views.SupplementIndexView.as_view()), name="supplement_list"),
    path(
        "supplements/<scms_address:slug>/",
        of_supplement(views.SupplementArticlesView.as_view()),
        name="supplement_detail",
    ),
    path(
        "supplements/<scms_address:slug>/feeds/rss/",
        feed_of_supplement(feeds.SupplementFeed()),
        name="supplement_feed_rss",
    ),
    path(
        "supplements/<scms_address:slug>/feeds/atom/",
        feed_of_supplement(feeds.AtomSupplementFeed()),
        name="supplement_feed_atom",
    ),
    path("editor/preview/", editors(editor.preview), name="editor_preview"),
    path("editor/articles/", editors(article_links.picker), name="editor_articles"),
    path("editor/library/", editors(library.picker), name="editor_library"),
    path("ref/<int:pk>/", article_links.by_reference, name="article_by_reference"),
    path("media/<int:pk>/", library.by_reference, name="library_image"),
    path("editor/upload/", editors(editor.upload), name="editor_upload"),
    path("editor/autosave/", autosave_view, name="editor_autosave"),
    path("editor/autosave/<int:article_id>/", autosave_view, name="editor_autosave"),
    path("editor/autosave/form/<slug:form>/", autosave_view, name="editor_autosave_form"),
    path(
        "editor/autosave/<int:article_id>/<slug:form>/",
        autosave_view,
        name="editor_autosave_form",
    ),
    path(
        "<scms_address:slug>/",
        public_page(lambda slug: [versions.article(slug)], reads_versions=True)(
            views.ArticleDetailView.as_view()
        ),
        name="article_detail",
    ),
]
