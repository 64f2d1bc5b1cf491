from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "aid"

urlpatterns = [
    path(_("aid/"), views.overview, name="overview"),
    path(_("aid/projects/"), views.project_list, name="projects"),
    path(_("aid/projects/<str:reference>/"), views.project_detail, name="project"),
    path(_("aid/projects/<str:reference>/iati.xml"), views.project_iati, name="project_iati"),
    path(_("aid/iati-activities.xml"), views.iati_activities, name="iati"),
    path(_("aid/dashboard/"), views.dashboard, name="dashboard"),
    path(_("aid/dashboard.csv"), views.dashboard, {"export": "csv"}, name="dashboard_csv"),
    path(_("aid/dashboard.xlsx"), views.dashboard, {"export": "xlsx"}, name="dashboard_xlsx"),
    path(_("aid/import/"), views.import_data, name="import"),
]
