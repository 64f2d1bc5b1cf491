from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "congresses"

urlpatterns = [
    path(_("leadership/"), views.leadership, name="leadership"),
    path(_("congresses/"), views.history, name="history"),
    path(_("congresses/<slug:slug>/"), views.congress_detail, name="congress"),
    path(_("people/<slug:slug>/"), views.person_detail, name="person"),
]
