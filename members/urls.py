from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "members"

urlpatterns = [
    path(_("associations/"), views.association_list, name="associations"),
    path(_("associations/<slug:slug>/"), views.association_detail, name="association"),
    path(_("join/"), views.join, name="join"),
    path(_("join/thank-you/"), views.join_thanks, name="join_thanks"),
]
