from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.RoundCreateView.as_view(), name="round_add"),
    path("rounds/<int:round>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:round>/quotas/", views.RoundQuotaView.as_view(), name="round_quota"),
    path("rounds/<int:round>/step/", views.RoundStepView.as_view(), name="round_step"),
    path("rounds/<int:round>/experts/", views.RoundExpertsView.as_view(), name="round_experts"),
    path("rounds/<int:round>/decide/", views.RoundDecideView.as_view(), name="round_decide"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/add/", views.ApplicationCreateView.as_view(), name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/files/<slug:what>/", views.ApplicationFileView.as_view(), name="application_file"),
    path("applications/<int:pk>/assessment/", views.ApplicationAssessmentView.as_view(),
         name="application_assessment"),
    path("applications/<int:pk>/evidence/<int:evidence>/", views.ApplicationEvidenceView.as_view(),
         name="application_evidence"),
    path("applications/<int:pk>/step/", views.ApplicationStepView.as_view(), name="application_step"),
    path("applications/<int:pk>/experts/", views.ExpertAssignView.as_view(), name="expert_assign"),
    path("reviews/", views.ExpertTaskListView.as_view(), name="expert_tasks"),
    path("reviews/<int:pk>/", views.ScoreView.as_view(), name="score"),
    path("objections/", views.ObjectionListView.as_view(), name="objection_list"),
    path("objections/<int:pk>/", views.ObjectionDetailView.as_view(), name="objection_detail"),
    path("objections/<int:pk>/step/", views.ObjectionStepView.as_view(), name="objection_step"),
    path("objections/<int:pk>/file/", views.ObjectionFileView.as_view(), name="objection_file"),
    path("titles/", views.TitleListView.as_view(), name="title_list"),
    path("titles/<int:pk>/", views.TitleDetailView.as_view(), name="title_detail"),
    path("titles/<int:pk>/revoke/", views.TitleRevokeView.as_view(), name="title_revoke"),
    path("titles/<int:pk>/certificate/", views.TitleCertificateView.as_view(), name="title_certificate"),
    path("national/", views.NationalListView.as_view(), name="national_list"),
    path("national/export/", views.NationalExportView.as_view(), name="national_export"),
    path("rereviews/", views.ReReviewListView.as_view(), name="rereview_list"),
    path("rereviews/<int:pk>/", views.ReReviewDetailView.as_view(), name="rereview_detail"),
    path("rereviews/<int:pk>/step/", views.ReReviewStepView.as_view(), name="rereview_step"),
]
