from django.urls import path

from . import public_views

app_name = "public_honours"
urlpatterns = [
    path("", public_views.NamedUnitsView.as_view(), name="named"),
    path("publicity/", public_views.PublicityView.as_view(), name="publicity"),
]
