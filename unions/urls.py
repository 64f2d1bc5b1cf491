from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "unions"

urlpatterns = [
    path(_("about/"), views.about, name="about"),
    path(_("network/"), views.network, name="network"),
    path(_("network/<slug:slug>/"), views.union_detail, name="union"),
]
