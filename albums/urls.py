from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "albums"

urlpatterns = [
    path(_("gallery/"), views.index, name="index"),
    path(_("gallery/<slug:slug>/"), views.album, name="album"),
]
