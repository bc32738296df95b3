from django.urls import path, reverse_lazy

from apps.core.import_views import importer_urls

from . import views
from .importing import EnterpriseImporter

app_name = "enterprises"
urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("new/", views.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("<int:pk>/edit/", views.EnterpriseUpdateView.as_view(), name="enterprise_update"),
    path("<int:enterprise_pk>/records/new/", views.CreationRecordCreateView.as_view(), name="record_create"),
    path("records/<int:pk>/edit/", views.CreationRecordUpdateView.as_view(), name="record_update"),
    path("bulk-status/", views.BulkStatusView.as_view(), name="bulk_status"),
    path("export/", views.EnterpriseExportView.as_view(), name="export"),
    path("pick/", views.EnterprisePickView.as_view(), name="pick"),
    *importer_urls(EnterpriseImporter, "import/", namespace="enterprises", name="import", job_name="import_preview",
                   title="批量导入企业", noun="企业", list_url_name="enterprises:enterprise_list",
                   permission_required=("enterprises.import_enterprise",), preview_inline=False, confirm_to_job=True,
                   heading=lambda stage: {"applied": "导入结果", "applying": "正在导入"}.get(stage, "导入预览"),
                   breadcrumbs=(("企业创建台账", reverse_lazy("enterprises:enterprise_list")),)),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:pk>/invite/resend/", views.InviteResendView.as_view(), name="invite_resend"),
    path("activate/<str:token>/", views.ActivateView.as_view(), name="activate"),
    path("mine/", views.MyEnterpriseView.as_view(), name="mine"),
    path("mine/edit/", views.MyEnterpriseEditView.as_view(), name="mine_edit"),
    path("contacts/", views.ContactAssignmentListView.as_view(), name="contact_list"),
    path("contacts/compliance/", views.ContactComplianceView.as_view(), name="contact_compliance"),
    path("contacts/<int:pk>/", views.ContactAssignmentDetailView.as_view(), name="contact_detail"),
    path("contacts/<int:assignment_pk>/visits/new/", views.ContactVisitCreateView.as_view(), name="visit_create"),
    path("contacts/<int:pk>/edit/", views.ContactAssignmentUpdateView.as_view(), name="contact_edit"),
    path("contacts/visits/<int:pk>/edit/", views.ContactVisitUpdateView.as_view(), name="visit_edit"),
    path("contacts/visits/<int:pk>/delete/", views.ContactVisitDeleteView.as_view(), name="visit_delete"),
    path("<int:enterprise_pk>/contacts/new/", views.ContactAssignmentCreateView.as_view(), name="contact_create"),
]
