"""Include with ``path("articles/", include("supplements_cms.urls"))``."""

from django.urls import path

from . import editor, views

app_name = "supplements_cms"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("conditions/<str:slug>/", views.ConditionArticlesView.as_view(), name="condition_detail"),
    path(
        "supplements/<str:slug>/", views.SupplementArticlesView.as_view(), name="supplement_detail"
    ),
    path("editor/preview/", editor.preview, name="editor_preview"),
    path("editor/upload/", editor.upload, name="editor_upload"),
    path("<str:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
