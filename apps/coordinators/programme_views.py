"""Gold medals and the structure page (risk reports and their board are apps.risks'; the public pages live in
apps/public)."""

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import generic

from apps.core import exports, spreadsheets
from apps.core.policy import policy_for
from apps.core.querying import campaign_year
from apps.core.views import ScopedListView, ScopedMixin
from apps.documents.services import request_document
from apps.regions import areas
from apps.regions.models import Region

from . import stats
from .exporting import GoldMedalExporter
from .filters import GoldMedalFilter
from .models import AGE_BANDS, GOLD_MEDAL_TARGET, Coordinator, GoldMedal, GoldMedalQuota
from .services import (
    WorkflowError,
    certificate_context,
    nominating_level,
    publish_gold_medals,
    quota_status,
    save_quotas,
    withdraw_gold_medal,
    year_progress,
)
from .views import TABLE_ATTRS

PROGRAMME_YEARS = range(2023, 2036)  # gold medals run past the 2023–2027 campaign


# ---------------------------------------------------------------------------------------- gold medals


class GoldMedalTable(tables.Table):
    coordinator = tables.Column(linkify=("coordinators:coordinator_detail", {"pk": tables.A("coordinator_id")}),
                                verbose_name="姓名")
    workplace = tables.Column(accessor="coordinator__workplace_name", verbose_name="工作单位", orderable=False)
    region = tables.Column(accessor="coordinator__region__full_name", verbose_name="所在区划",
                           order_by=("coordinator__region__code",))
    level = tables.Column(verbose_name="层级")
    nominated_by = tables.Column(verbose_name="提名单位", order_by=("nominated_by__code",))
    certificate_no = tables.Column(verbose_name="证书编号")
    actions = tables.Column(verbose_name="操作", orderable=False, empty_values=())

    class Meta:
        attrs = TABLE_ATTRS

    def render_actions(self, record):
        """Row buttons (rendered here, not by a template per row, so no context processor runs per row)."""
        from django.middleware.csrf import get_token
        from django.utils.html import format_html

        request = self.request
        csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
        if record.status == GoldMedal.State.PUBLISHED:
            return format_html('<form method="post" action="{}" class="d-inline">{}<button class="btn btn-sm '
                               'btn-link p-0">生成证书</button></form>',
                               reverse("coordinators:goldmedal_certificate", args=[record.pk]), csrf)
        user = request.user
        returned = ""
        if record.status == GoldMedal.State.RETURNED:
            returned = format_html('<span class="badge text-bg-secondary">已退回</span> '
                                   '<span class="small text-muted">{}</span> ', record.return_reason)
        elif policy_for(GoldMedal).can(user, "return", record, listed=True):
            return format_html('<form method="post" action="{}" class="d-flex gap-1">{}<input name="reason" '
                               'class="form-control form-control-sm" placeholder="退回理由" aria-label="退回理由" required>'
                               '<button class="btn btn-sm btn-link p-0 text-nowrap">退回</button></form>',
                               reverse("coordinators:goldmedal_return", args=[record.pk]), csrf)
        if user.has_perm("coordinators.nominate_goldmedal") and user.office_id and \
                record.nominated_by_id == user.office.region_id:
            return format_html('{}<form method="post" action="{}" class="d-inline">{}<button class="btn btn-sm btn-link '
                               'text-danger p-0" data-confirm="确定撤回对{}的提名？">撤回提名</button></form>', returned,
                               reverse("coordinators:goldmedal_withdraw", args=[record.pk]), csrf,
                               record.coordinator.name)
        if returned:
            return returned
            return format_html('<form method="post" action="{}" class="d-inline">{}<button class="btn btn-sm btn-link '
                               'text-danger p-0" data-confirm="确定撤回对{}的提名？">撤回提名</button></form>',
                               reverse("coordinators:goldmedal_withdraw", args=[record.pk]), csrf,
                               record.coordinator.name)
        return format_html('<span class="text-muted small">{}</span>', "待公布")

    def render_nominated_by(self, value):
        return "省级" if value.level == Region.Level.PROVINCE else value.name


