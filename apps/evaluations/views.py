import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views import View, generic
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from apps.accounts.models import User
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView
from apps.enterprises.models import CAMPAIGN_YEARS, Subject
from apps.regions.models import Region

from . import services, workflow
from .forms import (
    AgencyAccountForm,
    AgencyForm,
    AssignAgencyForm,
    BallotAnswerForm,
    BallotCodeForm,
    IndicatorForm,
    IndicatorSetForm,
    OnlineBallotForm,
    PaperBallotForm,
    ReviewForm,
    SheetForm,
    SpotCheckDrawForm,
    SpotCheckItemForm,
    StartAssessmentForm,
)
from .models import (
    Agency,
    Assessment,
    AssessmentItem,
    Evidence,
    Indicator,
    IndicatorSet,
    SatisfactionBallot,
    SpotCheck,
    SpotCheckItem,
)
from .workflow import WorkflowError


def current_year():
    from django.utils import timezone

    year = timezone.localdate().year
    years = [y for y, _ in CAMPAIGN_YEARS]
    return min(max(year, years[0]), years[-1])


def require_level(user, levels, words):
    if not user.is_superuser and (user.kind != User.Kind.STAFF or not user.office_id
                                  or user.region.level not in levels):
        raise PermissionDenied(f"此功能由{words}使用。")


# ====================================================================== assessments

class AssessmentAccess(LoginRequiredMixin):
    """Sheets: office staff need the view permission and see their area; enterprise accounts see their
    own enterprise's sheets; agency accounts see the sheets granted to their agency."""

    model = Assessment
    breadcrumbs = (("评估表", reverse_lazy("evaluations:assessment_list")),)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.kind == User.Kind.STAFF and not user.has_perm(
                "evaluations.view_assessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        return Assessment.objects.visible_to(self.request.user)

    def get_assessment(self, pk=None):
        pk = pk or self.kwargs["pk"]
        return get_object_or_404(self.visible().select_related(
            "subject__region", "indicator_set", "agency", "reviewed_by"), pk=pk)


class AssessmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="subject__name", lookup_expr="icontains", label="主体名称")
    year = django_filters.ChoiceFilter(choices=CAMPAIGN_YEARS, label="年度")
    kind = django_filters.ChoiceFilter(choices=Assessment.Kind.choices, label="评估类型")
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices, label="状态")

    class Meta:
        model = Assessment
        fields = ["q", "year", "kind", "status"]


class AssessmentTable(tables.Table):
    subject = tables.Column(verbose_name="创建主体", linkify=("evaluations:assessment_detail", {"pk": tables.A("pk")}),
                            order_by=("subject__name",))
    region = tables.Column(accessor="region__full_name", verbose_name="所在区划", order_by=("region__code",))
    year = tables.Column(verbose_name="年度")
    kind = tables.Column(verbose_name="类型")
    agency = tables.Column(verbose_name="第三方机构", default="—")
    status = tables.Column(verbose_name="状态")
    self_total = tables.Column(verbose_name="自评得分", default="—")
    final_total = tables.Column(verbose_name="最终得分", default="—")
    updated_at = tables.DateTimeColumn(verbose_name="更新时间", format="Y-m-d H:i")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_tone,
                           record.get_status_display())


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
        from apps.core.models import BackgroundJob

        from .tasks import export_assessments

        query = request.POST.get("query", "")
        job = BackgroundJob.objects.create(owner=request.user, kind="export", title="评估表导出（Excel）",
                                           params={"query": query, "filename": f"评估表-{current_year()}.xlsx"})
        transaction.on_commit(lambda: export_assessments.delay(job.pk))
        messages.info(request, "导出任务已开始，完成后可在“我的任务”下载。")
        return redirect("core:job_detail", pk=job.pk)


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
            actions=workflow.allowed_actions(user, assessment),
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
                       rows=sheet_rows(self.assessment, self.items), max_mb=services.max_evidence_bytes() // 1048576,
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


