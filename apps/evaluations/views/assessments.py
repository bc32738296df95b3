"""Assessment sheets: list, export, start, fill, evidence, review, transitions and the PDF report."""

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View, generic

from apps.accounts.models import User
from apps.core import exports
from apps.core.attachments import max_upload_bytes

from .. import services, workflow
from ..exporting import AssessmentExporter
from ..filters import AssessmentFilter
from ..forms import ReviewForm, SheetForm, StartAssessmentForm
from ..models import Assessment, AssessmentItem, Evidence, Indicator
from ..tables import AssessmentTable
from ..workflow import WorkflowError, sheet_workflow
from .common import AssessmentAccess, current_year


class AssessmentListView(AssessmentAccess, tables.SingleTableMixin, django_filters.views.FilterView):
    table_class = AssessmentTable
    filterset_class = AssessmentFilter
    template_name = "evaluations/assessment_list.html"
    paginate_by = 20

    def get_queryset(self):
        return self.visible().select_related("subject", "region", "agency").order_by("-year", "-updated_at", "-pk")

    def get_table_kwargs(self):
        user = self.request.user
        return {"empty_text": "暂无评估表。" + ("点击“开始本年度自评”开始填报。" if user.kind == User.Kind.ENTERPRISE
                                               else "企业提交自评后将在此列出。")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["title"] = "评估表"
        context["can_start_self"] = user.kind == User.Kind.ENTERPRISE and user.enterprise_id
        context["can_start_staff"] = user.kind == User.Kind.STAFF and user.has_perm("evaluations.add_assessment")
        context["year"] = current_year()
        return context


class AssessmentExportView(AssessmentAccess, View):
    """Export exactly the filtered rows to Excel, as a job (我的任务)."""

    def post(self, request):
        return exports.export_response(AssessmentExporter, request, query=QueryDict(request.POST.get("query", "")))


class StartSelfAssessmentView(LoginRequiredMixin, View):
    """An enterprise account opens (or finds) its self-assessment of the year."""

    def post(self, request):
        user = request.user
        if user.kind != User.Kind.ENTERPRISE or not user.enterprise_id:
            raise PermissionDenied
        subject = user.enterprise.subject
        try:
            assessment = Assessment.start(subject, current_year(), Assessment.Kind.SELF, user)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("evaluations:assessment_list")
        return redirect("evaluations:assessment_fill", pk=assessment.pk)


class StartAssessmentView(LoginRequiredMixin, generic.FormView):
    """Staff open a tripartite sheet, or a self-assessment on behalf of a park or township."""

    form_class = StartAssessmentForm
    template_name = "core/object_form.html"
    breadcrumbs = AssessmentAccess.breadcrumbs
    extra_context = {"title": "新建评估表", "submit_label": "创建"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("evaluations.add_assessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"year": current_year()}

    def form_valid(self, form):
        data = form.cleaned_data
        assessment = Assessment.start(data["subject"], data["year"], data["kind"], self.request.user)
        return redirect("evaluations:assessment_fill", pk=assessment.pk)


def sheet_rows(assessment, items, compare=None):
    """Rows of the sheet, first-level aspects followed by their items, with the three columns."""
    aspects = {i.pk: i for i in Indicator.objects.filter(indicator_set_id=assessment.indicator_set_id,
                                                         parent__isnull=True)}
    compare_by_indicator = {}
    if compare is not None:
        compare_by_indicator = {(i.indicator.code): i for i in compare.items.select_related("indicator")}
    rows, seen = [], set()
    for item in items:
        parent_id = item.indicator.parent_id
        if parent_id not in seen:
            seen.add(parent_id)
            rows.append({"aspect": aspects.get(parent_id)})
        other = compare_by_indicator.get(item.indicator.code)
        diff = False
        if other is not None:
            diff = (other.final_veto != item.self_veto) if item.indicator.is_veto else (
                other.self_score is not None and item.self_score is not None and other.self_score != item.self_score)
        rows.append({"item": item, "other": other, "diff": diff})
    return rows


class AssessmentDetailView(AssessmentAccess, generic.TemplateView):
    template_name = "evaluations/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assessment = self.get_assessment()
        items = list(assessment.items.select_related("indicator").prefetch_related("evidence"))
        compare = assessment.self_assessment() if assessment.kind == Assessment.Kind.THIRD_PARTY else None
        if compare is not None and not (user.kind == User.Kind.STAFF or user.kind == User.Kind.AGENCY):
            compare = None
        context.update(
            title=str(assessment), assessment=assessment, rows=sheet_rows(assessment, items, compare),
            compare=compare, result=workflow.compute_result(assessment, items),
            self_result=workflow.compute_result(assessment, items, column="self"),
            actions=workflow.available(assessment, user),
            can_fill=assessment.is_editable and workflow.is_filler(user, assessment),
            can_review=assessment.status == Assessment.Status.SUBMITTED and workflow.is_reviewer(user, assessment),
            missing=workflow.missing_items(assessment) if assessment.is_editable else [],
            ballot=getattr(assessment, "ballot", None),
        )
        return context


class AssessmentFillView(AssessmentAccess, generic.TemplateView):
    """The filler's sheet: save a draft (scores, explanations, evidence) as often as needed."""

    template_name = "evaluations/assessment_fill.html"

    def setup_sheet(self):
        self.assessment = self.get_assessment()
        self.items = list(self.assessment.items.select_related("indicator").prefetch_related("evidence"))

    def get(self, request, *args, **kwargs):
        self.setup_sheet()
        if not workflow.is_filler(request.user, self.assessment):
            messages.info(request, "此评估表由填报单位填写，您只能查看。")
            return redirect("evaluations:assessment_detail", pk=self.assessment.pk)
        if not self.assessment.is_editable:
            messages.info(request, "评估表已提交并锁定，只能查看。")
            return redirect("evaluations:assessment_detail", pk=self.assessment.pk)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posted = kwargs.get("posted")
        for item in self.items:  # what the user typed is kept when the save is refused
            if posted is not None:
                item.typed_score = posted.get(f"score_{item.pk}", "")
                item.typed_veto = posted.get(f"veto_{item.pk}", "")
                item.typed_note = posted.get(f"note_{item.pk}", "")
            else:
                item.typed_score = "" if item.self_score is None else item.self_score
                item.typed_veto = {True: "yes", False: "no"}.get(item.self_veto, "")
                item.typed_note = item.explanation
        context.update(title=f"填报：{self.assessment}", assessment=self.assessment,
                       rows=sheet_rows(self.assessment, self.items), max_mb=max_upload_bytes() // 1048576,
                       missing=workflow.missing_items(self.assessment))
        return context

    def post(self, request, *args, **kwargs):
        self.setup_sheet()
        if not workflow.is_filler(request.user, self.assessment):
            raise PermissionDenied("您不能填报此评估表。")
        if not self.assessment.is_editable:
            messages.error(request, "评估表已提交并锁定，不能修改。")
            return redirect("evaluations:assessment_detail", pk=self.assessment.pk)
        form = SheetForm(self.items, request.POST, request.FILES)
        if not form.is_valid():
            context = self.get_context_data(errors=form.errors, posted=request.POST)
            return self.render_to_response(context, status=400)
        uploaded = 0
        with transaction.atomic():
            for item in self.items:
                value, explanation, uploads = form.cleaned[item.pk]
                changed = explanation != item.explanation or (
                    value != item.self_veto if item.indicator.is_veto else value != item.self_score)
                if changed:
                    if item.indicator.is_veto:
                        workflow.save_self_item(item, request.user, veto=value, explanation=explanation)
                    else:
                        workflow.save_self_item(item, request.user, score=value, explanation=explanation)
                for upload in uploads:
                    services.add_evidence(item, upload, request.user)
                    uploaded += 1
        messages.success(request, "草稿已保存。" + (f"上传材料 {uploaded} 份。" if uploaded else ""))
        if request.POST.get("then") == "submit":
            return redirect(reverse("evaluations:assessment_detail", args=[self.assessment.pk]) + "#actions")
        return redirect("evaluations:assessment_fill", pk=self.assessment.pk)


class EvidenceDeleteView(AssessmentAccess, View):
    sweep_models = {"pk": Evidence}

    def post(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.select_related("item__assessment"),
                                     pk=pk, item__assessment__in=self.visible())
        assessment = evidence.item.assessment
        if not (assessment.is_editable and workflow.is_filler(request.user, assessment)):
            messages.error(request, "评估表已提交并锁定，不能删除材料。")
        else:
            evidence.file.delete(save=False)
            evidence.delete()
            messages.success(request, f"已删除材料“{evidence.original_name}”。")
        return redirect("evaluations:assessment_fill", pk=assessment.pk)


class EvidenceDownloadView(AssessmentAccess, View):
    sweep_models = {"pk": Evidence}

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence, pk=pk, item__assessment__in=self.visible())
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404("文件不存在。") from None
        return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


class AssessmentReviewView(AssessmentAccess, generic.TemplateView):
    """Review item by item: accept, or adjust the score with a reason; then return or conclude."""

    template_name = "evaluations/assessment_review.html"

    def setup_sheet(self):
        self.assessment = self.get_assessment()
        problem = workflow.reviewer_problem(self.request.user, self.assessment)
        if problem:
            raise PermissionDenied(problem)
        self.items = list(self.assessment.items.select_related("indicator").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("id", "item_id", "original_name", "file_type"))))

    def get(self, request, *args, **kwargs):
        self.setup_sheet()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compare = self.assessment.self_assessment() if self.assessment.kind != Assessment.Kind.SELF else None
        posted = kwargs.get("posted")
        for item in self.items:
            if posted is not None:
                item.typed_action = posted.get(f"action_{item.pk}", "")
                item.typed_rscore = posted.get(f"rscore_{item.pk}", "")
                item.typed_comment = posted.get(f"comment_{item.pk}", "")
            else:
                item.typed_action = ""
                item.typed_rscore = "" if item.review_score is None or item.review_status != "adjusted" else item.review_score
                item.typed_comment = item.review_comment
        context.update(title=f"审核：{self.assessment}", assessment=self.assessment,
                       rows=sheet_rows(self.assessment, self.items, compare), compare=compare,
                       result=workflow.compute_result(self.assessment, self.items),
                       pending=sum(i.review_status == AssessmentItem.ReviewStatus.PENDING for i in self.items),
                       ballot=getattr(self.assessment, "ballot", None),
                       risks=open_risks(self.assessment, self.request.user),
                       steps={t.name for t in workflow.available(self.assessment, self.request.user)},
                       editable=self.assessment.status == Assessment.Status.SUBMITTED)
        return context

    def post(self, request, *args, **kwargs):
        self.setup_sheet()
        if self.assessment.status != Assessment.Status.SUBMITTED:
            messages.error(request, f"评估表当前为“{self.assessment.get_status_display()}”，不能审核。")
            return redirect("evaluations:assessment_detail", pk=self.assessment.pk)
        form = ReviewForm(self.items, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(errors=form.errors, posted=request.POST), status=400)
        with transaction.atomic():
            for item in self.items:
                if item.pk in form.cleaned:
                    action, score, veto, comment = form.cleaned[item.pk]
                    workflow.review_item(item, request.user, action, score=score, veto=veto, comment=comment)
        messages.success(request, f"已保存 {len(form.cleaned)} 项审核意见。")
        return redirect("evaluations:assessment_review", pk=self.assessment.pk)


