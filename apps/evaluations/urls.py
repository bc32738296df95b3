from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/export/", views.AssessmentExportView.as_view(), name="assessment_export"),
    path("assessments/start-self/", views.StartSelfAssessmentView.as_view(), name="assessment_start_self"),
    path("assessments/new/", views.StartAssessmentView.as_view(), name="assessment_start"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/fill/", views.AssessmentFillView.as_view(), name="assessment_fill"),
    path("assessments/<int:pk>/review/", views.AssessmentReviewView.as_view(), name="assessment_review"),
    path("assessments/<int:pk>/report.pdf", views.AssessmentReportView.as_view(), name="assessment_report"),
    path("assessments/<int:pk>/ballot/", views.BallotManageView.as_view(), name="ballot_manage"),
    path("assessments/<int:pk>/ballot/minutes/", views.BallotMinutesView.as_view(), name="ballot_minutes"),
    path("assessments/<int:pk>/do/<slug:action>/", views.AssessmentTransitionView.as_view(),
         name="assessment_transition"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("indicator-sets/", views.IndicatorSetListView.as_view(), name="indicatorset_list"),
    path("indicator-sets/<int:pk>/", views.IndicatorSetDetailView.as_view(), name="indicatorset_detail"),
    path("indicator-sets/<int:pk>/edit/", views.IndicatorSetUpdateView.as_view(), name="indicatorset_edit"),
    path("indicator-sets/<int:pk>/do/<slug:action>/", views.IndicatorSetActionView.as_view(),
         name="indicatorset_action"),
    path("indicator-sets/<int:set_pk>/indicators/add/", views.IndicatorCreateView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/add/", views.AgencyCreateView.as_view(), name="agency_add"),
    path("agencies/assign/", views.AssignAgencyView.as_view(), name="agency_assign"),
    path("agencies/<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("agencies/<int:pk>/accounts/add/", views.AgencyAccountCreateView.as_view(), name="agency_account_add"),
    path("results/", views.ResultsView.as_view(), name="results"),
    path("spot-checks/", views.SpotCheckListView.as_view(), name="spotcheck_list"),
    path("spot-checks/draw/", views.SpotCheckDrawView.as_view(), name="spotcheck_draw"),
    path("spot-checks/<int:pk>/", views.SpotCheckDetailView.as_view(), name="spotcheck_detail"),
    path("spot-check-items/<int:pk>/edit/", views.SpotCheckItemUpdateView.as_view(), name="spotcheckitem_edit"),
]
