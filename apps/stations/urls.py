from django.urls import path

from apps.core.import_views import importer_urls

from . import views
from .importing import StationImporter

app_name = "stations"
urlpatterns = [
    path("ledger/", views.StationListView.as_view(), name="station_list"),
    path("ledger/add/", views.StationCreateView.as_view(), name="station_add"),
    path("ledger/export/", views.StationExportView.as_view(), name="station_export"),
    *importer_urls(StationImporter, "ledger/import/", namespace="stations", name="station_import", title="导入服务站点",
                   noun="站点", list_url_name="stations:station_list", breadcrumbs=views.LIST_CRUMB,
                   permission_required=("stations.add_station", "stations.change_station")),
    path("ledger/<int:pk>/", views.StationDetailView.as_view(), name="station_detail"),
    path("ledger/<int:pk>/edit/", views.StationUpdateView.as_view(), name="station_edit"),
    path("ledger/<int:pk>/acceptance/", views.StationAcceptanceView.as_view(), name="station_acceptance"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("coverage/export/", views.CoverageExportView.as_view(), name="coverage_export"),
]
