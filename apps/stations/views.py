import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.views import generic

from apps.core import exports
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from apps.regions.areas import area
from apps.regions.models import Region

from . import coverage as cov
from . import excel
from .exporting import StationExporter
from .filters import StationFilter
from .forms import AcceptanceForm, StationForm
from .models import Station

LIST_CRUMB = (("服务站点台账", reverse_lazy("stations:station_list")),)


class StationTable(tables.Table):
    name = tables.Column(linkify=("stations:station_detail", {"pk": tables.A("pk")}), verbose_name="站点名称")
    region = tables.Column(verbose_name="所在区划", order_by=("region__code",))
    park = tables.Column(verbose_name="服务园区", order_by=("park__name",))
    services = tables.Column(verbose_name="服务内容", orderable=False)
    six = tables.Column(verbose_name="六有", orderable=False, empty_values=())
    acceptance_result = tables.Column(verbose_name="验收")
    model_status = tables.Column(verbose_name="样板")

    class Meta:
        model = Station
        fields = ["name", "kind", "region", "park", "services", "coordinator_count", "six", "acceptance_result",
                  "model_status", "established_on"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, value):
        return value.full_name

    def render_services(self, record):
        return format_html_join(" ", '<span class="badge text-bg-light border">{}</span>',
                                ((label,) for label in record.service_labels)) or "—"

    def render_six(self, record):
        return f"{record.six_haves_count}/6"

    def render_acceptance_result(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.acceptance_tone,
                           record.get_acceptance_result_display())

    def render_model_status(self, record):
        if not record.is_model:
            return "—"
        return format_html('<span class="badge text-bg-{}">{}</span>', record.model_tone,
                           record.get_model_status_display())


class StationListView(ScopedListView):
    model = Station
    table_class = StationTable
    filterset_class = StationFilter
    template_name = "stations/station_list.html"
    empty_text = "本区域尚无服务站点。"
    empty_action = "可点击“新增站点”登记，或下载模板批量导入。"

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="服务站点台账")
        return context


class StationExportView(StationListView):
    """导出 Excel: exactly the rows the list shows with the same filters, all pages (apps/core/exports.py)."""

    def get(self, request, *args, **kwargs):
        return exports.export_response(StationExporter, request)


class StationFormMixin:
    model = Station
    form_class = StationForm
    breadcrumbs = LIST_CRUMB

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.widen_area_fields()
        return form

    def get_success_url(self):
        return reverse("stations:station_detail", args=[self.object.pk])


class StationCreateView(StationFormMixin, ScopedCreateView):
    success_message = "站点已登记。"
    extra_context = {"title": "新增服务站点"}

    def get_initial(self):
        initial = super().get_initial()
        for key in ("region", "park", "kind"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial


class StationUpdateView(StationFormMixin, ScopedUpdateView):
    success_message = "站点信息已保存。"
    extra_context = {"title": "编辑服务站点"}


class StationAcceptanceView(ScopedUpdateView):
    """The inspection's result is a step of the acceptance workflow (apps/stations/workflow.py): the form
    collects what was found, `StationAcceptance.perform` checks who may record it and writes it with history."""

    model = Station
    form_class = AcceptanceForm
    permission_required = ("stations.accept_station",)
    breadcrumbs = LIST_CRUMB
    extra_context = {"title": "验收评估与样板站点", "confirm_text": "确定登记验收评估结果？"}

    def form_valid(self, form):
        from apps.core.workflow import WorkflowError

        from .workflow import StationAcceptance, step_for

        data = form.cleaned_data
        station = Station.objects.get(pk=self.object.pk)  # the stored row, not the form's edited copy
        step = step_for(station, data["acceptance_result"])
        if step is None:
            form.add_error("acceptance_result", "请选择“验收通过”或“验收未通过”。")
            return self.form_invalid(form)
        try:
            self.object = StationAcceptance.perform(
                station, step, self.request.user,
                reason=data["acceptance_notes"] if step == "revoke" else "",  # a revocation says why
                **{f: data[f] for f in ("acceptance_date", "acceptance_evaluator", "acceptance_notes",
                                        "model_status")})
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, "验收评估已登记。")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("stations:station_detail", args=[self.object.pk])


class StationDetailView(ScopedDetailView):
    model = Station
    template_name = "stations/station_detail.html"
    breadcrumbs = LIST_CRUMB

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        from .workflow import StationAcceptance

        steps = StationAcceptance.available(self.object, user)
        context.update(title=self.object.name, can_accept=bool(steps), acceptance_steps=steps,
                       # resident coordinators linked to their ledger rows (only those the user may open)
                       resident_coordinators=self.object.coordinators.visible_to(user).select_related("region")
                       .order_by("name"))
        return context


# ----- coverage -----

class CoverageMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = ("stations.view_station",)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def county(self):
        """The city or county the coverage looks at (`apps.regions.areas.area`; the user's own area when none)."""
        return area(self.request, levels=(Region.Level.CITY, Region.Level.COUNTY))


class CoverageView(CoverageMixin, generic.TemplateView):
    """覆盖情况: parks and qualifying townships with or without a station; targets 2023 and 2027."""

    template_name = "stations/coverage.html"
    breadcrumbs = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        result = cov.compute(user)
        county = self.county()
        gaps_only = self.request.GET.get("gaps") == "1"
        page = Paginator(cov.units(user, county=county, gaps_only=gaps_only), 50).get_page(
            self.request.GET.get("page"))
        context.update(
            title="服务站点覆盖情况", coverage=result, chart=result.chart_data(), page=page, county=county,
            unit_rows=cov.with_employment(page.object_list),
            gaps_only=gaps_only,
            areas=Region.objects.visible_to(user).filter(level__in=[Region.Level.CITY, Region.Level.COUNTY]),
        )
        return context


class CoverageExportView(CoverageMixin, generic.View):
    def get(self, request):
        user = request.user
        return excel.coverage_response(cov.compute(user), cov.with_employment(cov.units(user, county=self.county())))

