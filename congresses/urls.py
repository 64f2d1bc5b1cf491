from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "congresses"

urlpatterns = [
    path(_("leadership/"), views.leadership, name="leadership"),
]
