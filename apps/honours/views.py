"""Screens of the selection round, stage by stage; every row read through visible_to, every state change
through the workflow (apps/honours/workflow.py), every refusal shown as its Chinese message."""

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.views import generic

from apps.core.audit import history_rows  # noqa: F401  (the template tag reads it)
from apps.core.policy import can
from apps.core.views import ScopedDetailView, ScopedListView, ScopedMixin
from apps.core.workflow import WorkflowError
from apps.regions.models import Region

from . import services, stages
from .filters import TitleFilter, city_choices
from .forms import ApplicationForm, QuotaForm, RevokeForm, RoundForm, ScoreForm, StepForm
from .models import (
    Application,
    CityQuota,
    DemonstrationTitle,
    ExpertAssignment,
    Objection,
    ReReview,
    SelectionRound,
)
from .workflow import ApplicationWorkflow, ObjectionWorkflow, ReReviewWorkflow, RoundWorkflow, TitleWorkflow


class UnitAccess:
    """Enterprise and expert accounts hold no role: what they may see is decided by visible_to alone
    (their own enterprise's rows; the applications an expert was granted)."""

    def has_permission(self):
        if getattr(self.request.user, "kind", "staff") in ("enterprise", "expert"):
            return True
        return super().has_permission()


ROUNDS = (("评选活动", reverse_lazy("honours:round_list")),)
APPS = (("申报与推荐", reverse_lazy("honours:application_list")),)


def badge(text, tone):
    return format_html('<span class="badge text-bg-{}">{}</span>', tone, text)


# ---------------------------------------------------------------- rounds

class RoundTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="活动")
    stage = tables.Column(verbose_name="阶段")
    application_count = tables.Column(verbose_name="申报数", orderable=False)

    class Meta:
        model = SelectionRound
        fields = ["name", "year", "kind", "stage", "total_quota", "application_count", "apply_deadline"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_stage(self, record):
        return badge(record.get_stage_display(), record.stage_tone)


class RoundFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度", min_value=2000, max_value=2100)
    kind = django_filters.ChoiceFilter(choices=SelectionRound.Kind.choices, label="类别")
    stage = django_filters.ChoiceFilter(choices=stages.stage_choices, label="阶段")

    class Meta:
        model = SelectionRound
        fields = ["year", "kind", "stage"]


class RoundListView(ScopedListView):
    model = SelectionRound
    table_class = RoundTable
    filterset_class = RoundFilter
    template_name = "honours/round_list.html"
    empty_text = "尚无评选活动；省级三方办可新建活动。"

    def get_queryset(self):
        return super().get_queryset().annotate(application_count=Count("applications")).order_by("-year", "kind")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "示范创建评选活动",
                "can_add": can(self.request.user, "add", SelectionRound)}


class RoundCreateView(ScopedMixin, generic.CreateView):
    model = SelectionRound
    form_class = RoundForm
    template_name = "core/object_form.html"
    permission_required = ("honours.manage_round",)
    breadcrumbs = ROUNDS
    extra_context = {"title": "新建评选活动"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "manage", SelectionRound):
            raise PermissionDenied("评选活动由省级三方办组织。")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        self.object = form.save()
        cities = list(Region.objects.cities().order_by("code"))
        base, extra = divmod(self.object.total_quota, len(cities))
        CityQuota.objects.bulk_create([CityQuota(round=self.object, city=c, quota=base + (1 if i < extra else 0),
                                                 reserve=1 if self.object.keep_reserve else 0)
                                       for i, c in enumerate(cities)])
        messages.success(self.request, "评选活动已创建，名额已按市（州）平均分配，可在活动页调整。")
        return redirect(self.object.get_absolute_url())


