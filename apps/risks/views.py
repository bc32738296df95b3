"""Risk reports: the list, its export, filing, the detail page with the workflow's steps, and the risk board."""

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import generic

from apps.coordinators.programme_views import chart, panels
from apps.coordinators.stats import drill_chain
from apps.coordinators.views import TABLE_ATTRS
from apps.core import exports, spreadsheets
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin
from apps.core.workflow import WorkflowError
from apps.regions import areas
from apps.regions.models import Region

from .exporting import RiskExporter
from .filters import RiskFilter
from .forms import RiskReportForm, RiskTransitionForm
from .models import RiskReport
from .services import file_risk_report
from .stats import risk_board
from .workflow import RiskWorkflow, risk_step

RISK_CRUMB = (("风险预警", reverse_lazy("risks:risk_list")),)


class RiskTable(tables.Table):
    reported_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="上报时间")
    enterprise = tables.Column(linkify=("risks:risk_detail", {"pk": tables.A("pk")}), verbose_name="涉及企业")
    region = tables.Column(verbose_name="所在区划", order_by=("region__code",))
    category = tables.Column(verbose_name="风险类别")
    severity = tables.Column(verbose_name="等级")
    people_affected = tables.Column(verbose_name="涉及人数", attrs={"td": {"class": "text-end"}})
    status = tables.Column(verbose_name="处置状态")
    due_date = tables.DateColumn(format="Y-m-d", verbose_name="办理时限")
    escalation = tables.Column(verbose_name="督办层级")

    class Meta:
        attrs = TABLE_ATTRS

    def render_region(self, value):
        return value.full_name

    def render_severity(self, record):
        from apps.core.templatetags.portal import badge

        return badge(record.get_severity_display(), record.severity_tone)

    def render_status(self, record):
        from apps.core.templatetags.portal import badge

        text = badge(record.get_status_display(), record.status_tone)
        if record.is_overdue:
            text += badge("超期", "danger")
        return text


class RiskListView(ScopedListView):
    model = RiskReport
    table_class = RiskTable
    filterset_class = RiskFilter
    template_name = "risks/risk_list.html"
    empty_text = "没有符合条件的风险预警。"
    empty_action = "发现风险时请点击“上报风险”。"

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="风险预警", create_url_name="risks:risk_add", create_label="上报风险")
        return context


class RiskExportView(ScopedMixin, generic.View):
    """The filtered visible risk reports, through the export engine (apps.risks.exporting)."""

    model = RiskReport

    def get(self, request):
        return exports.export_response(RiskExporter, request)


class RiskCreateView(ScopedCreateView):
    model = RiskReport
    form_class = RiskReportForm
    breadcrumbs = RISK_CRUMB
    extra_context = {"title": "上报风险", "confirm_text": "确定上报该风险？重大风险将立即通知市、省两级。"}

    def form_valid(self, form):
        try:
            self.object = file_risk_report(form, self.request.user)
        except PermissionDenied as exc:
            form.add_error("enterprise", str(exc))
            return self.form_invalid(form)
        messages.success(self.request, "风险已上报。" + ("已同时通知市、省两级三方办。"
                                                   if self.object.severity == RiskReport.Severity.MAJOR else ""))
        return HttpResponseRedirect(reverse("risks:risk_detail", args=[self.object.pk]))


class RiskDetailView(ScopedDetailView):
    model = RiskReport
    template_name = "risks/risk_detail.html"
    breadcrumbs = RISK_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise", "region", "reported_by", "coordinator")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=str(self.object), events=self.object.events.select_related("actor"),
                       actions=[(t.target or self.object.status, t.label)
                                for t in RiskWorkflow.available(self.object, self.request.user)],
                       form=kwargs.get("form") or RiskTransitionForm())
        return context


class RiskTransitionView(RiskDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        form = RiskTransitionForm(request.POST)
        to_status = request.POST.get("to_status", "")
        if form.is_valid():
            step = risk_step(self.object, to_status)
            try:
                if step is None:
                    raise WorkflowError(f"当前状态为“{self.object.get_status_display()}”，不能执行该操作。")
                RiskWorkflow.perform(self.object, step, request.user, reason=form.cleaned_data["note"],
                                     due_date=form.cleaned_data["due_date"])
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已保存处置情况。")
                return HttpResponseRedirect(reverse("risks:risk_detail", args=[pk]))
        return render(request, self.template_name, self.get_context_data(object=self.object, form=form), status=400)


class RiskBoardView(ScopedMixin, generic.TemplateView):
    model = RiskReport
    template_name = "risks/risk_board.html"
    breadcrumbs = RISK_CRUMB

    def get(self, request, *args, **kwargs):
        self.region = areas.area(request, name="region")
        self.data = risk_board(request.user, self.region)
        if request.GET.get("download"):
            return self.download(request.GET["download"])
        return super().get(request, *args, **kwargs)

    def tables(self):
        d = self.data
        return {
            "area": ("在办风险区域分布", ["区域", "在办（件）", "其中重大（件）", "超期（件）", "涉及人数（人）"],
                     [[a["name"], a["n"], a["major"], a["overdue"], a["people"]] for a in d["areas"]]),
            "category": ("在办风险类别", ["风险类别", "在办（件）"], [list(r) for r in d["categories"]]),
            "trend": ("月度趋势", ["月份", "上报（件）", "其中重大（件）", "已化解（件）"],
                      [[t["month"], t["reported"], t["major"], t["resolved"]] for t in d["trend"]]),
        }

    def download(self, key):
        tables_ = self.tables()
        if key not in tables_ and key != "all":
            raise Http404("没有该统计表。")
        keys = list(tables_) if key == "all" else [key]
        return spreadsheets.xlsx_response(f"风险看板-{self.region.name}-{timezone.localdate():%Y%m%d}.xlsx",
                                   [tables_[k] for k in keys])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        d = self.data
        period = f"截至{timezone.localdate():%Y-%m-%d}"
        charts = [
            chart("area", "在办风险区域分布", "件", [a["name"] for a in d["areas"]], [a["n"] for a in d["areas"]]),
            chart("category", "在办风险类别", "件", [c[0] for c in d["categories"]], [c[1] for c in d["categories"]],
                  "pie"),
            {**chart("trend", f"月度上报趋势（{d['period']}）", "件", [t["month"] for t in d["trend"]],
                     [t["reported"] for t in d["trend"]], "line"),
             "series2": [t["major"] for t in d["trend"]], "series2_name": "其中重大"},
        ]
        context.update(title="风险看板", region=self.region, data=d, period=period,
                       panels=panels(charts, self.tables()),
                       chain=drill_chain(self.request.user, self.region),
                       charts={"period": period, "charts": charts},
                       can_drill=self.region.level != Region.Level.TOWNSHIP)
        return context
