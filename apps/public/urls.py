from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("stations/", views.StationFinderView.as_view(), name="station_finder"),
]
