from django.urls import path, reverse_lazy

from apps.core.import_views import importer_urls

from . import views
from .importing import ParkImporter

app_name = "parks"
urlpatterns = [
    path("industrial/", views.ParkListView.as_view(), name="park_list"),
    path("industrial/export/", views.ParkExportView.as_view(), name="park_export"),
    *importer_urls(ParkImporter, "industrial/import/", namespace="parks", name="park_import", title="导入工业园区",
                   noun="园区", list_url_name="parks:park_list", permission_required=("parks.add_park",
                                                                                      "parks.change_park"),
                   breadcrumbs=(("工业园区创建台账", reverse_lazy("parks:park_list")),)),
    path("industrial/add/", views.ParkCreateView.as_view(), name="park_add"),
    path("industrial/<int:pk>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("industrial/<int:pk>/edit/", views.ParkUpdateView.as_view(), name="park_edit"),
    path("industrial/<int:pk>/record/", views.ParkRecordView.as_view(), name="park_record"),
    path("townships/", views.TownshipListView.as_view(), name="township_list"),
    path("townships/<int:pk>/", views.TownshipDetailView.as_view(), name="township_detail"),
    path("townships/<int:pk>/record/", views.TownshipRecordView.as_view(), name="township_record"),
]