class AssessmentTransitionView(AssessmentAccess, View):
    def post(self, request, pk, action):
        assessment = self.get_assessment(pk)
        try:
            workflow.transition(assessment, action, request.user, reason=request.POST.get("reason", ""))
        except WorkflowError as exc:
            messages.error(request, str(exc) + ("；".join(exc.missing) if exc.missing else ""))
            request.session["evaluations_missing"] = exc.missing
            target = "evaluations:assessment_review" if action in ("accept", "conclude") and workflow.is_reviewer(
                request.user, assessment) else "evaluations:assessment_detail"
            return redirect(target, pk=assessment.pk)
        label = workflow.TRANSITIONS[action].label
        messages.success(request, f"已{label}。" if action != "conclude" else "已出具评估结论。")
        if action == "accept":
            return redirect("evaluations:assessment_review", pk=assessment.pk)
        return redirect("evaluations:assessment_detail", pk=assessment.pk)


class AssessmentReportView(AssessmentAccess, View):
    def get(self, request, pk):
        from apps.documents.official import chinese_date
        from apps.documents.pdf import render_pdf

        assessment = self.get_assessment(pk)
        items = list(assessment.items.select_related("indicator"))
        pdf = render_pdf("evaluations/report_pdf.html", {
            "assessment": assessment, "rows": sheet_rows(assessment, items),
            "result": workflow.compute_result(assessment, items),
            "self_result": workflow.compute_result(assessment, items, column="self"),
            "ballot": getattr(assessment, "ballot", None), "date_text": chinese_date(
                (assessment.concluded_at or assessment.updated_at).date()),
            "title": f"{assessment.subject.name}{assessment.year}年度和谐劳动关系创建{assessment.get_kind_display()}报告"})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="assessment-{assessment.pk}.pdf"'
        return response


# ---------------------------------------------------------------------- ballot (enterprise side)

class BallotManageView(AssessmentAccess, generic.TemplateView):
    template_name = "evaluations/ballot_manage.html"

    def setup_sheet(self):
        self.assessment = self.get_assessment()
        self.ballot = getattr(self.assessment, "ballot", None)
        self.can_edit = self.assessment.is_editable and workflow.is_filler(self.request.user, self.assessment)
        if not self.assessment.needs_ballot:
            raise Http404("此评估表不需要职工满意度测评。")

    def get(self, request, *args, **kwargs):
        self.setup_sheet()
        if request.GET.get("format") == "xlsx":
            return self.codes_xlsx()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ballot = self.ballot
        context.update(title="职工满意度测评", assessment=self.assessment, ballot=ballot, can_edit=self.can_edit,
                       iset=self.assessment.indicator_set)
        if ballot is None and self.can_edit:
            context.setdefault("paper_form", PaperBallotForm(prefix="paper"))
            context.setdefault("online_form", OnlineBallotForm(prefix="online"))
        if ballot is not None and ballot.method == SatisfactionBallot.Method.ONLINE:
            context["codes_left"] = ballot.codes.filter(used=False).count()
            context["breakdown"] = services.ballot_breakdown(ballot)
            if ballot.status == SatisfactionBallot.Status.OPEN and self.can_edit:
                context["codes"] = list(ballot.codes.filter(used=False).order_by("code").values_list("code", flat=True))
                context["ballot_url"] = self.request.build_absolute_uri(reverse("evaluations:ballot_entry"))
        return context

    def post(self, request, *args, **kwargs):
        self.setup_sheet()
        if not self.can_edit:
            raise PermissionDenied("评估表已提交并锁定，不能修改测评。")
        what = request.POST.get("what")
        if what == "paper" and self.ballot is None:
            form = PaperBallotForm(request.POST, request.FILES, prefix="paper")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(paper_form=form), status=400)
            ballot = form.save(commit=False)
            ballot.assessment = self.assessment
            ballot.method = SatisfactionBallot.Method.PAPER
            ballot.status = SatisfactionBallot.Status.CLOSED
            ballot._change_reason = "录入纸质测评结果"
            ballot.save()
            messages.success(request, "纸质测评结果已录入。")
        elif what == "online" and self.ballot is None:
            form = OnlineBallotForm(request.POST, prefix="online")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(online_form=form), status=400)
            services.open_online_ballot(self.assessment, form.cleaned_data["eligible"])
            messages.success(request, f"已发放 {form.cleaned_data['eligible']} 个匿名测评码。")
        elif what == "close" and self.ballot is not None and self.ballot.status == SatisfactionBallot.Status.OPEN:
            services.close_ballot(self.ballot)
            messages.success(request, "线上测评已结束。")
        elif what == "reset" and self.ballot is not None:
            self.ballot.delete()
            messages.success(request, "已撤销本次测评，可重新开展。")
        else:
            messages.error(request, "操作无效。")
        return redirect("evaluations:ballot_manage", pk=self.assessment.pk)

    def codes_xlsx(self):
        if self.ballot is None or self.ballot.method != SatisfactionBallot.Method.ONLINE or not self.can_edit:
            raise Http404
        from apps.core.spreadsheets import download

        return download(services.ballot_codes_xlsx(self.ballot), f"ballot-codes-{self.assessment.pk}.xlsx")


