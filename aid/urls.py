from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "aid"

urlpatterns = [
    path(_("aid/"), views.overview, name="overview"),
]
