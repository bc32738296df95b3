"""Coordinator ledger, skills, awards and contests. Every read goes through `visible_to(user)`."""

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.views import generic

from apps.core import exports, import_views, spreadsheets
from apps.core.models import BackgroundJob
from apps.core.pickers import SearchPickView
from apps.core.policy import policy_for
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView

from .exporting import CoordinatorExporter
from .filters import (  # noqa: F401 - small_fields: shared with the programme views
    AwardFilter,
    ContestFilter,
    CoordinatorFilter,
    IdAccessFilter,
    RegionCodeFilterMixin,
    SkillEvaluationFilter,
    small_fields,
)
from .forms import (
    AwardRecommendationForm,
    ContestForm,
    CoordinatorForm,
    GoldMedalNominationForm,
    SkillEvaluationForm,
)
from .importing import AttendanceImporter, CoordinatorLedgerImporter, TrainingImporter
from .models import (
    AwardRecommendation,
    Contest,
    Coordinator,
    GoldMedal,
    IdNumberAccess,
    SkillEvaluation,
    Training,
)
from .services import WorkflowError, nominate_gold_medal, quota_status
from .workflow import AwardOutcome, CoordinatorConfirmation

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle"}
LEDGER_CRUMB = (("协调员台账", reverse_lazy("coordinators:coordinator_list")),)


# --------------------------------------------------------------------------------------------- ledger


class CoordinatorTable(tables.Table):
    name = tables.Column(linkify=("coordinators:coordinator_detail", {"pk": tables.A("pk")}), verbose_name="姓名")
    id_number = tables.Column(empty_values=(), orderable=False, verbose_name="身份证号")
    gender = tables.Column(verbose_name="性别")
    region = tables.Column(verbose_name="所在区划", order_by=("region__code",))
    workplace_type = tables.Column(verbose_name="单位类型")
    workplace_name = tables.Column(verbose_name="工作单位")
    skill_level = tables.Column(verbose_name="技能等级")
    served = tables.Column(verbose_name="服务企业", attrs={"td": {"class": "text-end"}})
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Coordinator
        fields = []
        attrs = TABLE_ATTRS

    def render_id_number(self, record):
        return record.masked_id_number

    def render_region(self, value):
        return value.full_name

    def render_skill_level(self, record):
        return record.get_skill_level_display()

    def render_status(self, record):
        from apps.core.templatetags.portal import badge

        html = badge(record.get_status_display(), record.status_tone)
        if record.confirmation != Coordinator.Confirmation.CONFIRMED:  # not yet on the public list
            html = format_html("{} {}", html, badge(record.get_confirmation_display(), record.confirmation_tone))
        return html