class RoundDetailView(ScopedDetailView):
    """A round is province-wide (its URL takes `round`, not an area object's key); the counts on it are the
    user's own area's."""

    model = SelectionRound
    pk_url_kwarg = "round"
    template_name = "honours/round_detail.html"
    breadcrumbs = ROUNDS

    def get_context_data(self, **kwargs):
        round_ = self.object
        user = self.request.user
        visible = Application.objects.visible_to(user).filter(round=round_)
        counts = dict(visible.values_list("status").annotate(n=Count("pk")))
        used = {row["city_id"]: row for row in Application.objects.filter(round=round_).values("city_id").annotate(
            approved=Count("pk", filter=Q(status__in=["approved", "selected", "named", "not_selected",
                                                      "withdrawn"])),
            reserve=Count("pk", filter=Q(status="reserve")))}
        quotas = [(q, used.get(q.city_id, {}).get("approved", 0), used.get(q.city_id, {}).get("reserve", 0))
                  for q in round_.quotas.select_related("city")]
        naming = getattr(round_, "naming", None) if hasattr(round_, "naming") else None
        from apps.documents.numbering import next_free, parse

        from .services import PROVINCE_DOC_PREFIX

        next_number = next_free(PROVINCE_DOC_PREFIX, timezone.localdate().year)
        return {**super().get_context_data(**kwargs), "title": round_.name,
                "next_number": next_number, "next_serial": parse(next_number)[2],
                "steps": RoundWorkflow.available(round_, user), "quotas": quotas,
                "status_counts": [(Application.Status(k).label, v) for k, v in counts.items()],
                "naming": naming, "can_manage": can(user, "manage", SelectionRound),
                "stage_list": stages.stage_list(round_, naming),
                "can_assign": stages.is_open(round_, "assign"),
                "can_decide": stages.is_open(round_, "select") and user.has_perm("honours.decide_round")
                and can(user, "manage", SelectionRound),
                "open_objections": Objection.objects.visible_to(user).filter(application__round=round_).open().count()}


class RoundQuotaView(ScopedMixin, generic.FormView):
    model = SelectionRound
    form_class = QuotaForm
    template_name = "honours/round_quota.html"
    permission_required = ("honours.manage_round",)
    breadcrumbs = ROUNDS

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "manage", SelectionRound):
            raise PermissionDenied
        self.round = get_object_or_404(SelectionRound.objects.visible_to(request.user), pk=kwargs["round"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round_": self.round}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": f"名额分配：{self.round}", "round": self.round}

    def form_valid(self, form):
        if not stages.spec(self.round.stage).quota_editable:
            form.add_error(None, "市级审核开始后不能再调整名额。")
            return self.form_invalid(form)
        for city in Region.objects.cities():
            CityQuota.objects.update_or_create(round=self.round, city=city, defaults={
                "quota": form.cleaned_data[f"q_{city.code}"], "reserve": form.cleaned_data[f"r_{city.code}"]})
        messages.success(self.request, "名额分配已保存。")
        return redirect(self.round.get_absolute_url())


class StepView(LoginRequiredMixin, generic.View):
    """POST one workflow step; a refusal becomes a message and nothing changes."""

    model = None
    workflow = None

    def post(self, request, **kwargs):
        obj = get_object_or_404(self.model.objects.visible_to(request.user), pk=kwargs.get("pk", kwargs.get("round")))
        form = StepForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()
                                             if f in form.fields))
            return HttpResponseRedirect(obj.get_absolute_url())
        data = form.cleaned_data
        ctx = {k: data[k] for k in ("rank", "number", "named_on", "cause", "risk_note")
               if data.get(k) not in (None, "")}
        try:
            self.perform(obj, data["action"], request.user, data["reason"], ctx)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已办理。")
        return HttpResponseRedirect(obj.get_absolute_url())

    def perform(self, obj, action, user, reason, ctx):
        self.workflow.perform(obj, action, user, reason=reason, **ctx)


class RoundStepView(StepView):
    model = SelectionRound
    workflow = RoundWorkflow


class RoundDecideView(LoginRequiredMixin, generic.View):
    """省级审定: take the best-ranked approved applications up to the total as candidates, the rest not selected."""

    def post(self, request, round):
        round_ = get_object_or_404(SelectionRound.objects.visible_to(request.user), pk=round)
        try:
            n = services.decide_by_rank(round_, request.user, reason=request.POST.get("reason", "")[:2000]
                                        or "省协调劳动关系三方会议审定")
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已按专家评审排名审定 {n} 个拟命名单位。")
        return redirect(round_.get_absolute_url())


