import django_tables2 as tables
from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.html import format_html
from django.views import generic

from apps.core import exports
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView
from apps.enterprises.models import CreationRecord, Enterprise
from apps.stations.coverage import township_threshold
from apps.stations.models import Station

from . import services
from .exporting import ParkExporter
from .filters import ParkFilter, TownshipFilter
from .forms import CreationRecordForm, ParkForm
from .models import Park, Township

STATUS_LABELS = dict(CreationRecord.Status.choices)


def status_badge(value):
    if not value:
        return format_html('<span class="badge text-bg-light border">未登记</span>')
    tone = CreationRecord.STATUS_TONES.get(value, "secondary")
    return format_html('<span class="badge text-bg-{}">{}</span>', tone, STATUS_LABELS.get(value, value))


def optional_url(name, **kwargs):
    """A link to another app's page if that page exists (e.g. assessments, built by another team)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


# ----- parks -----

class ParkTable(tables.Table):
    name = tables.Column(linkify=("parks:park_detail", {"pk": tables.A("pk")}), verbose_name="园区名称")
    region = tables.Column(verbose_name="所在区划", order_by=("region__code",))
    enterprise_count = tables.Column(verbose_name="入驻企业")
    worker_count = tables.Column(verbose_name="从业职工")
    station_count = tables.Column(verbose_name="服务站点")
    status = tables.Column(verbose_name="本年度创建状态", orderable=False, empty_values=())

    class Meta:
        model = Park
        fields = ["name", "level", "region", "managing_body", "enterprise_count", "worker_count", "station_count",
                  "status"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_region(self, value):
        return value.full_name

    def render_station_count(self, value):
        if not value:
            return format_html('<span class="badge text-bg-danger">无站点</span>')
        return value

    def render_status(self, record):
        return status_badge(record.status_this_year)


class ParkListView(ScopedListView):
    model = Park
    table_class = ParkTable
    filterset_class = ParkFilter
    template_name = "parks/park_list.html"
    empty_text = "本区域尚无登记的工业园区。"
    empty_action = "可点击“新增园区”登记。"

    def get_queryset(self):
        return services.with_list_figures(super().get_queryset(), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="工业园区创建台账", create_label="新增园区")
        if self.request.user.has_perm("parks.add_park"):
            context["create_url_name"] = "parks:park_add"
        return context


class ParkExportView(ParkListView):
    """导出 Excel: exactly the parks the list shows with the same filters, all pages (apps/core/exports.py)."""

    def get(self, request, *args, **kwargs):
        return exports.export_response(ParkExporter, request)


class ParkFormMixin:
    model = Park
    form_class = ParkForm
    breadcrumbs = (("工业园区创建台账", reverse_lazy("parks:park_list")),)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.widen_area_fields()
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.is_valid() and self.object and self.object.pk:
            services.subject_for_park(self.object)
        return response

    def get_success_url(self):
        return reverse("parks:park_detail", args=[self.object.pk])


class ParkCreateView(ParkFormMixin, ScopedCreateView):
    success_message = "园区已登记。"
    extra_context = {"title": "新增工业园区"}


class ParkUpdateView(ParkFormMixin, ScopedUpdateView):
    success_message = "园区信息已保存。"
    extra_context = {"title": "编辑工业园区"}


class CreatingUnitMixin:
    """The creation ledger, the enterprises inside and the stations of a park or a township."""

    enterprise_limit = 50

    def unit_context(self, subject, enterprises, stations):
        year = services.current_year()
        records = CreationRecord.objects.filter(subject=subject).select_related("updated_by").order_by("year")
        shown = services.enterprises_with_status(enterprises, year).order_by("-employee_count", "name")
        return {
            "year": str(year),  # not 2,026: a year is no quantity
            "subject": subject,
            "records": records,
            "participation": services.enterprises_taking_part(enterprises, year),
            "enterprises": shown[: self.enterprise_limit],
            "enterprise_limit": self.enterprise_limit,
            "stations": stations.select_related("region").order_by("name"),
            "assessments_url": optional_url("evaluations:assessment_list"),
            "enterprise_url_name": "enterprises:enterprise_detail"
            if optional_url("enterprises:enterprise_detail", pk=1) else "",
        }


class ParkDetailView(CreatingUnitMixin, ScopedDetailView):
    model = Park
    template_name = "parks/park_detail.html"
    breadcrumbs = (("工业园区创建台账", reverse_lazy("parks:park_list")),)

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = self.object
        subject = services.subject_for_park(park)
        context.update(self.unit_context(subject, services.park_enterprises(self.request.user, park),
                                         Station.objects.visible_to(self.request.user).filter(park=park)))
        context.update(title=park.name, record_url=reverse("parks:park_record", args=[park.pk]),
                       station_query=f"kind=park&park={park.pk}&region={park.region_id}")
        return context


# ----- townships -----


class TownshipTable(tables.Table):
    name = tables.Column(linkify=("parks:township_detail", {"pk": tables.A("pk")}), verbose_name="乡镇（街道）")
    parent = tables.Column(verbose_name="所属县（市、区）", order_by=("parent__code",))
    enterprise_count = tables.Column(verbose_name="台账企业")
    employees = tables.Column(verbose_name="企业职工")
    taking_part = tables.Column(verbose_name="本年度参与创建企业")
    station_count = tables.Column(verbose_name="服务站点")
    status = tables.Column(verbose_name="本年度创建状态", orderable=False, empty_values=())

    class Meta:
        model = Township
        fields = ["name", "code", "parent", "enterprise_count", "employees", "taking_part", "station_count",
                  "status"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_parent(self, value):
        return value.full_name

    def render_employees(self, value):
        if value >= township_threshold():
            return format_html('{} <span class="badge text-bg-warning" title="达到建站用工规模">应建站</span>',
                               f"{value:,}")
        return f"{value:,}"

    def render_station_count(self, value):
        if not value:
            return format_html('<span class="badge text-bg-secondary">无站点</span>')
        return value

    def render_status(self, record):
        return status_badge(record.status_this_year)


def _subquery_int(queryset):
    return Coalesce(Subquery(queryset[:1]), 0, output_field=IntegerField())


class TownshipListView(ScopedListView):
    model = Township
    table_class = TownshipTable
    filterset_class = TownshipFilter
    template_name = "parks/township_list.html"
    empty_text = "没有符合条件的乡镇（街道）。"

    def get_queryset(self):
        year = services.current_year()
        per_township = Enterprise.objects.filter(region=OuterRef("pk")).values("region")
        return super().get_queryset().select_related("parent").annotate(
            enterprise_count=_subquery_int(per_township.annotate(n=Count("pk")).values("n")),
            employees=_subquery_int(per_township.annotate(n=Sum("employee_count")).values("n")),
            taking_part=_subquery_int(per_township.filter(subject__creation_records__year=year)
                                      .annotate(n=Count("pk")).values("n")),
            station_count=_subquery_int(Station.objects.filter(region=OuterRef("pk")).values("region")
                                        .annotate(n=Count("pk")).values("n")),
            status_this_year=services.township_status_subquery(year),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="乡镇（街道）创建台账", threshold=township_threshold(),
                       year=str(services.current_year()))
        return context


class TownshipDetailView(CreatingUnitMixin, ScopedDetailView):
    model = Township
    template_name = "parks/township_detail.html"
    breadcrumbs = (("乡镇（街道）创建台账", reverse_lazy("parks:township_list")),)

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        township = self.object
        subject = services.subject_for_township(township)
        enterprises = services.township_enterprises(self.request.user, township)
        context.update(self.unit_context(subject, enterprises,
                                         Station.objects.visible_to(self.request.user).filter(region=township)))
        employees = enterprises.aggregate(n=Coalesce(Sum("employee_count"), 0))["n"]
        context.update(title=township.full_name, employees=employees, threshold=township_threshold(),
                       qualifies=employees >= township_threshold(),
                       parks=Park.objects.visible_to(self.request.user).filter(region=township.parent_id),
                       record_url=reverse("parks:township_record", args=[township.pk]),
                       station_query=f"region={township.pk}")
        return context


# ----- creation records of parks and townships -----

class UnitRecordView(ScopedMixin, generic.FormView):
    """登记创建台账: the park's or township's record for one year (a second entry for the year updates it)."""

    form_class = CreationRecordForm
    template_name = "core/object_form.html"
    permission_required = ("enterprises.add_creationrecord", "enterprises.change_creationrecord")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.unit = get_object_or_404(self.model.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["subject"] = self.subject()
        kwargs["initial"] = {"year": services.current_year(), "status": CreationRecord.Status.CREATING}
        return kwargs

    def form_valid(self, form):
        record, created = form.save_for(self.request.user)
        messages.success(self.request, f"{record.year}年创建台账已{'登记' if created else '更新'}。")
        return HttpResponseRedirect(self.detail_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"登记创建台账：{self.unit}"
        return context


class ParkRecordView(UnitRecordView):
    model = Park

    def subject(self):
        return services.subject_for_park(self.unit)

    def detail_url(self):
        return reverse("parks:park_detail", args=[self.unit.pk])

    @property
    def breadcrumbs(self):
        return (("工业园区创建台账", reverse("parks:park_list")), (self.unit.name, self.detail_url()))


class TownshipRecordView(UnitRecordView):
    model = Township

    def subject(self):
        return services.subject_for_township(self.unit)

    def detail_url(self):
        return reverse("parks:township_detail", args=[self.unit.pk])

    @property
    def breadcrumbs(self):
        return (("乡镇（街道）创建台账", reverse("parks:township_list")), (self.unit.full_name, self.detail_url()))
