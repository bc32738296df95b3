import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.views import generic

from apps.core.aggregation import child_code
from apps.core.jobs import start_job
from apps.core.policy import policy_for
from apps.core.querying import campaign_year
from apps.core.spreadsheets import xlsx_response
from apps.core.times import reading_time
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView
from apps.core.workflow import WorkflowError
from apps.regions import areas
from apps.regions.models import Region

from . import board as board_mod
from . import reports as rep
from .forms import DraftReportsForm, ProgressForm, ReasonForm, ReportNarrativeForm
from .models import QUARTERS, YEARS, AnnualReport, TaskProgress, WorkTask, quarter_of
from .workflow import AnnualReportWorkflow

P = "supervision."
BOARD_CRUMB = (("工作任务督办", reverse_lazy("supervision:board")),)
PROGRESS_CRUMB = (("任务进展报送", reverse_lazy("supervision:progress_list")),)
REPORT_CRUMB = (("年度总结评估报告", reverse_lazy("supervision:report_list")),)
YEAR_VALUES = [y for y, _ in YEARS]


def int_param(request, name, allowed, default):
    """A number from the query string, or the default for anything else (NUL bytes, huge, negative, words)."""
    raw = request.GET.get(name, "")
    if raw.isascii() and raw.isdigit() and len(raw) < 6 and int(raw) in allowed:
        return int(raw)
    return default


def area_of(request):
    """The area the board looks at (`apps.regions.areas.area`): a province, city or county inside the user's."""
    return areas.area(request, levels=(Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY))


def trail(area, own):
    """The breadcrumb of areas from the user's own down to the one shown (for drilling back up)."""
    codes = [c for c in area.path.strip("/").split("/")]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [regions[c] for c in codes if c in regions and regions[c].path.startswith(own.path)]


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


# ------------------------------------------------------------------------------------------ the board


class BoardView(StaffMixin, generic.TemplateView):
    permission_required = P + "view_worktask"
    template_name = "supervision/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        now_quarter = quarter_of(today)[1]
        year = campaign_year(self.request, years=YEAR_VALUES)
        quarter = int_param(self.request, "quarter", (1, 2, 3, 4), now_quarter)
        area = area_of(self.request)
        own = self.request.user.region if self.request.user.office_id else area
        context.update(title="工作任务督办", area=area, trail=trail(area, own), quarters=QUARTERS, years=YEARS,
                       today=today, **board_mod.board(area, year, quarter, today))
        context["children"] = Region.objects.filter(parent=area).exclude(level=Region.Level.TOWNSHIP).order_by("code")
        from .models import FollowUpAction

        # follow-up actions of tripartite meetings join the board while they are open
        context["actions"] = list(FollowUpAction.objects.visible_to(self.request.user).inside(area.path).open()
                                  .select_related("owner__region", "meeting").order_by("due_on")[:50])
        return context


class TaskDetailView(StaffMixin, generic.TemplateView):
    permission_required = P + "view_worktask"
    template_name = "supervision/task_detail.html"
    breadcrumbs = BOARD_CRUMB

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = get_object_or_404(WorkTask, number=kwargs["number"])
        today = timezone.localdate()
        now_quarter = quarter_of(today)[1]
        year = campaign_year(self.request, years=YEAR_VALUES)
        quarter = int_param(self.request, "quarter", (1, 2, 3, 4), now_quarter)
        area = area_of(self.request)
        own = self.request.user.region if self.request.user.office_id else area
        user = self.request.user
        context.update(
            title=f"第 {task.number} 项任务", task=task, area=area, trail=trail(area, own), year=year, quarter=quarter,
            quarter_label=dict(QUARTERS)[quarter], today=today,
            offices=board_mod.task_offices(task, area, year, quarter, today),
            children=board_mod.task_children(task, area, year, quarter),
            can_report=user.has_perm(P + "add_taskprogress") and task.is_for(user.office if user.office_id else None),
            recent=TaskProgress.objects.visible_to(user).filter(task=task, office__region__path__startswith=area.path)
            .select_related("office__region").order_by("-year", "-quarter", "-reported_at")[:20])
        return context


# ------------------------------------------------------------------------------------------ progress