class BallotMinutesView(AssessmentAccess, View):
    def get(self, request, pk):
        assessment = self.get_assessment(pk)
        ballot = getattr(assessment, "ballot", None)
        if ballot is None or not ballot.minutes:
            raise Http404
        try:
            return FileResponse(ballot.minutes.open("rb"), as_attachment=True,
                                filename=ballot.minutes.name.rsplit("/", 1)[-1])
        except FileNotFoundError:
            raise Http404("文件不存在。") from None



# ---------------------------------------------------------------------- ballot (public, no login)

@method_decorator([never_cache, csrf_protect], name="dispatch")
class BallotEntryView(View):
    """Workers enter their one-time code on a phone-sized page, without logging in."""

    template = "evaluations/ballot_public.html"

    def get(self, request):
        return render(request, self.template, {"form": BallotCodeForm(), "step": "code"})

    def post(self, request):
        if "overall" in request.POST or request.POST.get("step") == "answer":
            return self.answer(request)
        form = BallotCodeForm(request.POST)
        if form.is_valid():
            try:
                row = services.find_open_code(form.cleaned_data["code"])
            except services.BallotRefused as exc:
                form.add_error("code", str(exc))
            else:
                return render(request, self.template, {
                    "form": BallotAnswerForm(initial={"code": row.code}), "step": "answer",
                    "enterprise": row.ballot.assessment.subject.name})
        return render(request, self.template, {"form": form, "step": "code"}, status=400)

    def answer(self, request):
        form = BallotAnswerForm(request.POST)
        if form.is_valid():
            answers = {k: v for k, v in form.cleaned_data.items() if k != "code"}
            try:
                services.cast_ballot(form.cleaned_data["code"], answers)
            except services.BallotRefused as exc:
                return render(request, self.template, {"form": BallotCodeForm(), "step": "code",
                                                       "refused": str(exc)}, status=400)
            return render(request, self.template, {"step": "done"})
        return render(request, self.template, {"form": form, "step": "answer"}, status=400)


# ====================================================================== indicator sets

class IndicatorSetTable(tables.Table):
    name = tables.Column(verbose_name="名称", linkify=("evaluations:indicatorset_detail", {"pk": tables.A("pk")}))
    subject_kind = tables.Column(verbose_name="适用主体")
    version = tables.Column(verbose_name="版本")
    status = tables.Column(verbose_name="状态")
    pass_mark = tables.Column(verbose_name="达标分数线")
    published_at = tables.DateTimeColumn(verbose_name="发布时间", format="Y-m-d", default="—")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_tone,
                           record.get_status_display())


class IndicatorSetFilter(django_filters.FilterSet):
    subject_kind = django_filters.ChoiceFilter(choices=Subject.Kind.choices, label="适用主体")
    status = django_filters.ChoiceFilter(choices=IndicatorSet.Status.choices, label="状态")

    class Meta:
        model = IndicatorSet
        fields = ["subject_kind", "status"]


class IndicatorSetListView(ScopedListView):
    model = IndicatorSet
    table_class = IndicatorSetTable
    filterset_class = IndicatorSetFilter
    empty_text = "指标体系由省三方办制定和发布；各地可在评估表中查看所用版本的各项指标。"