def open_risks(assessment, user):
    """The unit's open risk reports (a 重大 wage-arrears case, say), shown beside the veto items on review."""
    from apps.risks.models import RiskReport

    enterprise = getattr(assessment.subject, "enterprise", None) if assessment.subject.kind == "enterprise" else None
    if enterprise is None:
        return []
    rank = {RiskReport.Severity.MAJOR: 0, RiskReport.Severity.SERIOUS: 1, RiskReport.Severity.GENERAL: 2}
    rows = RiskReport.objects.visible_to(user).open().filter(enterprise=enterprise).order_by("due_date")[:50]
    return sorted(rows, key=lambda r: rank.get(r.severity, 3))


class AssessmentTransitionView(AssessmentAccess, View):
    """Every step on a sheet is one row of its workflow table (apps/evaluations/workflow.py)."""

    def post(self, request, pk, action):
        assessment = self.get_assessment(pk)
        workflow_ = sheet_workflow(assessment)
        try:
            t = workflow_.transition(action)
            workflow_.perform(assessment, action, request.user, reason=request.POST.get("reason", ""))
        except WorkflowError as exc:
            messages.error(request, exc.message + ("；".join(exc.missing) if exc.missing else ""))
            request.session["evaluations_missing"] = exc.missing
            target = "evaluations:assessment_review" if action in ("accept", "conclude") and workflow.is_reviewer(
                request.user, assessment) else "evaluations:assessment_detail"
            return redirect(target, pk=assessment.pk)
        messages.success(request, f"已{t.label}。" if action != "conclude" else "已出具评估结论。")
        if action == "accept":
            return redirect("evaluations:assessment_review", pk=assessment.pk)
        return redirect("evaluations:assessment_detail", pk=assessment.pk)


