from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views

app_name = "documents"

urlpatterns = [
    path(_("documents/"), views.document_list, name="list"),
    path(_("documents/rss/"), feeds.LatestDocumentsRss(), name="rss"),
    path(_("documents/atom/"), feeds.LatestDocumentsAtom(), name="atom"),
    path(_("documents/<slug:slug>/"), views.document_detail, name="document"),
    path(_("documents/<slug:slug>/download/<int:pk>/"), views.download, name="download"),
]
