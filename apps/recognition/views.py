"""Screens of typical cases, commendations and incentive measures; thin views over the scoping rule and the
workflows. The public pages of published cases live in apps/public."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views import generic

from apps.core.exports import export_response
from apps.core.policy import can, policy_for
from apps.core.querying import campaign_year, current_year
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView
from apps.core.workflow import WorkflowError
from apps.documents.numbering import next_free
from apps.honours.services import PROVINCE_DOC_PREFIX

from . import roster
from .exporting import CommendationExporter
from .filters import CaseFilter, CommendationFilter, IncentiveFilter
from .forms import YEARS, AttachmentForm, CaseForm, CommendationForm, IncentiveForm, ReasonForm, RosterForm
from .models import Case, Commendation, CommendationAttachment, Incentive
from .tables import CaseTable, CommendationTable, IncentiveTable
from .workflow import CaseWorkflow, CommendationWorkflow

CASE_CRUMB = (("典型案例", reverse_lazy("recognition:case_list")),)
COMMENDATION_CRUMB = (("表彰推荐", reverse_lazy("recognition:commendation_list")),)
INCENTIVE_CRUMB = (("联合激励措施", reverse_lazy("recognition:incentive_list")),)


class EnterpriseAccountAllowed:
    """Enterprise accounts reach the case pages of their own enterprise (visible_to keeps them to it)."""

    def has_permission(self):
        user = self.request.user
        if getattr(user, "kind", "") == "enterprise" and user.enterprise_id:
            return True
        return super().has_permission()


class WorkflowActionView(ScopedMixin, generic.View):
    """Confirm (GET) and take (POST) one step of the object's workflow; a refusal changes nothing."""

    model = None
    workflow = None
    template_name = "recognition/action_confirm.html"

    def get_object(self):
        return get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def transition(self):
        try:
            return self.workflow.transition(self.kwargs["action"])
        except WorkflowError:
            raise Http404("未知操作。") from None

    def page(self, obj, t, form, status=200):
        return render(self.request, self.template_name, {
            "view": self, "object": obj, "t": t, "form": form, "title": t.label,
            "problem": self.workflow.problem(obj, t, self.request.user), "back": obj.get_absolute_url()},
            status=status)

    def get(self, request, pk, action):
        obj, t = self.get_object(), self.transition()
        return self.page(obj, t, ReasonForm(required=t.reason_required))

    def post(self, request, pk, action):
        obj, t = self.get_object(), self.transition()
        form = ReasonForm(request.POST, required=t.reason_required)
        if not form.is_valid():
            return self.page(obj, t, form, status=400)
        try:
            self.workflow.perform(obj, t.name, request.user, reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            messages.error(request, f"未能{t.label}：{exc.message}")
            return redirect(obj.get_absolute_url())
        messages.success(request, f"已{t.label}。")
        return redirect(obj.get_absolute_url())


# ------------------------------------------------------------------------------------------ typical cases


class CaseListView(EnterpriseAccountAllowed, ScopedListView):
    model = Case
    table_class = CaseTable
    filterset_class = CaseFilter
    template_name = "recognition/case_list.html"
    empty_text = "本辖区尚无典型案例。县（市、区）、市（州）三方办或企业可点击“报送案例”填报。"

    def get_queryset(self):
        return (super().get_queryset().select_related("region").defer("body", "summary")
                .order_by("-year", "-created_at", "-pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="典型案例", can_add=can(self.request.user, "add", Case))
        return context


class CaseCreateView(EnterpriseAccountAllowed, ScopedCreateView):
    model = Case
    form_class = CaseForm
    breadcrumbs = CASE_CRUMB
    extra_context = {"title": "报送典型案例", "submit_label": "保存草稿"}
    success_message = "案例已保存为草稿。核对无误后请在案例页点击提交。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.get_absolute_url()


class CaseDetailView(EnterpriseAccountAllowed, ScopedDetailView):
    model = Case
    template_name = "recognition/case_detail.html"
    breadcrumbs = CASE_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("region", "enterprise", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, case = self.request.user, self.object
        context.update(title=case.title, actions=CaseWorkflow.available(case, user),
                       can_edit=policy_for(Case).can(user, "edit", case, listed=True))
        return context


class CaseUpdateView(EnterpriseAccountAllowed, ScopedUpdateView):
    model = Case
    form_class = CaseForm
    breadcrumbs = CASE_CRUMB
    extra_context = {"title": "修改典型案例"}
    success_message = "案例已保存。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            case = get_object_or_404(Case.objects.visible_to(request.user), pk=kwargs["pk"])
            if not policy_for(Case).can(request.user, "edit", case, listed=True):
                messages.error(request, f"案例当前状态为“{case.get_status_display()}”，或您不是报送方，不能修改。")
                return redirect(case.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class CaseActionView(EnterpriseAccountAllowed, WorkflowActionView):
    model = Case
    workflow = CaseWorkflow
    breadcrumbs = CASE_CRUMB


# ------------------------------------------------------------------------------------------- commendations


class CommendationListView(ScopedListView):
    model = Commendation
    table_class = CommendationTable
    filterset_class = CommendationFilter
    template_name = "recognition/commendation_list.html"
    empty_text = "尚无表彰推荐。县（市、区）或市（州）三方办可点击“新增推荐”填报先进集体或先进个人。"

    def get_queryset(self):
        return (super().get_queryset().select_related("region", "nominator_region")
                .defer("deeds", "id_number", "phone").order_by("-year", "kind", "region_path", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="表彰推荐", can_add=can(self.request.user, "add", Commendation),
                       export_query=self.request.GET.urlencode())
        return context


class CommendationExportView(ScopedMixin, generic.View):
    model = Commendation

    def get(self, request):
        return export_response(CommendationExporter, request)


class CommendationCreateView(ScopedCreateView):
    model = Commendation
    form_class = CommendationForm
    breadcrumbs = COMMENDATION_CRUMB
    extra_context = {"title": "新增表彰推荐", "submit_label": "保存草稿"}
    success_message = "推荐已保存为草稿。请上传推荐材料后提交。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.get_absolute_url()


class CommendationDetailView(ScopedDetailView):
    model = Commendation
    template_name = "recognition/commendation_detail.html"
    breadcrumbs = COMMENDATION_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("region", "nominator_region", "enterprise", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        can_edit = policy_for(Commendation).can(user, "edit", obj, listed=True)
        context.update(title=str(obj), actions=CommendationWorkflow.available(obj, user), can_edit=can_edit,
                       attachments=obj.attachments.all(),
                       upload_form=kwargs.get("upload_form") or (AttachmentForm() if can_edit else None))
        return context


class CommendationUpdateView(ScopedUpdateView):
    model = Commendation
    form_class = CommendationForm
    breadcrumbs = COMMENDATION_CRUMB
    extra_context = {"title": "修改表彰推荐"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            obj = get_object_or_404(Commendation.objects.visible_to(request.user), pk=kwargs["pk"])
            if not policy_for(Commendation).can(request.user, "edit", obj, listed=True):
                messages.error(request, f"推荐当前状态为“{obj.get_status_display()}”，或您不是推荐单位，不能修改。")
                return redirect(obj.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class AttachmentUploadView(CommendationDetailView):
    """推荐材料 upload: type checked by content, 10 MB at most; only while the nomination can be edited."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = obj = self.get_object()
        if not policy_for(Commendation).can(request.user, "edit", obj, listed=True):
            messages.error(request, "推荐已提交或您不是推荐单位，不能上传材料。")
            return redirect(obj.get_absolute_url())
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(object=obj, upload_form=form), status=400)
        upload = form.cleaned_data["file"]
        CommendationAttachment.objects.create(commendation=obj, file=upload, original_name=upload.name[-200:],
                                              file_type=form.file_type, size=upload.size, uploaded_by=request.user)
        messages.success(request, f"已上传“{upload.name}”。")
        return redirect(obj.get_absolute_url())



class AttachmentDownloadView(ScopedMixin, generic.View):
    model = CommendationAttachment

    def get(self, request, pk):
        item = get_object_or_404(CommendationAttachment.objects.visible_to(request.user), pk=pk)
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


class CommendationActionView(WorkflowActionView):
    model = Commendation
    workflow = CommendationWorkflow
    breadcrumbs = COMMENDATION_CRUMB


class RosterView(ScopedMixin, generic.TemplateView):
    """表彰名单: the approved collectives and individuals of a year inside the user's area; the province
    makes it into the decision's PDF (GB/T 9704 layout) through the documents app."""

    model = Commendation
    template_name = "recognition/roster.html"
    breadcrumbs = COMMENDATION_CRUMB

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, campaign_year(self.request, years=YEARS)
        collectives, individuals = roster.approved(user, year)
        context.update(title=f"{year}年度表彰名单", year=year, years=list(YEARS), collectives=collectives,
                       individuals=individuals, form=kwargs.get("form") or RosterForm(initial={
                           "doc_number": next_free(PROVINCE_DOC_PREFIX, current_year())}),
                       can_issue=can(user, "issue", Commendation))
        return context

    def post(self, request):
        year = campaign_year(request, years=YEARS)
        form = RosterForm(request.POST)
        if not can(request.user, "issue", Commendation):
            raise PermissionDenied
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            roster.request_pdf(request.user, year, form.cleaned_data["doc_number"])
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect(reverse("recognition:commendation_roster") + f"?year={year}")
        messages.success(request, "表彰名单正在生成，完成后可在“公文与文书”中下载，并会在通知中心提醒您。")
        return redirect("documents:document_list")


# ----------------------------------------------------------------------------------- joint incentive measures


class IncentiveListView(ScopedListView):
    model = Incentive
    table_class = IncentiveTable
    filterset_class = IncentiveFilter
    template_name = "recognition/incentive_list.html"
    empty_text = "尚无联合激励措施。三方办可点击“录入措施”记录本级或会同其他部门出台的激励措施。"

    def get_queryset(self):
        # a county sees the province's measures, and counts only the beneficiaries inside its own area
        path = self.request.user.scope_path
        inside = Q(beneficiaries__region_path__startswith=path) if path else Q()
        return (super().get_queryset().select_related("region").defer("content")
                .annotate(beneficiary_count=Count("beneficiaries", filter=inside)).order_by("-issued_on", "-pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="联合激励措施", can_add=self.request.user.has_perm("recognition.add_incentive")
                       and self.request.user.region is not None)
        return context


class IncentiveCreateView(ScopedCreateView):
    model = Incentive
    form_class = IncentiveForm
    breadcrumbs = INCENTIVE_CRUMB
    extra_context = {"title": "录入联合激励措施"}
    success_message = "激励措施已保存。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.get_absolute_url()


class IncentiveDetailView(ScopedDetailView):
    model = Incentive
    template_name = "recognition/incentive_detail.html"
    breadcrumbs = INCENTIVE_CRUMB

    def get_queryset(self):
        from apps.enterprises.models import Enterprise

        return super().get_queryset().select_related("region", "created_by").prefetch_related(
            Prefetch("beneficiaries", queryset=Enterprise.objects.select_related("region").order_by("uscc")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        # a county sees the province's measure, but only the beneficiaries inside its own area
        from apps.enterprises.models import Enterprise

        mine = set(Enterprise.objects.visible_to(user).filter(pk__in=[e.pk for e in obj.beneficiaries.all()])
                   .values_list("pk", flat=True))
        context.update(title=obj.title,
                       titles=obj.titles.visible_to(user).select_related("subject", "city").order_by("city__code", "pk"),
                       beneficiaries=[e for e in obj.beneficiaries.all() if e.pk in mine],
                       can_edit=user.has_perm("recognition.change_incentive")
                       and Incentive.objects.editable_by(user).filter(pk=obj.pk).exists())
        return context


class IncentiveUpdateView(ScopedUpdateView):
    model = Incentive
    form_class = IncentiveForm
    breadcrumbs = INCENTIVE_CRUMB
    extra_context = {"title": "修改联合激励措施"}

    def get_queryset(self):
        # the issuing area alone edits a measure: a county sees the province's, but cannot change it
        return Incentive.objects.editable_by(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()