# ---------------------------------------------------------------- applications

class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="单位名称", max_length=50)
    round = django_filters.ModelChoiceFilter(queryset=SelectionRound.objects.all(), label="活动")
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, label="状态")
    city = django_filters.ModelChoiceFilter(queryset=city_choices, label="市（州）")

    class Meta:
        model = Application
        fields = ["q", "round", "status", "city"]

    def search(self, queryset, name, value):
        return queryset.filter(subject__name__icontains=value.replace("\x00", ""))


class ApplicationTable(tables.Table):
    subject = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name="申报单位",
                            order_by=("subject__name",))
    city = tables.Column(verbose_name="市（州）", order_by=("city__code",))
    region = tables.Column(verbose_name="所在区划", order_by=("region__code",))
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Application
        fields = ["subject", "city", "region", "status", "assessment_score", "county_rank", "city_rank",
                  "expert_score", "expert_rank"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_city(self, value):
        return value.name

    def render_region(self, value):
        return value.full_name

    def render_status(self, record):
        return badge(record.get_status_display(), record.status_tone)


class ApplicationListView(UnitAccess, ScopedListView):
    model = Application
    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    template_name = "honours/application_list.html"
    empty_text = "暂无申报。评选活动在申报阶段时，企业或县级三方办可提交申报。"

    def get_queryset(self):
        return super().get_queryset().select_related("subject", "city", "region", "round")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "示范申报",
                "can_add": self.request.user.has_perm("honours.add_application")
                or self.request.user.kind == "enterprise"}


class ApplicationCreateView(LoginRequiredMixin, generic.FormView):
    form_class = ApplicationForm
    template_name = "core/object_form.html"
    breadcrumbs = APPS
    extra_context = {"title": "提交示范申报", "submit_label": "提交申报"}

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.kind == "enterprise" or user.has_perm("honours.add_application")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            app = services.apply(data["round"], data["subject"], self.request.user, summary=data["summary"],
                                 commitment=data["commitment"])
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, "申报已提交，申报表正在生成。")
        return redirect(app.get_absolute_url())


class ApplicationDetailView(UnitAccess, ScopedDetailView):
    model = Application
    template_name = "honours/application_detail.html"
    breadcrumbs = APPS

    def get_queryset(self):
        return super().get_queryset().select_related("round", "subject", "city", "region", "assessment",
                                                     "form_document")

    def get_context_data(self, **kwargs):
        app, user = self.object, self.request.user
        assignments = list(app.expert_assignments.select_related("expert")) if user.kind == "staff" else []
        experts = []
        if stages.is_open(app.round, "assign") and can(user, "manage", SelectionRound) and app.status == "approved":
            from apps.accounts.models import User

            experts = User.objects.filter(kind=User.Kind.EXPERT, is_active=True).exclude(
                pk__in=[a.expert_id for a in assignments]).order_by("username")
        return {**super().get_context_data(**kwargs), "title": str(app.subject),
                "steps": ApplicationWorkflow.available(app, user), "assignments": assignments,
                "risks": services.unit_risks(app.subject_id),
                "experts": experts, "objections": Objection.objects.visible_to(user).filter(application=app)}