class ProgressFilter(django_filters.FilterSet):
    task = django_filters.ModelChoiceFilter(queryset=WorkTask.objects.all(), label="工作任务", empty_label="（全部）")
    year = django_filters.ChoiceFilter(choices=YEARS, label="年度")
    quarter = django_filters.ChoiceFilter(choices=QUARTERS, label="季度")
    status = django_filters.ChoiceFilter(choices=TaskProgress.Status.choices, label="完成情况")

    class Meta:
        model = TaskProgress
        fields = ["task", "year", "quarter", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["task"].field.label_from_instance = lambda t: f"{t.number}. {t.task[:24]}"
        for f in self.form.fields.values():
            f.widget.attrs.setdefault("class", "form-select form-select-sm")


class ProgressTable(tables.Table):
    task = tables.Column(verbose_name="工作任务", order_by=("task__number",))
    office = tables.Column(verbose_name="报送单位", order_by=("office__region__code",))
    period = tables.Column(verbose_name="季度", empty_values=(), order_by=("year", "quarter"))
    status = tables.Column(verbose_name="完成情况")
    text = tables.Column(verbose_name="进展情况", orderable=False)
    reported_at = tables.DateTimeColumn(verbose_name="报送时间", format="Y-m-d H:i")

    class Meta:
        model = TaskProgress
        fields = ["task", "office", "period", "status", "text", "reported_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_task(self, record):
        return format_html('<a href="{}">{}. {}</a>', reverse("supervision:progress_detail", args=[record.pk]),
                           record.task.number, record.task.task[:30])

    def render_office(self, record):
        return str(record.office)

    def render_period(self, record):
        return f"{record.year}年{record.get_quarter_display()}"

    def render_status(self, record):
        tone = "success" if record.status == TaskProgress.Status.COMPLETED else "primary"
        return format_html('<span class="badge text-bg-{}">{}</span>', tone, record.get_status_display())

    def render_text(self, value):
        return value[:60] + ("…" if len(value) > 60 else "")


class ProgressListView(ScopedListView):
    model = TaskProgress
    table_class = ProgressTable
    filterset_class = ProgressFilter
    template_name = "supervision/progress_list.html"
    empty_text = "本区域尚无任务进展。责任单位每季度在“报送进展”中填写各自任务的进展。"

    def get_queryset(self):
        return super().get_queryset().select_related("task", "office__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="任务进展报送", can_add=self.request.user.has_perm(P + "add_taskprogress"))
        return context


class ProgressCreateView(ScopedCreateView):
    model = TaskProgress
    form_class = ProgressForm
    breadcrumbs = PROGRESS_CRUMB
    success_message = "已报送本季度进展。"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        number = self.request.GET.get("task", "")
        if number.isascii() and number.isdigit() and len(number) < 4:
            task = WorkTask.objects.filter(number=int(number)).first()
            if task:
                kwargs.setdefault("initial", {})["task"] = task.pk
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "报送任务进展", "submit_label": "报送"}

    def get_success_url(self):
        return reverse("supervision:progress_detail", args=[self.object.pk])


class ProgressDetailView(ScopedDetailView):
    model = TaskProgress
    template_name = "supervision/progress_detail.html"
    breadcrumbs = PROGRESS_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("task", "office__region", "reported_by")


class ProgressAttachmentView(ScopedDetailView):
    model = TaskProgress

    def get(self, request, *args, **kwargs):
        progress = self.get_object()
        if not progress.attachment:
            raise Http404("无附件")
        return FileResponse(progress.attachment.open("rb"), as_attachment=True,
                            filename=progress.attachment_name or "附件")


# ------------------------------------------------------------------------------------------ reports


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AnnualReport.Kind.choices, label="报告类型")
    year = django_filters.ChoiceFilter(choices=YEARS, label="年度")
    status = django_filters.ChoiceFilter(choices=AnnualReport.Status.choices, label="状态")
    level = django_filters.ChoiceFilter(field_name="region__level", choices=Region.Level.choices, label="层级")
    late = django_filters.BooleanFilter(method="filter_late", label="仅看逾期",
                                        widget=django_filters.widgets.BooleanWidget())

    class Meta:
        model = AnnualReport
        fields = ["kind", "year", "status", "level", "late"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.form.fields.values():
            f.widget.attrs.setdefault("class", "form-select form-select-sm")

    def filter_late(self, queryset, name, value):
        if value:
            return queryset.late_on(timezone.localdate())
        return queryset


class ReportTable(tables.Table):
    region = tables.Column(verbose_name="报送地区", order_by=("region__code",))
    kind = tables.Column(verbose_name="报告类型")
    year = tables.Column(verbose_name="年度")
    status = tables.Column(verbose_name="状态")
    due_on = tables.DateColumn(verbose_name="截止日期", format="Y-m-d")
    submitted_on = tables.DateColumn(verbose_name="报送日期", format="Y-m-d")
    late = tables.Column(verbose_name="逾期", empty_values=(), orderable=False)

    class Meta:
        model = AnnualReport
        fields = ["region", "kind", "year", "status", "due_on", "submitted_on", "late"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.region.full_name)

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.tone, record.get_status_display())

    def render_late(self, record):
        days = record.days_late()
        late = format_html('<span class="badge text-bg-danger">逾期 {} 天</span>', days) if days else "按时"
        if record.returns:
            return format_html('{} <span class="badge text-bg-warning">退回 {} 次</span>', late, record.returns)
        return late if days else "—"


class ReportListView(ScopedListView):
    model = AnnualReport
    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "supervision/report_list.html"
    empty_text = "尚无报告。每年11月1日系统自动为各地起草年度总结评估报告。"

    def get_queryset(self):
        return super().get_queryset().select_related("region").defer("figures").order_by("-year", "region__path")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="年度总结评估报告", can_draft=self.request.user.has_perm(P + "draft_annualreport"),
                       draft_form=DraftReportsForm(initial={"year": min(max(timezone.localdate().year, 2023), 2027)}))
        return context


