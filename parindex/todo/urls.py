"""The home page and its menu badge: signed-in pages, English paths (the site's address leads a
visitor to the public results)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("todo/badge/", views.badge, name="todo_badge"),
]