class GoldMedalListView(ScopedListView):
    model = GoldMedal
    table_class = GoldMedalTable
    filterset_class = GoldMedalFilter
    template_name = "coordinators/goldmedal_list.html"
    empty_text = "本年度尚无提名。市（州）在协调员详情页“提名金牌协调员”，名额由省级设定。"

    def get_queryset(self):
        return super().get_queryset().select_related("coordinator__region", "nominated_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, campaign_year(self.request, years=PROGRAMME_YEARS)
        level = nominating_level(user)
        area = "全省" if user.region is None or user.region.level == Region.Level.PROVINCE else user.region.name
        context.update(title="金牌劳动关系协调员", year=year, progress=year_progress(year, user), level=level, area=area,
                       own_quota=quota_status(year, user.region) if level else None,
                       can_manage=policy_for(GoldMedal).can(user, "manage"))
        return context


class GoldMedalExportView(ScopedMixin, generic.View):
    """The filtered visible nominations, through the export engine (apps.coordinators.exporting)."""

    model = GoldMedal

    def get(self, request):
        return exports.export_response(GoldMedalExporter, request)


class QuotaForm(forms.Form):
    def __init__(self, *args, cities, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.cities = cities
        for city in cities:
            self.fields[f"city_{city.code}"] = forms.IntegerField(
                label=city.name, min_value=0, max_value=1000, initial=current.get(city.pk, 0),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "width:7rem"}))

    def quotas(self):
        return {city: self.cleaned_data[f"city_{city.code}"] for city in self.cities}


class GoldMedalQuotaView(ScopedMixin, generic.TemplateView):
    """名额分配: the province sets each city's quota for a year (together with its own 200, ≥1,000)."""

    model = GoldMedalQuota
    template_name = "coordinators/goldmedal_quotas.html"
    breadcrumbs = (("金牌劳动关系协调员", reverse_lazy("coordinators:goldmedal_list")),)

    def get_form(self, year, data=None):
        cities = list(Region.objects.cities().order_by("code"))
        current = dict(GoldMedalQuota.objects.visible_to(self.request.user).filter(year=year)
                       .values_list("city_id", "quota"))
        return QuotaForm(data, cities=cities, current=current)

    def can_edit(self):
        return policy_for(GoldMedal).can(self.request.user, "manage")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = campaign_year(self.request, years=PROGRAMME_YEARS)
        form = kwargs.get("form") or self.get_form(year)
        used = dict(GoldMedal.objects.visible_to(self.request.user).filter(year=year, level=GoldMedal.Level.CITY)
                    .values("nominated_by_id").annotate(n=Count("id")).order_by().values_list("nominated_by_id", "n"))
        visible = set(Region.objects.visible_to(self.request.user).cities().values_list("pk", flat=True))
        rows = [(city, form[f"city_{city.code}"], used.get(city.pk, 0)) for city in form.cities if city.pk in visible
                or self.can_edit()]
        context.update(title=f"{year}年度金牌协调员名额", year=year, form=form, rows=rows, can_edit=self.can_edit(),
                       progress=year_progress(year, self.request.user))
        return context

    def post(self, request):
        if not self.can_edit():
            raise PermissionDenied
        year = campaign_year(request, years=PROGRAMME_YEARS)
        form = self.get_form(year, request.POST)
        if form.is_valid():
            try:
                total = save_quotas(year, form.quotas(), request.user)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已保存{year}年度各市（州）名额，合计{total}名。")
                return HttpResponseRedirect(f"{request.path}?year={year}")
        return self.render_to_response(self.get_context_data(form=form))