class ReportDetailView(ScopedDetailView):
    model = AnnualReport
    template_name = "supervision/report_detail.html"
    breadcrumbs = REPORT_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("region", "submitted_by", "reviewed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        figures = report.figures or {}
        groups = {}
        years = [str(y) for y in figures.get("years", [])]
        for row in figures.get("rows", []):
            cells = [(row["values"].get(y), row["targets"].get(y)) for y in years]  # each year's own target
            target = row["targets"].get(years[-1]) if years else None
            groups.setdefault(row["group"], []).append({**row, "cells": cells, "target": target})
        context.update(
            title=str(report), years=[str(y) for y in figures.get("years", [])], groups=groups,
            actions=AnnualReportWorkflow.available(report, user), reason_form=ReasonForm(),
            can_edit=policy_for(AnnualReport).can(user, "edit", report, listed=True),
            days_late=report.days_late(), honours=figures.get("honours", False))
        return context


class ReportEditView(ScopedUpdateView):
    model = AnnualReport
    form_class = ReportNarrativeForm
    breadcrumbs = REPORT_CRUMB
    success_message = "已保存报告文字部分。"

    def get_queryset(self):
        user = self.request.user
        # only the area's own office writes its report
        return super().get_queryset().filter(region_id=user.office.region_id if user.office_id else None)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": f"编辑：{self.object}",
                "submit_label": "保存"}

    def form_valid(self, form):
        form.instance._change_reason = "修改报告文字部分"
        form.instance._history_user = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReportRefreshView(ScopedMixin, generic.View):
    model = AnnualReport
    default_permission = "change"

    def post(self, request, pk):
        report = get_object_or_404(AnnualReport.objects.visible_to(request.user).select_related("region"), pk=pk)
        if not policy_for(AnnualReport).can(request.user, "edit", report, listed=True):
            messages.error(request, "只有本地区三方办可以在报送前重新计算报告数据。")
        else:
            rep.refresh_figures(report)
            report._change_reason = "按最新台账重新计算统计数据"
            report._history_user = request.user
            report.save(update_fields=["figures", "figures_computed_at"])
            messages.success(request, "已按最新台账重新计算统计数据。")
        return redirect(report)


class ReportActionView(ScopedMixin, generic.View):
    """报送 / 退回 / 审核通过: every step through the workflow; a refusal is a message and changes nothing."""

    model = AnnualReport

    def post(self, request, pk, name):
        report = get_object_or_404(AnnualReport.objects.visible_to(request.user), pk=pk)
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            t = AnnualReportWorkflow.transition(name)
            AnnualReportWorkflow.perform(report, name, request.user, reason=reason)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已{t.label}。")
        return redirect(report)


class ReportPdfView(ScopedDetailView):
    """The report's PDF is made by the document job; the request is sent to the document's page."""

    model = AnnualReport

    def get(self, request, *args, **kwargs):
        from apps.documents.services import document_for

        report = self.get_object()
        return document_for(request, changed_at=None, kind="annual-report", title=str(report),
                            template_name="supervision/report_pdf.html", region=report.region,
                            builder="apps.supervision.views:report_context", args={"pk": report.pk})