class ProvinceEditorMixin:
    """Indicator sets are edited by province staff, and only while a draft."""

    @staticmethod
    def is_owner(user, indicator_set):
        """The office that made the set (the province office) maintains it."""
        return user.is_superuser or bool(user.office_id and user.office.region_id == indicator_set.region_id)

    def check_owner(self, indicator_set):
        if not self.is_owner(self.request.user, indicator_set):
            raise PermissionDenied("指标体系由制定它的三方办（省三方办）维护。")

    def check_editor(self, indicator_set):
        self.check_owner(indicator_set)
        if not indicator_set.is_editable:
            raise PermissionDenied("已发布的指标体系不能修改；请“生成新版本”后在新版本中修改。")


class IndicatorSetDetailView(ScopedDetailView):
    model = IndicatorSet
    template_name = "evaluations/indicatorset_detail.html"
    breadcrumbs = (("评价指标体系", reverse_lazy("evaluations:indicatorset_list")),)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        iset = self.object
        user = self.request.user
        aspects = iset.indicators.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Indicator.objects.order_by("order", "code")))
        owner = ProvinceEditorMixin.is_owner(user, iset)
        context.update(title=str(iset), aspects=aspects, problems=iset.problems() if iset.is_editable else [],
                       can_edit=iset.is_editable and owner and user.has_perm("evaluations.change_indicatorset"),
                       can_copy=owner and user.has_perm("evaluations.add_indicatorset"),
                       used_by=iset.assessments.visible_to(user).count())
        return context


class IndicatorSetUpdateView(ProvinceEditorMixin, ScopedUpdateView):
    model = IndicatorSet
    form_class = IndicatorSetForm
    breadcrumbs = IndicatorSetDetailView.breadcrumbs
    extra_context = {"title": "编辑指标体系"}

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_editor(obj)
        return obj

    def get_success_url(self):
        return reverse("evaluations:indicatorset_detail", args=[self.object.pk])


class IndicatorSetActionView(ScopedMixin, ProvinceEditorMixin, View):
    """Publish a draft, or copy any version into a new draft."""

    model = IndicatorSet
    default_permission = "change"

    def post(self, request, pk, action):
        iset = get_object_or_404(IndicatorSet.objects.visible_to(request.user), pk=pk)
        if action == "publish":
            self.check_editor(iset)
            problems = iset.problems()
            if problems:
                messages.error(request, "不能发布：" + "；".join(problems))
                return redirect("evaluations:indicatorset_detail", pk=pk)
            from django.utils import timezone

            iset.status, iset.published_at, iset.published_by = IndicatorSet.Status.PUBLISHED, timezone.now(), request.user
            iset._change_reason = "发布"
            iset.save()
            messages.success(request, f"{iset} 已发布，新开始的评估表将使用此版本。")
            return redirect("evaluations:indicatorset_detail", pk=pk)
        if action == "new-version":
            self.check_owner(iset)
            if not request.user.has_perm("evaluations.add_indicatorset"):
                raise PermissionDenied
            copy = iset.new_version(request.user)
            messages.success(request, f"已生成 {copy}（草稿），修改后发布。")
            return redirect("evaluations:indicatorset_detail", pk=copy.pk)
        raise Http404


class IndicatorFormMixin(ProvinceEditorMixin):
    model = Indicator
    form_class = IndicatorForm
    breadcrumbs = IndicatorSetDetailView.breadcrumbs

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator_set": self.indicator_set}

    def get_success_url(self):
        return reverse("evaluations:indicatorset_detail", args=[self.indicator_set.pk])

    def get_permission_required(self):
        return ("evaluations.change_indicatorset",)