class GoldMedalPublishView(ScopedMixin, generic.View):
    model = GoldMedal
    permission_required = ("coordinators.manage_goldmedal",)

    def post(self, request):
        year = campaign_year(request, years=PROGRAMME_YEARS)
        try:
            count = publish_gold_medals(year, request.user)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            gap = year_progress(year)["gap"]
            messages.success(request, f"已公布{year}年度金牌劳动关系协调员名单，共{count}名，并已编排证书编号。"
                             + (f"距年度目标（{GOLD_MEDAL_TARGET}名）还差{gap}名。" if gap else ""))
        return HttpResponseRedirect(reverse("coordinators:goldmedal_list") + f"?year={year}")


class GoldMedalCertificateView(ScopedMixin, generic.View):
    """A landscape certificate PDF for one published gold medal, made by a Celery job."""

    model = GoldMedal

    def post(self, request, pk):
        medal = get_object_or_404(GoldMedal.objects.visible_to(request.user).select_related("coordinator__region"),
                                  pk=pk)
        if medal.status != GoldMedal.State.PUBLISHED:
            messages.error(request, "名单公布后才能生成证书。")
            return HttpResponseRedirect(reverse("coordinators:goldmedal_list") + f"?year={medal.year}")
        request_document(title=f"{medal.year}年度金牌劳动关系协调员证书（{medal.coordinator.name}）",
                         template_name="coordinators/gold_medal_certificate.html",
                         context=certificate_context(medal), region=medal.coordinator.region, user=request.user,
                         kind="certificate", doc_number=medal.certificate_no)
        messages.success(request, "证书正在生成，完成后可在“公文与文书”中下载，并会在通知中心提醒您。")
        return HttpResponseRedirect(reverse("documents:document_list"))


class GoldMedalReturnView(ScopedMixin, generic.View):
    """The province returns a city's nomination with a reason (the publication workflow's "return" step)."""

    model = GoldMedal
    permission_required = ("coordinators.manage_goldmedal",)

    def post(self, request, pk):
        from .workflow import GoldMedalPublication

        medal = get_object_or_404(GoldMedal.objects.visible_to(request.user).select_related("coordinator"), pk=pk)
        try:
            GoldMedalPublication.perform(medal, "return", request.user, reason=request.POST.get("reason", ""))
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已将对{medal.coordinator.name}的提名退回提名单位。")
        return HttpResponseRedirect(reverse("coordinators:goldmedal_list") + f"?year={medal.year}")


class GoldMedalWithdrawView(ScopedMixin, generic.View):
    model = GoldMedal
    permission_required = ("coordinators.nominate_goldmedal",)

    def post(self, request, pk):
        medal = get_object_or_404(GoldMedal.objects.visible_to(request.user).select_related("coordinator"), pk=pk)
        try:
            withdraw_gold_medal(medal, request.user)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已撤回对{medal.coordinator.name}的提名。")
        return HttpResponseRedirect(reverse("coordinators:goldmedal_list") + f"?year={medal.year}")


# ------------------------------------------------------------------------------------- charts and boards


def chart(key, title, unit, labels, values, kind="bar"):
    return {"id": key, "title": title, "unit": unit, "labels": labels, "values": values, "kind": kind}


WIDE_PANELS = {"region", "coverage", "area", "trend"}


def panels(charts, tables):
    """Each chart with the table of the same figures (and its Excel download), as the UI asks."""
    return [{"chart": c, "key": c["id"], "table": tables[c["id"]], "wide": c["id"] in WIDE_PANELS} for c in charts]


