from django.urls import path

from . import views

app_name = "plain"
urlpatterns = [
    path("", views.listing, name="list"),
    path("topics/<slug:slug>/", views.listing, name="topic"),
    path("<slug:slug>/", views.article, name="article"),
]