def report_context(pk):
    from apps.documents.official import chinese_date, issuing_bodies

    report = AnnualReport.objects.select_related("region").get(pk=pk)
    figures = report.figures or {}
    return {"report": report, "title": str(report), "issuers": issuing_bodies(report.region),
            "years": [str(y) for y in figures.get("years", [])],
            "rows": [{**r, "cells": [(r["values"].get(str(y)), r["targets"].get(str(y)))
                                     for y in figures.get("years", [])]}
                     for r in figures.get("rows", [])],
            "date_text": chinese_date(report.submitted_on or timezone.localdate()),
            "sections": [(report._meta.get_field(f).verbose_name, getattr(report, f))
                         for f in AnnualReport.NARRATIVE]}


class ReportExcelView(ScopedDetailView):
    model = AnnualReport

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        figures = report.figures or {}
        years = [str(y) for y in figures.get("years", [])]
        headers = ["类别", "指标", "单位", *[f"{y}年" for y in years], *[f"{y}年目标" for y in years]]
        rows = [[r["group"], r["label"], r["unit"], *[r["values"].get(y) for y in years],
                 *[r["targets"].get(y) for y in years]] for r in figures.get("rows", [])]
        narrative = [[str(report._meta.get_field(f).verbose_name), getattr(report, f)] for f in AnnualReport.NARRATIVE]
        info = [["报送地区", report.region.full_name], ["报告类型", report.get_kind_display()],
                ["年度", report.year], ["状态", report.get_status_display()],
                ["截止日期", report.due_on.isoformat()],
                ["报送日期", report.submitted_on.isoformat() if report.submitted_on else "未报送"],
                ["数据计算时间", reading_time(figures.get("computed_at"))]]
        return xlsx_response(f"{report}.xlsx", [("基本情况", ["项目", "内容"], info), ("统计数据", headers, rows),
                                                ("文字部分", ["部分", "内容"], narrative)])


class DraftReportsView(StaffMixin, generic.View):
    """The province starts the drafting by hand (the 1 November job does the same): a background job."""

    permission_required = P + "draft_annualreport"

    def post(self, request):
        form = DraftReportsForm(request.POST)
        user = request.user
        if not policy_for(AnnualReport).at_level(user, "draft"):
            messages.error(request, "报告起草由省三方办发起。")
            return redirect("supervision:report_list")
        if not form.is_valid():
            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
            return redirect("supervision:report_list")
        kind, year, due_on = form.cleaned_data["kind"], form.cleaned_data["year"], form.cleaned_data["due_on"]
        job = start_job("supervision.draft_reports", user, f"{year}年{AnnualReport.Kind(kind).label}起草",
                        params={"kind": kind, "year": year, "due_on": due_on.isoformat() if due_on else ""})
        return redirect("core:job_detail", job.pk)


class CompletenessView(StaffMixin, generic.TemplateView):
    permission_required = P + "view_annualreport"
    template_name = "supervision/completeness.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in AnnualReport.Kind.values else AnnualReport.Kind.ANNUAL
        year = campaign_year(self.request, years=YEAR_VALUES)
        area = area_of(self.request)
        own = user.region if user.office_id else area
        children = list(Region.objects.filter(parent=area).order_by("code"))
        per_child = {}
        reports = AnnualReport.objects.visible_to(user).filter(kind=kind, year=year, region__path__startswith=area.path)
        for path, _status, submitted_on, due_on in reports.exclude(region=area).values_list(
                "region__path", "status", "submitted_on", "due_on"):
            entry = per_child.setdefault(child_code(path, area.path), {"total": 0, "submitted": 0, "late": 0})
            entry["total"] += 1
            entry["submitted"] += submitted_on is not None
            entry["late"] += (submitted_on or today) > due_on
        context.update(title="报告报送情况", kind=kind, kinds=AnnualReport.Kind.choices, year=year, years=YEARS,
                       area=area, trail=trail(area, own), today=today,
                       levels=rep.completeness(user, kind, year, area=area, today=today),
                       children=[(c, per_child.get(c.code, {"total": 0, "submitted": 0, "late": 0})) for c in children
                                 if c.level != Region.Level.TOWNSHIP or per_child.get(c.code)],
                       late=rep.late_reports(user, kind, year, today=today, area=area, limit=200),
                       late_total=reports.late_on(today).count(),
                       own_report=reports.filter(region=area).defer("figures").first())
        return context


