from django.urls import path

from . import views as v

app_name = "recognition"
urlpatterns = [
    # typical cases
    path("cases/", v.CaseListView.as_view(), name="case_list"),
    path("cases/add/", v.CaseCreateView.as_view(), name="case_add"),
    path("cases/<int:pk>/", v.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", v.CaseUpdateView.as_view(), name="case_edit"),
    path("cases/<int:pk>/act/<slug:action>/", v.CaseActionView.as_view(), name="case_action"),
    # commendations
    path("commendations/", v.CommendationListView.as_view(), name="commendation_list"),
    path("commendations/add/", v.CommendationCreateView.as_view(), name="commendation_add"),
    path("commendations/export/", v.CommendationExportView.as_view(), name="commendation_export"),
    path("commendations/roster/", v.RosterView.as_view(), name="commendation_roster"),
    path("commendations/<int:pk>/", v.CommendationDetailView.as_view(), name="commendation_detail"),
    path("commendations/<int:pk>/edit/", v.CommendationUpdateView.as_view(), name="commendation_edit"),
    path("commendations/<int:pk>/attachments/", v.AttachmentUploadView.as_view(), name="attachment_add"),
    path("commendations/<int:pk>/act/<slug:action>/", v.CommendationActionView.as_view(),
         name="commendation_action"),
    path("attachments/<int:pk>/", v.AttachmentDownloadView.as_view(), name="attachment_download"),
    # joint incentive measures
    path("incentives/", v.IncentiveListView.as_view(), name="incentive_list"),
    path("incentives/add/", v.IncentiveCreateView.as_view(), name="incentive_add"),
    path("incentives/<int:pk>/", v.IncentiveDetailView.as_view(), name="incentive_detail"),
    path("incentives/<int:pk>/edit/", v.IncentiveUpdateView.as_view(), name="incentive_edit"),
]