class AssessmentReportView(AssessmentAccess, View):
    """The assessment report is made by the document job; the request only asks for it (and is sent to the
    document's page, which polls until the PDF is ready)."""

    def get(self, request, pk):
        from apps.documents.services import document_for

        assessment = self.get_assessment(pk)
        return document_for(
            request, changed_at=assessment.updated_at, kind="assessment-report",
            title=f"{assessment.subject.name}{assessment.year}年度和谐劳动关系创建{assessment.get_kind_display()}报告",
            template_name="evaluations/report_pdf.html", region=assessment.subject.region,
            subject=assessment.subject, builder="apps.evaluations.views.assessments:report_context",
            args={"pk": assessment.pk})


def report_context(pk):
    from apps.documents.official import chinese_date

    from ..models import Assessment

    assessment = Assessment.objects.select_related("subject__region", "indicator_set", "agency",
                                                   "reviewed_by").get(pk=pk)
    items = list(assessment.items.select_related("indicator"))
    return {
        "assessment": assessment, "rows": sheet_rows(assessment, items),
        "result": workflow.compute_result(assessment, items),
        "self_result": workflow.compute_result(assessment, items, column="self"),
        "ballot": getattr(assessment, "ballot", None), "date_text": chinese_date(
            (assessment.concluded_at or assessment.updated_at).date()),
        "title": f"{assessment.subject.name}{assessment.year}年度和谐劳动关系创建{assessment.get_kind_display()}报告"}