class StructureView(ScopedMixin, generic.TemplateView):
    """数量、结构、分布: counts by type, level, age, education and area, with enterprise coverage."""

    model = Coordinator
    template_name = "coordinators/structure.html"

    def get(self, request, *args, **kwargs):
        self.region = areas.area(request, name="region")
        self.data, self.computed_at = stats.cached_structure(request.user, self.region)
        download = request.GET.get("download")
        if download:
            return self.download(download)
        return super().get(request, *args, **kwargs)

    def tables(self):
        dims = self.data["dims"]
        out = {}
        for key, (title, rows) in dims.items():
            if key == "region":
                continue
            out[key] = (title, ["类别", "在岗人数（人）"], [[label, n] for label, n in rows])
        areas = self.data["areas"]
        out["region"] = ("区域分布", ["区域", "登记（人）", "在岗（人）", "取得技能等级（人）"],
                         [[a["name"], a["total"], a["on_duty"], a["skilled"]] for a in areas])
        out["coverage"] = ("企业覆盖", ["区域", "台账企业（家）", "已覆盖（家）", "覆盖率（%）"],
                           [[a["name"], a["enterprises"], a["covered"], "—" if a["coverage"] is None else a["coverage"]]
                            for a in areas])
        return out

    def download(self, key):
        tables_ = self.tables()
        keys = list(tables_) if key == "all" else [key]
        if any(k not in tables_ for k in keys):
            raise Http404("没有该统计表。")
        sheets = [(tables_[k][0], tables_[k][1], tables_[k][2]) for k in keys]
        return spreadsheets.xlsx_response(f"协调员结构分布-{self.region.name}-{timezone.localdate():%Y%m%d}.xlsx", sheets)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        computed = timezone.localtime(self.computed_at)
        dims, period = self.data["dims"], f"统计于{computed:%Y-%m-%d %H:%M}"
        charts = [chart(key, f"{dims[key][0]}（在岗）", "人", [r[0] for r in dims[key][1]], [r[1] for r in dims[key][1]],
                        "pie" if key in ("workplace", "education") else "bar")
                  for key in ("workplace", "skill", "age", "education")]
        areas = self.data["areas"]
        charts.append(chart("region", "区域分布（在岗）", "人", [a["name"] for a in areas], [a["on_duty"] for a in areas]))
        charts.append(chart("coverage", "企业覆盖率", "%", [a["name"] for a in areas],
                            [a["coverage"] or 0 for a in areas]))
        context.update(title="协调员数量、结构、分布", region=self.region, data=self.data, period=period,
                       chain=stats.drill_chain(self.request.user, self.region),
                       charts={"period": period, "charts": charts}, panels=panels(charts, self.tables()),
                       age_bands=AGE_BANDS, can_drill=self.region.level != Region.Level.TOWNSHIP)
        return context


        return context


def published_list_context(year):
    """What the published list's PDF shows (kept on the document row: plain values, no personal data)."""
    rows = (GoldMedal.objects.published().for_year(year).select_related("coordinator__region")
            .order_by("coordinator__region__code", "coordinator__name", "pk"))
    return {"year": year, "title": f"{year}年度金牌劳动关系协调员名单",
            "rows": [{"name": m.coordinator.name, "gender": m.coordinator.get_gender_display(),
                      "region": m.coordinator.region.full_name, "workplace": m.coordinator.workplace_name,
                      "level": m.get_level_display(), "certificate_no": m.certificate_no} for m in rows]}


class GoldMedalListPdfView(ScopedMixin, generic.View):
    """The published list as a PDF, made by the document job (apps/documents), found under 公文与文书."""

    model = GoldMedal

    def post(self, request):
        year = campaign_year(request, years=PROGRAMME_YEARS)
        context = published_list_context(year)
        if not context["rows"]:
            messages.error(request, f"{year}年度名单尚未公布，公布后才能生成名单PDF。")
            return HttpResponseRedirect(reverse("coordinators:goldmedal_list") + f"?year={year}")
        region = request.user.region or Region.objects.get(level=Region.Level.PROVINCE)
        request_document(title=context["title"], template_name="coordinators/gold_medal_list_pdf.html",
                         context=context, region=region, user=request.user, kind="notice")
        messages.success(request, "名单PDF正在生成，完成后可在“公文与文书”中下载，并会在通知中心提醒您。")
        return HttpResponseRedirect(reverse("documents:document_list"))