# ------------------------------------------------------------------------ the tripartite mechanism

from .forms import AnalysisForm, ExpertForm, FollowUpActionForm, MeetingForm, WorkPlanForm  # noqa: E402
from .models import Analysis, ExpertMember, FollowUpAction, Meeting, WorkPlan, plan_due_for  # noqa: E402

MEETING_CRUMB = (("三方会议记录", reverse_lazy("supervision:meeting_list")),)
ANALYSIS_CRUMB = (("形势分析与调研", reverse_lazy("supervision:analysis_list")),)
PLAN_CRUMB = (("工作方案", reverse_lazy("supervision:plan_list")),)


class UserFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label="会议类型")
    level = django_filters.ChoiceFilter(field_name="region__level", choices=Region.Level.choices, label="层级")

    class Meta:
        model = Meeting
        fields = ["kind", "level"]


class MeetingTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name="会议名称")
    region = tables.Column(verbose_name="地区", order_by=("region__code",))
    units = tables.Column(verbose_name="出席成员单位", empty_values=(), orderable=False)

    class Meta:
        model = Meeting
        fields = ["held_on", "title", "kind", "region", "units"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, value):
        return value.full_name

    def render_units(self, record):
        return "、".join(record.unit_labels)


class SimpleListView(ScopedListView):
    """A register of the mechanism (meetings, experts, analyses, bulletins): one table, its filters, and an add
    button for those who may add."""

    template_name = "supervision/simple_list.html"
    title = ""
    add_url_name = add_permission = ""
    related = ("region",)

    def get_queryset(self):
        return super().get_queryset().select_related(*self.related)

    def get_context_data(self, **kwargs):
        can_add = self.request.user.has_perm(P + self.add_permission)
        return {**super().get_context_data(**kwargs), "title": self.title,
                "add_url": reverse(self.add_url_name) if can_add else ""}


class MeetingListView(SimpleListView):
    model = Meeting
    table_class = MeetingTable
    filterset_class = MeetingFilter
    empty_text = "本区域尚无会议记录。三方委员会和执行会议召开后，请在此登记出席单位、议定事项和落实要求。"
    title = "三方会议记录"
    add_url_name, add_permission = "supervision:meeting_add", "add_meeting"


class MeetingCreateView(UserFormMixin, ScopedCreateView):
    model = Meeting
    form_class = MeetingForm
    breadcrumbs = MEETING_CRUMB
    success_message = "已登记会议记录，可继续添加落实事项。"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "登记会议记录"}

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingDetailView(ScopedDetailView):
    model = Meeting
    template_name = "supervision/meeting_detail.html"
    breadcrumbs = MEETING_CRUMB

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(actions=self.object.actions.select_related("owner__region"), today=timezone.localdate(),
                       can_add=policy_for(Meeting).can(user, "follow_up", self.object, listed=True),
                       action_form=kwargs.get("action_form") or FollowUpActionForm(meeting=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not policy_for(Meeting).can(request.user, "follow_up", self.object, listed=True):
            messages.error(request, "只有召开会议的三方办可以添加落实事项。")
            return redirect(self.object)
        form = FollowUpActionForm(request.POST, meeting=self.object)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(object=self.object, action_form=form))
        action = form.save(commit=False)
        action._history_user = request.user
        action.save()
        messages.success(request, "已添加落实事项。")
        return redirect(self.object)


class ActionDoneView(ScopedMixin, generic.View):
    model = FollowUpAction
    default_permission = "change"

    def post(self, request, pk):
        action = get_object_or_404(FollowUpAction.objects.visible_to(request.user).select_related("meeting", "owner"),
                                   pk=pk)
        office = request.user.office if request.user.office_id else None
        if office is None or office.region_id not in (action.owner.region_id, action.meeting.region_id):
            messages.error(request, "只有责任单位或召开会议的三方办可以办结该事项。")
        elif action.status == FollowUpAction.Status.DONE:
            messages.error(request, "该事项已办结。")
        else:
            action.status, action.done_on = FollowUpAction.Status.DONE, timezone.localdate()
            action._history_user, action._change_reason = request.user, "标记办结"
            action.save()
            messages.success(request, "已标记办结。")
        return redirect(action.meeting)


class ExpertTable(tables.Table):
    user = tables.Column(verbose_name="姓名", order_by=("user__full_name",))
    region = tables.Column(verbose_name="聘任地区", order_by=("region__code",))
    active = tables.BooleanColumn(verbose_name="在聘", yesno="在聘,已解聘")

    class Meta:
        model = ExpertMember
        fields = ["user", "organization", "title", "specialty", "region", "appointed_on", "term_ends_on", "active"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, value):
        return value.full_name


class ExpertFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(label="在聘", widget=django_filters.widgets.BooleanWidget())

    class Meta:
        model = ExpertMember
        fields = ["active"]


class ExpertListView(SimpleListView):
    model = ExpertMember
    table_class = ExpertTable
    filterset_class = ExpertFilter
    empty_text = "尚无专家委员会成员。聘任后，专家以“评审专家”账号参加示范创建评审。"
    title = "专家委员会"
    add_url_name, add_permission = "supervision:expert_add", "add_expertmember"
    related = ("user", "region")


class ExpertCreateView(UserFormMixin, ScopedCreateView):
    model = ExpertMember
    form_class = ExpertForm
    breadcrumbs = (("专家委员会", reverse_lazy("supervision:expert_list")),)
    success_message = "已聘任专家并开通评审专家账号；请管理员在用户管理中为其设置初始密码。"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "聘任专家委员会成员"}

    def get_success_url(self):
        return reverse("supervision:expert_list")


class AnalysisFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Analysis.Kind.choices, label="类别")
    level = django_filters.ChoiceFilter(field_name="region__level", choices=Region.Level.choices, label="层级")

    class Meta:
        model = Analysis
        fields = ["kind", "level"]


class AnalysisTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name="标题")
    region = tables.Column(verbose_name="地区", order_by=("region__code",))
    filed_at = tables.DateTimeColumn(verbose_name="报送时间", format="Y-m-d")

    class Meta:
        model = Analysis
        fields = ["title", "kind", "period", "region", "filed_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, value):
        return value.full_name


class AnalysisListView(SimpleListView):
    model = Analysis
    table_class = AnalysisTable
    filterset_class = AnalysisFilter
    empty_text = "本区域尚无形势分析或调研报告。下级报送的报告，上级均可查阅。"
    title = "形势分析与调研报告"
    add_url_name, add_permission = "supervision:analysis_add", "add_analysis"


class AnalysisCreateView(UserFormMixin, ScopedCreateView):
    model = Analysis
    form_class = AnalysisForm
    breadcrumbs = ANALYSIS_CRUMB
    success_message = "已报送，上级三方办可查阅。"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "报送形势分析或调研报告", "submit_label": "报送"}

    def get_success_url(self):
        return self.object.get_absolute_url()


class AnalysisDetailView(ScopedDetailView):
    model = Analysis
    template_name = "supervision/analysis_detail.html"
    breadcrumbs = ANALYSIS_CRUMB


def _download(obj):
    if not obj.attachment:
        raise Http404("无附件")
    return FileResponse(obj.attachment.open("rb"), as_attachment=True, filename=obj.attachment_name or "附件")


class AnalysisFileView(ScopedDetailView):
    model = Analysis

    def get(self, request, *args, **kwargs):
        return _download(self.get_object())


# ------------------------------------------------------------------------------------------ work plans


class WorkPlanListView(StaffMixin, generic.TemplateView):
    """Every province, city and county area inside the user's: its plan, or how many days it is missing."""

    permission_required = P + "view_workplan"
    template_name = "supervision/plan_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        areas = (Region.objects.visible_to(user).exclude(level=Region.Level.TOWNSHIP).order_by("path"))
        plans = {p.region_id: p for p in WorkPlan.objects.visible_to(user).select_related("region")}
        rows = []
        for area in areas:
            plan, due = plans.get(area.pk), plan_due_for(area)
            late = plan.days_late if plan else max(0, (today - due).days)
            rows.append({"area": area, "plan": plan, "due": due, "late": late})
        context.update(title="工作方案", rows=rows, missing=sum(1 for r in rows if not r["plan"]),
                       late=sum(1 for r in rows if r["late"]),
                       can_add=policy_for(WorkPlan).can(user, "add") and user.office_id is not None
                       and user.office.region_id not in plans)
        return context


