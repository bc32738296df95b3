from django.urls import path

from . import job_views as jobs

app_name = "core"
urlpatterns = [
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.JobDownloadView.as_view(), name="job_download"),
]