class CoordinatorListView(ScopedListView):
    model = Coordinator
    table_class = CoordinatorTable
    filterset_class = CoordinatorFilter
    template_name = "coordinators/coordinator_list.html"
    empty_text = "尚无符合条件的协调员。"
    empty_action = "可点击“新增协调员”逐个登记，或下载模板批量导入。"

    def get_queryset(self):
        # a correlated count: evaluated for the rows of the page only, and dropped from the "共 N 条" count
        through = Coordinator.enterprises.through
        served = (through.objects.filter(coordinator_id=OuterRef("pk")).order_by().values("coordinator_id")
                  .annotate(n=Count("pk")).values("n"))
        return (super().get_queryset().select_related("region")
                .annotate(served=Coalesce(Subquery(served, output_field=IntegerField()), Value(0)))
                .order_by("region__code", "name", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="劳动关系协调员台账")
        return context


class CoordinatorExportView(ScopedMixin, generic.View):
    """Export exactly the filtered rows; 身份证号 and phone masked."""

    model = Coordinator

    def get_queryset(self):
        return Coordinator.objects.visible_to(self.request.user)

    def get(self, request):
        return exports.export_response(CoordinatorExporter, request)


def keeps_ledger(user):
    """The ledger is kept by the county (and its townships); the city and the province read it (the levels of
    CoordinatorPolicy, apps/coordinators/policies.py)."""
    return policy_for(Coordinator).at_level(user, "add")


class CountyKeepsLedgerMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not keeps_ledger(request.user):
            raise PermissionDenied("协调员台账由县（市、区）及乡镇（街道）录入维护，市、省两级可查阅。")
        return super().dispatch(request, *args, **kwargs)


class CoordinatorFormMixin(CountyKeepsLedgerMixin):
    model = Coordinator
    form_class = CoordinatorForm
    breadcrumbs = LEDGER_CRUMB

    def get_success_url(self):
        return reverse("coordinators:coordinator_detail", args=[self.object.pk])

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.user = self.request.user  # names a duplicate's holder only if the user may see that row
        return form

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:  # the same number saved a moment ago by someone else (unique digest)
            form.add_error("id_number", "该身份证号已登记，不能重复登记。")
            return self.form_invalid(form)


class CoordinatorCreateView(CoordinatorFormMixin, ScopedCreateView):
    extra_context = {"title": "新增协调员"}
    success_message = "协调员已登记。"


class CoordinatorUpdateView(CoordinatorFormMixin, ScopedUpdateView):
    extra_context = {"title": "修改协调员信息"}

    def get_queryset(self):
        return super().get_queryset().select_related("region")


class CoordinatorDetailView(ScopedDetailView):
    model = Coordinator
    template_name = "coordinators/coordinator_detail.html"
    breadcrumbs = LEDGER_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        context.update(
            title=obj.name,
            enterprises=obj.enterprises.visible_to(user).select_related("region").order_by("name")[:200],
            trainings=obj.attendance.select_related("training").order_by("-training__date")[:50],
            evaluations=obj.evaluations.all(),
            awards=obj.award_recommendations.all(),
            medals=obj.gold_medals.select_related("nominated_by"),
            risks=obj.risk_reports.visible_to(user).select_related("enterprise")[:20],
            can_nominate=policy_for(GoldMedal).can(user, "nominate"),
            nominate_form=GoldMedalNominationForm(),
            confirmation_steps=CoordinatorConfirmation.available(obj, user),
        )
        return context


class WorkflowStepView(ScopedMixin, generic.View):
    """POST one step (`step` = the transition's name) of a workflow on one row: `workflow.perform` checks
    everything; a refusal is a message."""

    workflow = None
    http_method_names = ["post"]

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        step = request.POST.get("step", "")
        try:
            t = self.workflow.transition(step)
            self.workflow.perform(obj, step, request.user, reason=request.POST.get("reason", "")[:300])
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已{t.label}。")
        return HttpResponseRedirect(self.success_url(obj))


class CoordinatorStepView(WorkflowStepView):
    model = Coordinator
    workflow = CoordinatorConfirmation

    def success_url(self, obj):
        return reverse("coordinators:coordinator_detail", args=[obj.pk])


class AwardStepView(WorkflowStepView):
    model = AwardRecommendation
    workflow = AwardOutcome

    def success_url(self, obj):
        return reverse("coordinators:award_list")


class RevealIdNumberView(CoordinatorDetailView):
    """查看完整身份证号: office admins only, on an explicit POST; every look is logged."""

    permission_required = ("coordinators.reveal_id_number",)
    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        IdNumberAccess.objects.create(coordinator=self.object, user=request.user,
                                      ip_address=request.META.get("REMOTE_ADDR"))
        context = self.get_context_data(object=self.object)
        context["full_id_number"] = self.object.id_number
        response = render(request, self.template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class NominateGoldMedalView(ScopedMixin, generic.View):
    model = Coordinator
    permission_required = ("coordinators.nominate_goldmedal",)

    def get_queryset(self):
        return Coordinator.objects.visible_to(self.request.user)

    def post(self, request, pk):
        coordinator = get_object_or_404(self.get_queryset(), pk=pk)
        form = GoldMedalNominationForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写正确的年度。")
        else:
            try:
                nominate_gold_medal(coordinator, request.user, form.cleaned_data["year"],
                                    form.cleaned_data["citation"])
            except WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                left = quota_status(form.cleaned_data["year"], request.user.region).left
                messages.success(request, f"已提名{coordinator.name}为{form.cleaned_data['year']}年度金牌劳动关系协调员，"
                                          f"剩余名额{left}名。")
        return HttpResponseRedirect(reverse("coordinators:coordinator_detail", args=[pk]))


class IdAccessTable(tables.Table):
    coordinator = tables.Column(linkify=("coordinators:coordinator_detail", {"pk": tables.A("coordinator_id")}),
                                verbose_name="协调员")
    user = tables.Column(verbose_name="查看人")
    accessed_at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="查看时间")
    ip_address = tables.Column(verbose_name="IP 地址")

    class Meta:
        attrs = TABLE_ATTRS


class IdAccessListView(ScopedListView):
    """Who looked at a full 身份证号, and when."""

    model = IdNumberAccess
    table_class = IdAccessTable
    filterset_class = IdAccessFilter
    permission_required = ("coordinators.reveal_id_number",)
    empty_text = "本区域尚无查看完整身份证号的记录。"

    def get_queryset(self):
        return super().get_queryset().select_related("coordinator", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "身份证号查看记录"
        return context


# --------------------------------------------------------------------------------------------- import
# the one engine's pages (apps/core/import_views.py, templates core/import_*.html) for the three imports


class LedgerImportMixin:
    importer = CoordinatorLedgerImporter
    title, noun = "导入协调员台账", "协调员"
    upload_rule = "导入只新增协调员：身份证号已在全省台账中登记的行不会导入，已登记的信息请在协调员页面修改。"
    breadcrumbs = LEDGER_CRUMB
    import_url_name, template_url_name = "coordinators:ledger_import", "coordinators:ledger_import_template"
    list_url_name = "coordinators:coordinator_list"
    job_url_name, job_confirm_url_name = "coordinators:import_job", "coordinators:import_confirm"

    def get_permission_required(self):
        return (f"coordinators.add_{self.importer.model._meta.model_name}",)

    def dispatch(self, request, *args, **kwargs):
        if (self.importer is CoordinatorLedgerImporter and request.user.is_authenticated
                and not keeps_ledger(request.user) and not isinstance(self, ImportTemplateView)):
            raise PermissionDenied("协调员台账由县（市、区）及乡镇（街道）录入维护。")
        return super().dispatch(request, *args, **kwargs)


class TrainingImportMixin(LedgerImportMixin):
    importer = TrainingImporter
    title, noun = "导入协调员培训", "培训"
    upload_rule = "导入只新增培训，不修改已登记的培训。"
    breadcrumbs = (("协调员培训", reverse_lazy("coordinators:training_list")),)
    import_url_name, template_url_name = "coordinators:trainings_import", "coordinators:trainings_import_template"
    list_url_name = "coordinators:training_list"


class AttendanceImportMixin(TrainingImportMixin):
    importer = AttendanceImporter
    title, noun = "导入培训签到", "签到记录"
    upload_rule = "表中的身份证号须是本辖区台账中已登记的协调员；已在本次签到名单中的人不会重复导入。"
    import_url_name, template_url_name = "coordinators:attendance_import", "coordinators:attendance_import_template"


IMPORT_PAGES = {mixin.importer.name: mixin for mixin in (LedgerImportMixin, TrainingImportMixin, AttendanceImportMixin)}


class LedgerImportView(LedgerImportMixin, import_views.ImportView):
    pass


class TrainingImportView(TrainingImportMixin, import_views.ImportView):
    pass


class AttendanceImportView(AttendanceImportMixin, import_views.ImportView):
    """The attendance list of one training the user may see (`pk`)."""

    sweep_models = {"pk": Training}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.training = get_object_or_404(Training.objects.visible_to(request.user), pk=kwargs["pk"])
            self.list_url_name = reverse("coordinators:training_detail", args=[self.training.pk])  # back to it
        return super().dispatch(request, *args, **kwargs)

    def importer_context(self):
        return {"training": self.training.pk}


class ImportJobMixin(LedgerImportMixin):
    """One page for the three imports' jobs (one job kind): the job's own importer names its pages."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        job = (BackgroundJob.objects.visible_to(request.user).filter(pk=kwargs["pk"]).first()
               if request.user.is_authenticated else None)
        page = IMPORT_PAGES.get(job.params.get("importer") if job else None, LedgerImportMixin)
        for name in ("importer", "title", "noun", "breadcrumbs", "import_url_name", "list_url_name"):
            setattr(self, name, getattr(page, name))

    def import_url(self, job):
        training = job.params.get("context", {}).get("training")
        return reverse(self.import_url_name, args=[training] if training else [])


class ImportJobView(ImportJobMixin, import_views.ImportJobView):
    pass


class ImportJobConfirmView(ImportJobMixin, import_views.ImportJobConfirmView):
    pass


class ImportTemplateView(LedgerImportMixin, import_views.ImportPermissionMixin, generic.View):
    def get(self, request, *args, **kwargs):
        return spreadsheets.download(self.importer(request.user).template(), f"{self.importer.title}导入模板.xlsx")


class TrainingImportTemplateView(TrainingImportMixin, ImportTemplateView):
    pass


class AttendanceImportTemplateView(AttendanceImportMixin, ImportTemplateView):
    pass


# ------------------------------------------------------------------------------------ skills and awards


class SkillEvaluationTable(tables.Table):
    coordinator = tables.Column(linkify=("coordinators:coordinator_detail", {"pk": tables.A("coordinator_id")}),
                                verbose_name="协调员")
    region = tables.Column(accessor="coordinator__region__full_name", verbose_name="所在区划", orderable=False)
    level = tables.Column(verbose_name="申报等级")
    date = tables.DateColumn(format="Y-m-d", verbose_name="评价日期")
    agency = tables.Column(verbose_name="评价机构")
    result = tables.Column(verbose_name="结果")
    certificate_no = tables.Column(verbose_name="证书编号")

    class Meta:
        attrs = TABLE_ATTRS

    def render_result(self, record):
        from apps.core.templatetags.portal import badge

        return badge(record.get_result_display(), "success" if record.result == "passed" else "secondary")


class SkillEvaluationListView(ScopedListView):
    model = SkillEvaluation
    table_class = SkillEvaluationTable
    filterset_class = SkillEvaluationFilter
    empty_text = "尚无职业技能等级评价记录。请在协调员详情页“登记技能评价”。"

    def get_queryset(self):
        return super().get_queryset().select_related("coordinator__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "职业技能等级评价"
        return context


class ForCoordinatorMixin:
    """Create views whose parent is a coordinator the user may see (`coordinator_pk` in the URL)."""

    sweep_models = {"coordinator_pk": Coordinator}
    breadcrumbs = LEDGER_CRUMB

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.coordinator = get_object_or_404(Coordinator.objects.visible_to(request.user),
                                                 pk=kwargs["coordinator_pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.coordinator = self.coordinator
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("coordinators:coordinator_detail", args=[self.coordinator.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title_prefix}：{self.coordinator.name}"
        return context


class SkillEvaluationCreateView(ForCoordinatorMixin, ScopedCreateView):
    model = SkillEvaluation
    form_class = SkillEvaluationForm
    title_prefix = "登记技能评价"
    success_message = "技能评价已登记。"

    def form_valid(self, form):
        response = super().form_valid(form)
        evaluation = self.object
        c = self.coordinator
        # a pass at a higher level (1 is highest) raises the ledger's level
        if evaluation.result == SkillEvaluation.Result.PASSED and (not c.skill_level or evaluation.level < c.skill_level):
            c.skill_level, c.certificate_no = evaluation.level, evaluation.certificate_no
            c._change_reason = f"技能评价通过：{evaluation.get_level_display()}"
            c.save(update_fields=["skill_level", "certificate_no", "updated_at"])
        return response


class AwardTable(tables.Table):
    coordinator = tables.Column(linkify=("coordinators:coordinator_detail", {"pk": tables.A("coordinator_id")}),
                                verbose_name="协调员")
    award = tables.Column(verbose_name="推荐荣誉")
    year = tables.Column(verbose_name="年度")
    recommender = tables.Column(verbose_name="推荐单位")
    recommended_on = tables.DateColumn(format="Y-m-d", verbose_name="推荐日期")
    outcome = tables.Column(verbose_name="评定结果")
    edit = tables.LinkColumn("coordinators:award_edit", args=[tables.A("pk")], text="修改", orderable=False,
                             verbose_name="操作", empty_values=())
    steps = tables.Column(verbose_name="登记结果", orderable=False, empty_values=())

    class Meta:
        attrs = TABLE_ATTRS

    def render_steps(self, record):
        """The outcome steps of the table (every row here is already inside the user's area, so only the
        state and the role decide which buttons show; `perform` checks everything again on POST)."""
        from django.template.loader import render_to_string

        user = self.request.user
        steps = [t for t in AwardOutcome.transitions
                 if record.outcome in t.sources and (not t.permission or user.has_perm(t.permission))]
        return render_to_string("coordinators/_steps.html", {"steps": steps, "object": record,
                                                             "step_url": "coordinators:award_step"},
                                request=self.request)

    def render_outcome(self, record):
        from apps.core.templatetags.portal import badge

        text = record.get_outcome_display()
        if record.outcome_note:
            text = f"{text}（{record.outcome_note}）"
        return badge(text, record.outcome_tone)


class AwardListView(ScopedListView):
    model = AwardRecommendation
    table_class = AwardTable
    filterset_class = AwardFilter
    empty_text = "尚无荣誉推荐记录。请在协调员详情页“推荐荣誉”。"

    def get_queryset(self):
        return super().get_queryset().select_related("coordinator")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "荣誉推荐（技术能手、五一劳动奖章、先进个人）"
        return context


class AwardCreateView(ForCoordinatorMixin, ScopedCreateView):
    model = AwardRecommendation
    form_class = AwardRecommendationForm
    title_prefix = "推荐荣誉"
    success_message = "荣誉推荐已登记。"

    def get_initial(self):
        office = self.request.user.office
        return {"year": timezone.localdate().year, "recommended_on": timezone.localdate(),
                "recommender": str(office) if office else ""}


class AwardUpdateView(ScopedUpdateView):
    model = AwardRecommendation
    form_class = AwardRecommendationForm
    success_url = reverse_lazy("coordinators:award_list")
    breadcrumbs = (("荣誉推荐", reverse_lazy("coordinators:award_list")),)
    extra_context = {"title": "登记荣誉推荐结果"}


# ------------------------------------------------------------------------------------------- contests


class ContestTable(tables.Table):
    name = tables.Column(linkify=("coordinators:contest_edit", {"pk": tables.A("pk")}), verbose_name="比武名称")
    region = tables.Column(verbose_name="举办区划", order_by=("region__code",))
    date = tables.DateColumn(format="Y-m-d", verbose_name="举办日期")
    participants = tables.Column(verbose_name="参赛人数")
    notes = tables.Column(verbose_name="获奖情况", orderable=False)

    class Meta:
        attrs = TABLE_ATTRS

    def render_region(self, value):
        return value.full_name

    def render_notes(self, value):
        return format_html("{}", value[:80])


class ContestListView(ScopedListView):
    model = Contest
    table_class = ContestTable
    filterset_class = ContestFilter
    empty_text = "尚无技能比武记录。"
    empty_action = "可点击“新增技能比武”登记。"

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="技能比武", create_url_name="coordinators:contest_add", create_label="新增技能比武")
        return context


class ContestCreateView(ScopedCreateView):
    model = Contest
    form_class = ContestForm
    success_url = reverse_lazy("coordinators:contest_list")
    breadcrumbs = (("技能比武", reverse_lazy("coordinators:contest_list")),)
    extra_context = {"title": "新增技能比武"}


class ContestUpdateView(ScopedUpdateView):
    model = Contest
    form_class = ContestForm
    success_url = reverse_lazy("coordinators:contest_list")
    breadcrumbs = (("技能比武", reverse_lazy("coordinators:contest_list")),)
    extra_context = {"title": "修改技能比武"}



class CoordinatorPickView(SearchPickView):
    """Searchable picker of visible coordinators (e.g. a station's 驻站协调员)."""

    model = Coordinator

    def search(self, queryset, q):
        return queryset.filter(name__contains=q).select_related("region").order_by("name", "pk")

    def label(self, obj):
        return f"{obj.name}（{obj.region.name} · {obj.workplace_name}）"