class WorkPlanCreateView(UserFormMixin, ScopedCreateView):
    model = WorkPlan
    form_class = WorkPlanForm
    breadcrumbs = PLAN_CRUMB
    success_message = "已上传工作方案。"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "上传工作方案", "submit_label": "上传"}

    def get_success_url(self):
        return reverse("supervision:plan_list")


class WorkPlanFileView(ScopedDetailView):
    model = WorkPlan

    def get(self, request, *args, **kwargs):
        return _download(self.get_object())


# ------------------------------------------------------------------------------------------ bulletins

from .bulletins import NO_DATA  # noqa: E402
from .forms import BulletinForm  # noqa: E402
from .models import Bulletin  # noqa: E402
from .workflow import BulletinWorkflow  # noqa: E402

BULLETIN_CRUMB = (("通报", reverse_lazy("supervision:bulletin_list")),)


class BulletinTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name="标题")
    region = tables.Column(verbose_name="印发地区", order_by=("region__code",))
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Bulletin
        fields = ["year", "doc_number", "title", "region", "status", "published_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, value):
        return value.full_name

    def render_status(self, record):
        tone = "success" if record.status == Bulletin.Status.PUBLISHED else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', tone, record.get_status_display())


class BulletinFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(choices=YEARS, label="年度")
    status = django_filters.ChoiceFilter(choices=Bulletin.Status.choices, label="状态")

    class Meta:
        model = Bulletin
        fields = ["year", "status"]


class BulletinListView(SimpleListView):
    model = Bulletin
    table_class = BulletinTable
    filterset_class = BulletinFilter
    empty_text = "尚无通报。省三方办可按年度对各市（州）关键指标排名并印发通报。"
    title = "通报"
    add_url_name, add_permission = "supervision:bulletin_add", "add_bulletin"


class BulletinCreateView(UserFormMixin, ScopedCreateView):
    model = Bulletin
    form_class = BulletinForm
    breadcrumbs = BULLETIN_CRUMB
    success_message = "已起草通报，排名已按当前台账数据生成。"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "起草通报"}

    def get_success_url(self):
        return self.object.get_absolute_url()


class BulletinDetailView(ScopedDetailView):
    model = Bulletin
    template_name = "supervision/bulletin_detail.html"
    breadcrumbs = BULLETIN_CRUMB

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(actions=BulletinWorkflow.available(self.object, self.request.user),
                       table=ranking_table(self.object))
        return context

    def post(self, request, *args, **kwargs):
        bulletin = self.get_object()
        try:
            BulletinWorkflow.perform(bulletin, "publish", request.user)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已印发，下级各单位已收到通知。")
        return redirect(bulletin)


def ranking_table(bulletin):
    columns = bulletin.rankings.get("columns", [])
    rows = [{"overall": r["overall"], "name": r["name"], "average": r["average_rank"],
             "has_data": r.get("has_data", True),
             "cells": [(r["values"].get(c["key"]), r["ranks"].get(c["key"]), r.get("small", {}).get(c["key"]))
                       for c in columns]}
            for r in bulletin.rankings.get("rows", [])]
    return {"columns": columns, "rows": rows, "method": bulletin.rankings.get("method", ""),
            "no_data": NO_DATA}


class BulletinPdfView(ScopedDetailView):
    """The bulletin's PDF is made by the document job; the request is sent to the document's page."""

    model = Bulletin

    def get(self, request, *args, **kwargs):
        from apps.documents.services import document_for

        bulletin = self.get_object()
        return document_for(request, changed_at=bulletin.published_at, kind="bulletin",
                            title=bulletin.title, template_name="supervision/bulletin_pdf.html",
                            region=bulletin.region, doc_number=bulletin.doc_number,
                            builder="apps.supervision.views:bulletin_context", args={"pk": bulletin.pk})


def bulletin_context(pk):
    from apps.documents.official import chinese_date, issuing_bodies

    bulletin = Bulletin.objects.select_related("region").get(pk=pk)
    day = timezone.localtime(bulletin.published_at).date() if bulletin.published_at else timezone.localdate()
    return {"bulletin": bulletin, "title": bulletin.title, "issuers": issuing_bodies(bulletin.region),
            "doc_number": bulletin.doc_number, "date_text": chinese_date(day), "table": ranking_table(bulletin),
            "paragraphs": [line.strip() for line in (bulletin.opening or "").splitlines() if line.strip()] + [
                f"现将{bulletin.year}年各地和谐劳动关系创建活动关键指标排名通报如下（数据来源：创建管理平台台账）。"]}