class ApplicationMaterialMixin(UnitAccess, ScopedMixin):
    """What an application carries (申报表, 承诺书, the assessment it rests on and that assessment's evidence)
    is read by exactly whoever may read the application: `services.readable_application` is the one rule
    (the unit itself, the offices of its area, the experts assigned to it); anybody else gets 404."""

    model = Application

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = services.readable_application(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class ApplicationFileView(ApplicationMaterialMixin, generic.View):
    def get(self, request, pk, what):
        from django.http import FileResponse

        app = self.application
        if what == "form":
            document = app.form_document
            if document is None or not document.file:
                raise Http404("申报表尚未生成")
            return FileResponse(document.file.open("rb"), as_attachment=False, filename=f"{app.subject}申报表.pdf",
                                content_type="application/pdf")
        if what == "commitment" and app.commitment:
            return FileResponse(app.commitment.open("rb"), as_attachment=False,
                                filename=f"{app.subject}承诺书.{app.commitment.name.rsplit('.', 1)[-1]}")
        raise Http404("没有该材料")


class ApplicationAssessmentView(ApplicationMaterialMixin, generic.TemplateView):
    """The assessment the application rests on, item by item, with each item's evidence."""

    template_name = "honours/application_assessment.html"

    def get_context_data(self, **kwargs):
        app = self.application
        return {**super().get_context_data(**kwargs), "app": app, "title": f"评估结论：{app.subject}",
                "assessment": app.assessment, "items": services.assessment_items(app)}

    @property
    def breadcrumbs(self):
        return (*APPS, (str(self.application.subject), self.application.get_absolute_url()))


class ApplicationEvidenceView(ApplicationMaterialMixin, generic.View):
    def get(self, request, pk, evidence):
        from django.http import FileResponse

        from apps.evaluations.models import Evidence

        row = get_object_or_404(Evidence, pk=evidence, item__assessment_id=self.application.assessment_id)
        return FileResponse(row.file.open("rb"), as_attachment=False, filename=row.original_name)


class ApplicationStepView(StepView):
    model = Application
    workflow = ApplicationWorkflow


class ExpertAssignView(LoginRequiredMixin, generic.View):
    model = Application

    def post(self, request, pk):
        from apps.accounts.models import User

        app = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
        expert = User.objects.filter(pk=request.POST.get("expert") if str(request.POST.get("expert", "")).isdigit()
                                     else None).first()
        try:
            if expert is None:
                raise WorkflowError("请选择评审专家。")
            services.assign_expert(app, expert, request.user)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已分配专家 {expert}。")
        return redirect(app.get_absolute_url())


class RoundExpertsView(ScopedMixin, generic.TemplateView):
    """专家分配 on one screen: every approved application of the round with its experts so far; tick
    applications and experts, and each ticked expert is assigned to each ticked application."""

    model = SelectionRound
    permission_required = ("honours.manage_round",)
    template_name = "honours/round_experts.html"
    breadcrumbs = ROUNDS

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "manage", SelectionRound):
            raise PermissionDenied("专家由省级三方办分配。")
        self.round = get_object_or_404(SelectionRound.objects.visible_to(request.user), pk=kwargs["round"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from apps.accounts.models import User

        apps_ = list(Application.objects.visible_to(self.request.user).filter(round=self.round, status=Application.Status.APPROVED)
                     .select_related("subject", "city").prefetch_related("expert_assignments__expert")
                     .order_by("city__code", "city_rank", "pk"))
        return {**super().get_context_data(**kwargs), "title": f"分配评审专家：{self.round}", "round": self.round,
                "applications": apps_, "open": stages.is_open(self.round, "assign"),
                "experts": User.objects.filter(kind=User.Kind.EXPERT, is_active=True).order_by("username")}

    def post(self, request, round):
        from apps.accounts.models import User

        def ids(name):
            return [int(v) for v in request.POST.getlist(name) if v.isdigit()][:1000]

        apps_ = list(Application.objects.visible_to(self.request.user).filter(round=self.round, pk__in=ids("applications"))
                     .select_related("subject", "round"))
        experts = list(User.objects.filter(kind=User.Kind.EXPERT, is_active=True, pk__in=ids("experts")))
        if not apps_ or not experts:
            messages.error(request, "请至少勾选一个申报和一位评审专家。")
            return redirect("honours:round_experts", round=self.round.pk)
        done, refused = services.assign_experts(apps_, experts, request.user)
        if done:
            messages.success(request, f"已完成 {len(done)} 项专家分配。")
        for text in refused[:10]:
            messages.warning(request, text)
        return redirect("honours:round_experts", round=self.round.pk)


# ---------------------------------------------------------------- experts

class ExpertTaskTable(tables.Table):
    application = tables.Column(verbose_name="申报单位", orderable=False,
                                linkify=lambda record: reverse("honours:score", args=[record.pk]))
    round = tables.Column(accessor="application.round", verbose_name="活动", orderable=False)
    submitted_at = tables.Column(verbose_name="评分状态")

    class Meta:
        model = ExpertAssignment
        fields = ["application", "round", "total", "submitted_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_application(self, value):
        return value.subject.name

    def render_submitted_at(self, value):
        return badge("已提交", "success") if value else badge("待评分", "warning")


class ExpertTaskListView(LoginRequiredMixin, tables.SingleTableView):
    table_class = ExpertTaskTable
    template_name = "core/object_list.html"
    paginate_by = 20

    def get_queryset(self):
        return (ExpertAssignment.objects.visible_to(self.request.user).filter(expert=self.request.user)
                .select_related("application__subject", "application__round"))

    def get_table_kwargs(self):
        return {"empty_text": "暂无分配给您的评审任务。"}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "我的评审任务"}


class ScoreView(LoginRequiredMixin, generic.FormView):
    """The assigned expert scores here; office staff who may see the application read the score."""

    model = ExpertAssignment
    template_name = "honours/score.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assignment = (ExpertAssignment.objects.visible_to(request.user)
                           .select_related("application__round", "application__subject", "application__assessment")
                           .filter(pk=kwargs["pk"]).first())
        if self.assignment is None:
            raise Http404("该申报未分配给您评审。")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.assignment.expert_id != request.user.pk:
            raise PermissionDenied("只有被分配的专家可以评分。")
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ScoreForm(self.assignment.application.round.criteria, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        app = self.assignment.application
        return {**super().get_context_data(**kwargs), "title": f"评分：{app.subject}",
                "assignment": self.assignment, "app": app, "items": services.assessment_items(app),
                "risks": services.unit_risks(app.subject_id),
                "is_expert": self.assignment.expert_id == self.request.user.pk}

    def form_valid(self, form):
        try:
            services.score(self.assignment.pk, self.request.user, form.scores(), form.cleaned_data["comment"])
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, "评分已提交。")
        return redirect("honours:expert_tasks")


# ---------------------------------------------------------------- objections

class ObjectionTable(tables.Table):
    application = tables.Column(verbose_name="被异议单位", orderable=False,
                                linkify=lambda record: record.get_absolute_url())
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Objection
        fields = ["application", "lodged_at", "status", "resolved_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_application(self, value):
        return value.subject.name

    def render_status(self, record):
        return badge(record.get_status_display(), record.status_tone)


class ObjectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Objection.Status.choices, label="状态")

    class Meta:
        model = Objection
        fields = ["status"]


class ObjectionListView(ScopedListView):
    model = Objection
    table_class = ObjectionTable
    filterset_class = ObjectionFilter
    empty_text = "暂无公示异议。"

    def get_queryset(self):
        return super().get_queryset().select_related("application__subject")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "公示异议"}


