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

urlpatterns += [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("actions/<int:pk>/done/", views.ActionDoneView.as_view(), name="action_done"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/add/", views.ExpertCreateView.as_view(), name="expert_add"),
    path("analyses/", views.AnalysisListView.as_view(), name="analysis_list"),
    path("analyses/add/", views.AnalysisCreateView.as_view(), name="analysis_add"),
    path("analyses/<int:pk>/", views.AnalysisDetailView.as_view(), name="analysis_detail"),
    path("analyses/<int:pk>/file/", views.AnalysisFileView.as_view(), name="analysis_file"),
    path("plans/", views.WorkPlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.WorkPlanCreateView.as_view(), name="plan_add"),
    path("plans/<int:pk>/file/", views.WorkPlanFileView.as_view(), name="plan_file"),
]

urlpatterns += [
    path("bulletins/", views.BulletinListView.as_view(), name="bulletin_list"),
    path("bulletins/add/", views.BulletinCreateView.as_view(), name="bulletin_add"),
    path("bulletins/<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("bulletins/<int:pk>/pdf/", views.BulletinPdfView.as_view(), name="bulletin_pdf"),
]
