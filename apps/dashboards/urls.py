from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("export/", views.BoardExportView.as_view(), name="board_export"),
]
