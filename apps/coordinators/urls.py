from django.urls import path

from . import programme_views as pv
from . import training_views as tv
from . import views as v

app_name = "coordinators"
urlpatterns = [
    # ledger
    path("", v.CoordinatorListView.as_view(), name="coordinator_list"),
    path("add/", v.CoordinatorCreateView.as_view(), name="coordinator_add"),
    path("export/", v.CoordinatorExportView.as_view(), name="coordinator_export"),
    path("import/", v.LedgerImportView.as_view(), name="ledger_import"),
    path("import/template/", v.ImportTemplateView.as_view(), name="ledger_import_template"),
    path("import/jobs/<int:pk>/", v.ImportJobView.as_view(), name="import_job"),
    path("import/jobs/<int:pk>/confirm/", v.ImportJobConfirmView.as_view(), name="import_confirm"),
    path("id-access/", v.IdAccessListView.as_view(), name="id_access_list"),
    path("<int:pk>/", v.CoordinatorDetailView.as_view(), name="coordinator_detail"),
    path("<int:pk>/edit/", v.CoordinatorUpdateView.as_view(), name="coordinator_edit"),
    path("<int:pk>/confirmation/", v.CoordinatorStepView.as_view(), name="coordinator_step"),
    path("<int:pk>/id-number/", v.RevealIdNumberView.as_view(), name="coordinator_reveal"),
    path("<int:pk>/gold-medal/", v.NominateGoldMedalView.as_view(), name="coordinator_nominate"),
    path("<int:coordinator_pk>/evaluations/add/", v.SkillEvaluationCreateView.as_view(), name="evaluation_add"),
    path("<int:coordinator_pk>/awards/add/", v.AwardCreateView.as_view(), name="award_add"),
    # skills, awards, contests
    path("skills/", v.SkillEvaluationListView.as_view(), name="evaluation_list"),
    path("awards/", v.AwardListView.as_view(), name="award_list"),
    path("awards/<int:pk>/edit/", v.AwardUpdateView.as_view(), name="award_edit"),
    path("awards/<int:pk>/outcome/", v.AwardStepView.as_view(), name="award_step"),
    path("contests/", v.ContestListView.as_view(), name="contest_list"),
    path("contests/add/", v.ContestCreateView.as_view(), name="contest_add"),
    path("contests/<int:pk>/edit/", v.ContestUpdateView.as_view(), name="contest_edit"),
    # structure and distribution
    path("structure/", pv.StructureView.as_view(), name="structure"),
    # trainings
    path("trainings/", tv.TrainingListView.as_view(), name="training_list"),
    path("trainings/add/", tv.TrainingCreateView.as_view(), name="training_add"),
    path("trainings/export/", tv.TrainingExportView.as_view(), name="training_export"),
    path("trainings/import/", v.TrainingImportView.as_view(), name="trainings_import"),
    path("trainings/import/template/", v.TrainingImportTemplateView.as_view(), name="trainings_import_template"),
    path("trainings/attendance-template/", v.AttendanceImportTemplateView.as_view(),
         name="attendance_import_template"),
    path("trainings/check/", tv.TrainingCheckView.as_view(), name="training_check"),
    path("trainings/<int:pk>/", tv.TrainingDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", tv.TrainingUpdateView.as_view(), name="training_edit"),
    path("trainings/<int:pk>/attendance/add/", tv.AttendanceAddView.as_view(), name="attendance_add"),
    path("trainings/<int:pk>/attendance/export/", tv.AttendanceExportView.as_view(), name="attendance_export"),
    path("trainings/<int:pk>/attendance/import/", v.AttendanceImportView.as_view(), name="attendance_import"),
    path("attendance/<int:pk>/delete/", tv.AttendanceDeleteView.as_view(), name="attendance_delete"),
    path("attendance/<int:pk>/result/", tv.AttendanceResultView.as_view(), name="attendance_result"),
    # gold medals
    path("gold-medals/", pv.GoldMedalListView.as_view(), name="goldmedal_list"),
    path("gold-medals/export/", pv.GoldMedalExportView.as_view(), name="goldmedal_export"),
    path("gold-medals/quotas/", pv.GoldMedalQuotaView.as_view(), name="goldmedal_quotas"),
    path("gold-medals/publish/", pv.GoldMedalPublishView.as_view(), name="goldmedal_publish"),
    path("gold-medals/list-pdf/", pv.GoldMedalListPdfView.as_view(), name="goldmedal_list_pdf"),
    path("gold-medals/<int:pk>/certificate/", pv.GoldMedalCertificateView.as_view(), name="goldmedal_certificate"),
    path("gold-medals/<int:pk>/withdraw/", pv.GoldMedalWithdrawView.as_view(), name="goldmedal_withdraw"),
    path("gold-medals/<int:pk>/return/", pv.GoldMedalReturnView.as_view(), name="goldmedal_return"),
    path("pick/", v.CoordinatorPickView.as_view(), name="pick"),
]
