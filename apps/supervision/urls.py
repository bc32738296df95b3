from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("tasks/<int:number>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("progress/", views.ProgressListView.as_view(), name="progress_list"),
    path("progress/add/", views.ProgressCreateView.as_view(), name="progress_add"),
    path("progress/<int:pk>/", views.ProgressDetailView.as_view(), name="progress_detail"),
    path("progress/<int:pk>/attachment/", views.ProgressAttachmentView.as_view(), name="progress_attachment"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/draft/", views.DraftReportsView.as_view(), name="report_draft"),
    path("reports/completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/refresh/", views.ReportRefreshView.as_view(), name="report_refresh"),
    path("reports/<int:pk>/act/<str:name>/", views.ReportActionView.as_view(), name="report_act"),
    path("reports/<int:pk>/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path("reports/<int:pk>/xlsx/", views.ReportExcelView.as_view(), name="report_xlsx"),
]
