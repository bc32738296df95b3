from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("", views.StationListView.as_view(), name="station_list"),
    path("add/", views.StationCreateView.as_view(), name="station_add"),
    path("export/", views.StationExportView.as_view(), name="station_export"),
    path("import/", views.StationImportView.as_view(), name="station_import"),
    path("import/template/", views.StationImportTemplateView.as_view(), name="station_import_template"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("coverage/export/", views.CoverageExportView.as_view(), name="coverage_export"),
    path("<int:pk>/", views.StationDetailView.as_view(), name="station_detail"),
    path("<int:pk>/edit/", views.StationUpdateView.as_view(), name="station_edit"),
    path("<int:pk>/acceptance/", views.StationAcceptanceView.as_view(), name="station_acceptance"),
]
