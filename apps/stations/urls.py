from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("ledger/", views.StationListView.as_view(), name="station_list"),
    path("ledger/add/", views.StationCreateView.as_view(), name="station_add"),
    path("ledger/export/", views.StationExportView.as_view(), name="station_export"),
    path("ledger/import/", views.StationImportView.as_view(), name="station_import"),
    path("ledger/import/<int:pk>/", views.StationImportJobView.as_view(), name="station_import_job"),
    path("ledger/import/<int:pk>/confirm/", views.StationImportConfirmView.as_view(), name="station_import_confirm"),
    path("ledger/import/template/", views.StationImportTemplateView.as_view(), name="station_import_template"),
    path("ledger/<int:pk>/", views.StationDetailView.as_view(), name="station_detail"),
    path("ledger/<int:pk>/edit/", views.StationUpdateView.as_view(), name="station_edit"),
    path("ledger/<int:pk>/acceptance/", views.StationAcceptanceView.as_view(), name="station_acceptance"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("coverage/export/", views.CoverageExportView.as_view(), name="coverage_export"),
]