class ObjectionDetailView(ScopedDetailView):
    model = Objection
    template_name = "honours/objection_detail.html"
    breadcrumbs = (("公示异议", reverse_lazy("honours:objection_list")),)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": str(self.object),
                "steps": ObjectionWorkflow.available(self.object, self.request.user)}


class ObjectionStepView(StepView):
    model = Objection
    workflow = ObjectionWorkflow


class ObjectionFileView(ScopedMixin, generic.View):
    model = Objection

    def get(self, request, pk):
        from django.http import FileResponse

        objection = get_object_or_404(Objection.objects.visible_to(request.user), pk=pk)
        if not objection.attachment:
            raise Http404
        return FileResponse(objection.attachment.open("rb"), as_attachment=True,
                            filename=objection.attachment.name.rsplit("/", 1)[-1])


# ---------------------------------------------------------------- titles

class TitleTable(tables.Table):
    subject = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name="示范单位",
                            order_by=("subject__name",))
    city = tables.Column(verbose_name="市（州）", order_by=("city__code",))
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = DemonstrationTitle
        fields = ["subject", "kind", "city", "certificate_number", "valid_from", "valid_until", "status"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_city(self, value):
        return value.name

    def render_status(self, record):
        return badge(record.get_status_display(), record.status_tone)


class TitleListView(UnitAccess, ScopedListView):
    model = DemonstrationTitle
    table_class = TitleTable
    filterset_class = TitleFilter
    empty_text = "本区域尚无示范单位。"

    def get_queryset(self):
        return super().get_queryset().select_related("subject", "city")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "示范单位"}


