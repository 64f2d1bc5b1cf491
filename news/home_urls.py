"""The home page, which shows the news (kept outside the `news` namespace: its name is "home")."""

from django.urls import path

from . import views

urlpatterns = [path("", views.home, name="home")]
