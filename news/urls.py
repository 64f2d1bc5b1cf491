from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.images import editor_upload

from . import views

app_name = "news"

urlpatterns = [
    path(_("news/"), views.index, name="index"),
    path(_("search/"), views.search, name="search"),
    path(_("editor/image-upload/"), editor_upload, name="editor_upload"),
]