class TitleDetailView(UnitAccess, ScopedDetailView):
    model = DemonstrationTitle
    template_name = "honours/title_detail.html"
    breadcrumbs = (("示范单位", reverse_lazy("honours:title_list")),)

    def get_queryset(self):
        return super().get_queryset().select_related("subject", "region", "naming", "certificate")

    def get_context_data(self, **kwargs):
        title = self.object
        return {**super().get_context_data(**kwargs), "title": str(title),
                "can_revoke": bool(TitleWorkflow.available(title, self.request.user)), "form": RevokeForm(),
                "revocation": getattr(title, "revocation", None) if hasattr(title, "revocation") else None,
                "rereviews": title.rereviews.all()}


class TitleRevokeView(LoginRequiredMixin, generic.View):
    model = DemonstrationTitle

    def post(self, request, pk):
        title = get_object_or_404(DemonstrationTitle.objects.visible_to(request.user), pk=pk)
        form = RevokeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(e[0] for e in form.errors.values()))
            return redirect(title.get_absolute_url())
        try:
            TitleWorkflow.perform(title, "revoke", request.user, reason=form.cleaned_data["reason"],
                                  cause=form.cleaned_data["cause"])
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已撤销命名，撤销通知正在生成。")
        return redirect(title.get_absolute_url())


class TitleCertificateView(LoginRequiredMixin, generic.View):
    model = DemonstrationTitle

    def post(self, request, pk):
        title = get_object_or_404(DemonstrationTitle.objects.visible_to(request.user), pk=pk)
        if request.user.kind != "staff":
            raise PermissionDenied
        doc = services.certificate_for(title, request.user)
        messages.success(request, "证书已生成。" if doc.status == "done" else "证书正在生成，完成后可在此下载。")
        return redirect(title.get_absolute_url())


class NationalListView(TitleListView):
    """全国推荐: drawn only from provincial titles that are held now (valid, or under re-review)."""

    template_name = "honours/national_list.html"

    def get_queryset(self):
        return super().get_queryset().valid()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "全国推荐备选名单（有效的省级示范单位）"}


class NationalExportView(NationalListView):
    def get(self, request, *args, **kwargs):
        from apps.core.exports import export_response

        from .exporting import NationalExporter

        return export_response(NationalExporter, request)


# ---------------------------------------------------------------- re-reviews

class ReReviewTable(tables.Table):
    title = tables.Column(verbose_name="示范单位", orderable=False, linkify=lambda record: record.get_absolute_url())
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = ReReview
        fields = ["title", "due_on", "status", "submitted_at", "decided_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_title(self, value):
        return value.subject.name

    def render_status(self, record):
        return badge(record.get_status_display(), record.status_tone)


class ReReviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReReview.Status.choices, label="状态")

    class Meta:
        model = ReReview
        fields = ["status"]


class ReReviewListView(UnitAccess, ScopedListView):
    model = ReReview
    table_class = ReReviewTable
    filterset_class = ReReviewFilter
    empty_text = "暂无复核。命名满三年的示范单位由每日任务自动启动复核。"

    def get_queryset(self):
        return super().get_queryset().select_related("title__subject")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "示范称号复核"}


class ReReviewDetailView(UnitAccess, ScopedDetailView):
    model = ReReview
    template_name = "honours/rereview_detail.html"
    breadcrumbs = (("复核", reverse_lazy("honours:rereview_list")),)

    def get_queryset(self):
        return super().get_queryset().select_related("title__subject", "assessment")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": str(self.object),
                "steps": ReReviewWorkflow.available(self.object, self.request.user)}


class ReReviewStepView(StepView):
    model = ReReview
    workflow = ReReviewWorkflow
