from django.urls import path

from . import views

app_name = "parks"
urlpatterns = [
    path("industrial/", views.ParkListView.as_view(), name="park_list"),
    path("industrial/export/", views.ParkExportView.as_view(), name="park_export"),
    path("industrial/import/", views.ParkImportView.as_view(), name="park_import"),
    path("industrial/import/<int:pk>/", views.ParkImportJobView.as_view(), name="park_import_job"),
    path("industrial/import/<int:pk>/confirm/", views.ParkImportConfirmView.as_view(), name="park_import_confirm"),
    path("industrial/import/template/", views.ParkImportTemplateView.as_view(), name="park_import_template"),
    path("industrial/add/", views.ParkCreateView.as_view(), name="park_add"),
    path("industrial/<int:pk>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("industrial/<int:pk>/edit/", views.ParkUpdateView.as_view(), name="park_edit"),
    path("industrial/<int:pk>/record/", views.ParkRecordView.as_view(), name="park_record"),
    path("townships/", views.TownshipListView.as_view(), name="township_list"),
    path("townships/<int:pk>/", views.TownshipDetailView.as_view(), name="township_detail"),
    path("townships/<int:pk>/record/", views.TownshipRecordView.as_view(), name="township_record"),
]