class IndicatorCreateView(IndicatorFormMixin, ScopedCreateView):
    sweep_models = {"set_pk": IndicatorSet}
    extra_context = {"title": "新增指标"}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.indicator_set = get_object_or_404(IndicatorSet.objects.visible_to(request.user), pk=kwargs["set_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        self.check_editor(self.indicator_set)
        return super().get_form(form_class)


class IndicatorUpdateView(IndicatorFormMixin, ScopedUpdateView):
    extra_context = {"title": "编辑指标"}

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.indicator_set = obj.indicator_set
        self.check_editor(obj.indicator_set)
        return obj


class IndicatorDeleteView(ScopedMixin, ProvinceEditorMixin, View):
    model = Indicator

    def get_permission_required(self):
        return ("evaluations.change_indicatorset",)

    def post(self, request, pk):
        indicator = get_object_or_404(Indicator.objects.visible_to(request.user), pk=pk)
        self.check_editor(indicator.indicator_set)
        indicator.delete()
        messages.success(request, f"已删除指标“{indicator}”。")
        return redirect("evaluations:indicatorset_detail", pk=indicator.indicator_set_id)


# ====================================================================== agencies

class AgencyTable(tables.Table):
    name = tables.Column(verbose_name="机构名称", linkify=("evaluations:agency_detail", {"pk": tables.A("pk")}))
    region = tables.Column(verbose_name="登记单位区划", accessor="region__full_name")
    contact_person = tables.Column(verbose_name="联系人")
    n_assessments = tables.Column(verbose_name="受托评估", orderable=False)
    is_active = tables.BooleanColumn(verbose_name="有效", yesno="是,否")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="机构名称")

    class Meta:
        model = Agency
        fields = ["q"]


class AgencyListView(ScopedListView):
    model = Agency
    table_class = AgencyTable
    filterset_class = AgencyFilter
    empty_text = "尚未登记第三方评估机构。省、市三方办可点击“登记机构”添加。"

    def get_queryset(self):
        visible = Assessment.objects.visible_to(self.request.user)
        return super().get_queryset().select_related("region").annotate(
            n_assessments=Count("assessments", filter=Q(assessments__in=visible))).order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("evaluations.add_agency"):
            context.update(create_url_name="evaluations:agency_add", create_label="登记机构")
        return context


class AgencyCreateView(ScopedCreateView):
    model = Agency
    form_class = AgencyForm
    breadcrumbs = (("第三方评估机构", reverse_lazy("evaluations:agency_list")),)
    extra_context = {"title": "登记第三方评估机构"}
    success_message = "机构已登记。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_level(request.user, ("province", "city"), "省、市三方办")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.region = self.request.user.region
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("evaluations:agency_detail", args=[self.object.pk])


class AgencyDetailView(ScopedDetailView):
    model = Agency
    template_name = "evaluations/agency_detail.html"
    breadcrumbs = AgencyCreateView.breadcrumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self.object
        context.update(title=agency.name, accounts=agency.accounts.order_by("username"),
                       assessments=agency.assessments.visible_to(self.request.user).select_related(
                           "subject__region").order_by("-year", "subject__name")[:200])
        return context


class AgencyAccountCreateView(ScopedMixin, generic.FormView):
    model = Agency
    sweep_models = {"pk": Agency}
    default_permission = "change"
    form_class = AgencyAccountForm
    template_name = "core/object_form.html"
    breadcrumbs = AgencyCreateView.breadcrumbs

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"为“{self.agency}”添加机构账号", submit_label="创建账号", **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        with transaction.atomic():
            user = User(username=data["username"], full_name=data["full_name"], email=data["email"])
            user.set_password(data["password"])
            self.agency.add_account(user)
        messages.success(self.request, f"已创建机构账号 {user.username}。")
        return redirect("evaluations:agency_detail", pk=self.agency.pk)


class AssignAgencyView(LoginRequiredMixin, generic.FormView):
    """Province or city staff entrust an agency with third-party assessments of chosen subjects."""

    form_class = AssignAgencyForm
    template_name = "evaluations/assign_agency.html"
    breadcrumbs = AgencyCreateView.breadcrumbs

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm("evaluations.assign_agency"):
                raise PermissionDenied
            require_level(request.user, ("province", "city"), "省、市三方办")
        return super().dispatch(request, *args, **kwargs)

    def year(self):
        try:
            return int(self.request.POST.get("year") or self.request.GET.get("year") or current_year())
        except ValueError:
            return current_year()

    def candidates(self):
        year = self.year()
        selfs = Assessment.objects.filter(subject=OuterRef("pk"), year=year, kind=Assessment.Kind.SELF).exclude(
            status__in=Assessment.EDITABLE)
        qs = Subject.objects.visible_to(self.request.user).filter(Exists(selfs)).select_related("region")
        q = (self.request.GET.get("q") or "").strip()
        if q:
            qs = qs.filter(name__icontains=q)
        return qs.order_by("region__code", "name")

    def get_form_kwargs(self):
        agency = None
        if self.request.GET.get("agency"):
            agency = Agency.objects.visible_to(self.request.user).filter(pk=self.request.GET["agency"]).first()
        return {**super().get_form_kwargs(), "user": self.request.user, "agency": agency,
                "subjects": self.candidates()}

    def get_initial(self):
        return {"year": self.year()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title="委托第三方评估", **kwargs)
        context["candidate_count"] = self.candidates().count()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        created = services.assign_agency(data["agency"], data["subjects"], data["year"], self.request.user)
        messages.success(self.request, f"已委托“{data['agency']}”评估 {len(created)} 个创建主体。")
        return redirect("evaluations:agency_detail", pk=data["agency"].pk)


# ====================================================================== results by region

class ResultsView(LoginRequiredMixin, generic.TemplateView):
    """Results of the year by the next level down (province → cities, city → counties …)."""

    template_name = "evaluations/results.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("evaluations.view_assessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.db.models import CharField, Func, Value

        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            year = int(self.request.GET.get("year") or current_year())
        except ValueError:
            year = current_year()
        kind = self.request.GET.get("kind") or Assessment.Kind.SELF
        if kind not in Assessment.Kind.values:
            kind = Assessment.Kind.SELF
        base = user.region if user.region else Region.objects.get(code="42")
        depth = base.path.count("/") + 1  # the path segment of the next level down
        segment = Func(F("region__path"), Value("/"), Value(depth), function="split_part",
                       output_field=CharField())
        S = Assessment.Status
        rows = (Assessment.objects.visible_to(user).filter(year=year, kind=kind).annotate(unit=segment)
                .values("unit").annotate(
                    total=Count("id"), draft=Count("id", filter=Q(status__in=Assessment.EDITABLE)),
                    submitted=Count("id", filter=Q(status=S.SUBMITTED)),
                    passed=Count("id", filter=Q(status=S.PASSED)),
                    not_passed=Count("id", filter=Q(status=S.NOT_PASSED)),
                    vetoed=Count("id", filter=Q(status=S.VETOED))).order_by("unit"))
        keys = ("total", "draft", "submitted", "passed", "not_passed", "vetoed")
        counted = {row["unit"]: row for row in rows}
        # every unit of the next level is listed, with zeros where nothing was assessed yet
        rows = [counted.pop(code, {"unit": code, **dict.fromkeys(keys, 0)}) | {"name": name}
                for code, name in Region.objects.filter(parent=base).order_by("code").values_list("code", "name")]
        rows += [row | {"name": base.name + "（本级）"} for row in counted.values()]
        totals = dict.fromkeys(keys, 0)
        for row in rows:
            concluded = row["passed"] + row["not_passed"] + row["vetoed"]
            row["pass_rate"] = f"{row['passed'] * 100 / concluded:.1f}%" if concluded else "—"
            for k in totals:
                totals[k] += row[k]
        concluded = totals["passed"] + totals["not_passed"] + totals["vetoed"]
        totals["pass_rate"] = f"{totals['passed'] * 100 / concluded:.1f}%" if concluded else "—"
        context.update(title="评估结果统计", rows=rows, totals=totals, year=year, kind=kind, base=base,
                       years=CAMPAIGN_YEARS, kinds=Assessment.Kind.choices)
        return context

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") != "xlsx":
            return super().render_to_response(context, **kwargs)
        from apps.core.spreadsheets import xlsx_response

        heading = f"{context['base'].full_name}{context['year']}年度{Assessment.Kind(context['kind']).label}结果（份）"
        columns = ["区划", "评估表", "填报中", "待审核", "达标", "未达标", "一票否决", "达标率"]
        rows = [[row["name"], row["total"], row["draft"], row["submitted"], row["passed"], row["not_passed"],
                 row["vetoed"], row["pass_rate"]] for row in [*context["rows"], {**context["totals"], "name": "合计"}]]
        return xlsx_response(f"results-{context['year']}.xlsx", [("评估结果统计", [heading], [columns, *rows])])


# ====================================================================== spot checks

class SpotCheckTable(tables.Table):
    title = tables.Column(verbose_name="名称", linkify=("evaluations:spotcheck_detail", {"pk": tables.A("pk")}))
    year = tables.Column(verbose_name="年度")
    target = tables.Column(verbose_name="抽查对象")
    proportion = tables.Column(verbose_name="比例（%）")
    population = tables.Column(verbose_name="总体")
    n_items = tables.Column(verbose_name="抽中", orderable=False)
    seed = tables.Column(verbose_name="随机种子")
    drawn_at = tables.DateTimeColumn(verbose_name="抽取时间", format="Y-m-d H:i")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}


class SpotCheckFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(choices=CAMPAIGN_YEARS, label="年度")
    target = django_filters.ChoiceFilter(choices=SpotCheck.Target.choices, label="抽查对象")

    class Meta:
        model = SpotCheck
        fields = ["year", "target"]


class SpotCheckListView(ScopedListView):
    model = SpotCheck
    table_class = SpotCheckTable
    filterset_class = SpotCheckFilter
    empty_text = "尚无抽查。省三方办可点击“抽取样本”按比例随机抽取。"

    def get_queryset(self):
        return super().get_queryset().annotate(n_items=Count("items")).order_by("-drawn_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("evaluations.manage_spotcheck") and (user.is_superuser or (
                user.region and user.region.level == "province")):
            context.update(create_url_name="evaluations:spotcheck_draw", create_label="抽取样本")
        return context


class SpotCheckDrawView(LoginRequiredMixin, generic.FormView):
    form_class = SpotCheckDrawForm
    template_name = "core/object_form.html"
    breadcrumbs = (("抽查", reverse_lazy("evaluations:spotcheck_list")),)
    extra_context = {"title": "抽取抽查样本", "submit_label": "抽取",
                     "confirm_text": "确定按此比例抽取？抽取结果和随机种子将被记录，不能更改。"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm("evaluations.manage_spotcheck"):
                raise PermissionDenied
            require_level(request.user, ("province",), "省三方办")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"year": current_year(), "proportion": 10}

    def form_valid(self, form):
        data = form.cleaned_data
        check = services.draw_spot_check(self.request.user, data["year"], data["target"], data["proportion"],
                                         seed=data["seed"], title=data["title"])
        if not check.population:
            messages.warning(self.request, "抽查总体为空（本年度尚无已出具结论的评估），未抽中任何对象。")
        else:
            messages.success(self.request, f"已从 {check.population} 个对象中抽取 {check.items.count()} 个，"
                                           f"随机种子 {check.seed}。")
        return redirect("evaluations:spotcheck_detail", pk=check.pk)


class SpotCheckDetailView(ScopedDetailView):
    model = SpotCheck
    template_name = "evaluations/spotcheck_detail.html"
    breadcrumbs = SpotCheckDrawView.breadcrumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check = self.object
        context.update(title=check.title, summary=services.spot_check_summary(check),
                       items=check.items.select_related("subject", "region", "checker"),
                       can_edit=self.request.user.has_perm("evaluations.change_spotcheckitem"))
        return context


class SpotCheckItemUpdateView(ScopedUpdateView):
    model = SpotCheckItem
    form_class = SpotCheckItemForm
    breadcrumbs = SpotCheckDrawView.breadcrumbs
    extra_context = {"title": "登记核查结果"}
    success_message = "核查结果已保存。"

    def get_queryset(self):
        user = self.request.user
        return SpotCheckItem.objects.filter(Q(pk__in=SpotCheckItem.objects.visible_to(user).values("pk"))
                                            | Q(checker=user)).select_related("spot_check")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance._change_reason = f"核查结果：{form.instance.get_result_display()}"
        self.object = form.save()
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("evaluations:spotcheck_detail", args=[self.object.spot_check_id])

