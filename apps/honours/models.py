"""示范创建: the biennial selection of demonstration enterprises and parks, from application to naming,
the titles it confers, their three-year re-review and their revocation.

A `SelectionRound` is province-wide (every office and every enterprise may read it); every row below it
belongs to one creating unit (`Subject`) and is scoped through the unit's region, copied onto the row
(`region`), as assessments do, so that area filters need no join through 200,000 subjects.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
from apps.enterprises.models import Subject

from . import stages

TITLE_YEARS = 3  # a demonstration title is valid three years, then re-reviewed


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def city_of(region):
    """The city-level unit (市、州、省直管市、林区) a region lies in, as its code (path's second segment)."""
    parts = [p for p in region.path.split("/") if p]
    return parts[1] if len(parts) > 1 else None


class ProvinceWideQuerySet(ScopedQuerySet):
    """Rows the whole province works on (a round, a naming): every active user may read them;
    who may change them is the workflow's business."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self


class SelectionRound(models.Model):
    """创建命名活动: one biennial round for one kind of unit (enterprises or parks)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "示范企业"
        PARK = "park", "示范工业园区"

    # the stages are data (apps/honours/stages.py): the enum below is generated from the spec, for code that
    # names a stage (R.PUBLICITY); the field's choices read the spec at call time
    Stage = models.TextChoices("Stage", [(s.value.upper(), (s.value, s.label)) for s in stages.STAGES])

    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.ENTERPRISE)
    name = models.CharField("名称", max_length=100, help_text="如 2027年度湖北省和谐劳动关系创建示范企业评选")
    stage = models.CharField("阶段", max_length=16, choices=stages.stage_choices, default=Stage.DRAFT)
    total_quota = models.PositiveIntegerField("命名总名额", default=100,
                                              help_text="示范企业一般 100 家，示范工业园区 10 家左右")
    # the round's conditions
    assessment_year = models.PositiveSmallIntegerField(
        "评估年度", help_text="申报须有该年度已达标、无一票否决的评估结论（当期创建周期）")
    min_score = models.DecimalField("最低得分", max_digits=5, decimal_places=1, null=True, blank=True,
                                    help_text="可选：连续若干年评估得分不低于该分数")
    min_score_years = models.PositiveSmallIntegerField("连续年数", default=1,
                                                       help_text="与最低得分一同使用：连续达到的年数")
    publicity_days = models.PositiveSmallIntegerField("公示期（工作日）", default=7)
    keep_reserve = models.BooleanField("市级保留候补", default=True,
                                       help_text="公示中有候选单位退出时，可由所在市（州）的候补递补")
    drop_extremes = models.BooleanField("去掉最高分和最低分", default=False,
                                        help_text="专家评分汇总时去掉一个最高分和一个最低分后取平均")
    criteria = models.JSONField("评审项目", default=list, blank=True,
                                help_text='专家评分项，如 [{"name": "劳动关系协调机制", "max": 30}]')
    # stage deadlines (a step after its stage's deadline is refused)
    apply_deadline = models.DateField("申报截止")
    recommend_deadline = models.DateField("县级推荐截止")
    city_review_deadline = models.DateField("市级审核截止")
    expert_deadline = models.DateField("专家评审截止")
    decision_deadline = models.DateField("省级审定截止")
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ProvinceWideQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "创建命名活动"
        ordering = ["-year", "kind"]
        permissions = [("manage_round", "组织创建命名活动"), ("recommend_application", "推荐示范申报"),
                       ("review_application", "审核示范申报"), ("decide_round", "审定、公示和命名"),
                       ("handle_objection", "核查公示异议"), ("decide_rereview", "复核与撤销命名")]
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="round_once_a_year")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("honours:round_detail", args=[self.pk])

    @property
    def stage_tone(self):
        return stages.tone_of(self.stage)

    def get_stage_display(self):
        return stages.label_of(self.stage)

    @property
    def subject_kind(self):
        return Subject.Kind.ENTERPRISE if self.kind == self.Kind.ENTERPRISE else Subject.Kind.PARK

    def deadline_of(self, stage):
        return stages.deadline_of(self, stage)


class CityQuotaQuerySet(ScopedQuerySet):
    pass


class CityQuota(models.Model):
    """The share of a round's places given to one of the 17 city-level units."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="quotas",
                              verbose_name="活动")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name="市（州）", limit_choices_to={"level": "city"})
    quota = models.PositiveIntegerField("推荐名额")
    reserve = models.PositiveIntegerField("候补名额", default=0)
    history = HistoricalRecords()

    objects = CityQuotaQuerySet.as_manager()
    scope_region_path = "city__path"

    class Meta:
        verbose_name = verbose_name_plural = "市（州）名额"
        ordering = ["round", "city__code"]
        constraints = [models.UniqueConstraint(fields=["round", "city"], name="quota_once_per_city")]

    def __str__(self):
        return f"{self.round} · {self.city}：{self.quota} 个"


class ApplicationQuerySet(ScopedQuerySet):
    def candidates(self):
        return self.filter(status=Application.Status.SELECTED)


def commitment_path(instance, filename):
    return f"honours/{instance.round_id}/commitments/{filename}"


class Application(models.Model):
    """申报: one unit's application in one round, carried through every stage up to its naming."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已申报"
        RECOMMENDED = "recommended", "县级已推荐"
        NOT_RECOMMENDED = "not_recommended", "县级未推荐"
        APPROVED = "approved", "市级审核通过"
        RESERVE = "reserve", "市级候补"
        CITY_REJECTED = "city_rejected", "市级未通过"
        SELECTED = "selected", "拟命名（公示中）"
        NOT_SELECTED = "not_selected", "未入选"
        WITHDRAWN = "withdrawn", "公示后取消"
        NAMED = "named", "已命名"

    STATUS_TONES = {"submitted": "info", "recommended": "info", "not_recommended": "secondary",
                    "approved": "primary", "reserve": "warning", "city_rejected": "secondary",
                    "selected": "primary", "not_selected": "secondary", "withdrawn": "danger",
                    "named": "success"}

    round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="applications",
                              verbose_name="活动")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="honour_applications",
                                verbose_name="申报单位")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划", editable=False)
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name="所属市（州）", editable=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    assessment = models.ForeignKey("evaluations.Assessment", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="依据的评估结论")
    assessment_score = models.DecimalField("评估得分", max_digits=6, decimal_places=1, null=True, blank=True)
    satisfaction = models.DecimalField("职工满意率（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    summary = models.TextField("创建工作简介", blank=True, default="")
    commitment = models.FileField("承诺书", upload_to=commitment_path, blank=True)
    form_document = models.ForeignKey("documents.GeneratedDocument", on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="+", verbose_name="申报表")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="申报人")
    submitted_at = models.DateTimeField("申报时间", auto_now_add=True)
    county_rank = models.PositiveIntegerField("县级推荐排序", null=True, blank=True)
    county_opinion = models.TextField("县级推荐意见", blank=True, default="")
    city_rank = models.PositiveIntegerField("市级排序", null=True, blank=True)
    city_opinion = models.TextField("市级审核意见", blank=True, default="")
    expert_score = models.DecimalField("专家评分", max_digits=6, decimal_places=2, null=True, blank=True)
    expert_rank = models.PositiveIntegerField("专家评审排名", null=True, blank=True)
    province_opinion = models.TextField("省级审定意见", blank=True, default="")
    risk_note = models.TextField("重大风险说明", blank=True, default="",
                                 help_text="单位有未化解的重大风险预警时，推荐、审核通过或审定须写明的理由")
    replaces = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="递补对象")
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()
    scope_region_path = "region__path"
    scope_enterprise = "subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "示范申报"
        ordering = ["round", "city__code", "city_rank", "county_rank", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "subject"], name="application_once_per_round")]
        indexes = [models.Index(fields=["round", "status"], name="application_round_status"),
                   models.Index(fields=["round", "city", "status"], name="application_round_city")]

    def __str__(self):
        return f"{self.subject} · {self.round.year}年申报"

    def get_absolute_url(self):
        return reverse("honours:application_detail", args=[self.pk])

    @property
    def status_tone(self):
        return self.STATUS_TONES.get(self.status, "secondary")


class ExpertAssignmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if user is not None and user.is_authenticated and user.is_active and user.kind == "expert":
            return self.filter(expert=user)
        return super().visible_to(user)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class ExpertAssignment(models.Model):
    """An expert assigned to one application (granted through django-guardian) and the expert's own score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="expert_assignments",
                                    verbose_name="申报")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="honour_assignments",
                               verbose_name="评审专家", limit_choices_to={"kind": "expert"})
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="分配人")
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)
    scores = models.JSONField("分项得分", default=dict, blank=True)
    total = models.DecimalField("合计", max_digits=6, decimal_places=1, null=True, blank=True)
    comment = models.TextField("评审意见", blank=True, default="")
    submitted_at = models.DateTimeField("评分提交时间", null=True, blank=True)
    history = HistoricalRecords()

    objects = ExpertAssignmentQuerySet.as_manager()
    scope_region_path = "application__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "专家评分"
        ordering = ["application", "expert__username"]
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="expert_once_per_application")]

    def __str__(self):
        return f"{self.application.subject} · {self.expert}"


def objection_path(instance, filename):
    return f"honours/objections/{instance.application.round_id}/{filename}"


class ObjectionQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=[Objection.Status.RECEIVED, Objection.Status.INVESTIGATING])


class Objection(models.Model):
    """异议: lodged by anyone during 公示 against one candidate; investigated and resolved before naming."""

    class Status(models.TextChoices):
        RECEIVED = "received", "已受理"
        INVESTIGATING = "investigating", "核查中"
        UPHELD = "upheld", "异议成立"
        DISMISSED = "dismissed", "异议不成立"

    STATUS_TONES = {"received": "warning", "investigating": "info", "upheld": "danger", "dismissed": "success"}

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections",
                                    verbose_name="被异议单位")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划", editable=False)
    name = models.CharField("姓名（可不填）", max_length=50, blank=True, default="")
    contact = models.CharField("联系方式", max_length=100)
    text = models.TextField("异议内容", max_length=5000)
    attachment = models.FileField("证明材料", upload_to=objection_path, blank=True)
    lodged_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RECEIVED)
    findings = models.TextField("核查情况", blank=True, default="")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="办理人")
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    history = HistoricalRecords()

    objects = ObjectionQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "公示异议"
        ordering = ["-lodged_at"]

    def __str__(self):
        return f"对{self.application.subject}的异议（{self.lodged_at:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("honours:objection_detail", args=[self.pk])

    @property
    def status_tone(self):
        return self.STATUS_TONES.get(self.status, "secondary")


class Naming(models.Model):
    """命名: the province's naming of a round, with its 文号; one per round."""

    round = models.OneToOneField(SelectionRound, on_delete=models.PROTECT, related_name="naming",
                                 verbose_name="活动")
    number = models.PositiveIntegerField("文号序号")
    doc_number = models.CharField("文号", max_length=60, unique=True, help_text="如 鄂劳三方〔2026〕3号")
    named_on = models.DateField("命名日期")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name="命名人")
    notice = models.ForeignKey("documents.GeneratedDocument", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="命名通知")
    certificates = models.ForeignKey("documents.GeneratedDocument", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", verbose_name="证书（全部）")
    history = HistoricalRecords()

    objects = ProvinceWideQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "命名"
        ordering = ["-named_on"]

    def __str__(self):
        return self.doc_number


class DemonstrationTitleQuerySet(ScopedQuerySet):
    def valid(self, on=None):
        on = on or datetime.date.today()
        return self.filter(status__in=DemonstrationTitle.HELD, valid_from__lte=on)

    def held_by(self, subject_ids, on=None):
        return self.valid(on).filter(subject_id__in=subject_ids)


class DemonstrationTitle(models.Model):
    """创建示范企业 / 示范工业园区: conferred by a naming, valid three years, then re-reviewed."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        UNDER_REVIEW = "under_review", "复核中"
        REVOKED = "revoked", "已撤销"

    HELD = (Status.VALID, Status.UNDER_REVIEW)  # a title under re-review is still held until decided
    STATUS_TONES = {"valid": "success", "under_review": "warning", "revoked": "danger"}

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="demonstration_titles",
                                verbose_name="示范单位")
    kind = models.CharField("类别", max_length=12, choices=SelectionRound.Kind.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划", editable=False)
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name="所属市（州）", editable=False)
    naming = models.ForeignKey(Naming, on_delete=models.PROTECT, related_name="titles", verbose_name="命名")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="title",
                                       verbose_name="申报")
    certificate_number = models.CharField("证书编号", max_length=40, unique=True)
    valid_from = models.DateField("命名日期")
    valid_until = models.DateField("复核日期", help_text="命名满三年之日，届时开展复核")
    status = models.CharField("状态", max_length=14, choices=Status.choices, default=Status.VALID)
    certificate = models.ForeignKey("documents.GeneratedDocument", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name="证书")
    history = HistoricalRecords()

    objects = DemonstrationTitleQuerySet.as_manager()
    scope_region_path = "region__path"
    scope_enterprise = "subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "示范称号"
        ordering = ["-valid_from", "city__code", "certificate_number"]
        indexes = [models.Index(fields=["status", "valid_until"], name="title_status_due"),
                   models.Index(fields=["subject", "status"], name="title_subject_status")]
        constraints = [models.UniqueConstraint(fields=["subject"], condition=Q(status__in=["valid", "under_review"]),
                                               name="one_held_title_per_subject")]

    def __str__(self):
        return f"{self.subject}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("honours:title_detail", args=[self.pk])

    @property
    def status_tone(self):
        return self.STATUS_TONES.get(self.status, "secondary")

    @property
    def is_held(self):
        return self.status in self.HELD


class TitleReminder(models.Model):
    """A re-review reminder sent once: the row is claimed (inserted) before anything is sent."""

    class Kind(models.TextChoices):
        D90 = "d90", "复核提前90天提醒"
        D30 = "d30", "复核提前30天提醒"
        DUE = "due", "复核启动通知"

    title = models.ForeignKey(DemonstrationTitle, on_delete=models.CASCADE, related_name="reminders",
                              verbose_name="示范称号")
    kind = models.CharField("提醒", max_length=4, choices=Kind.choices)
    due_on = models.DateField("复核日期")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    letter = models.ForeignKey("documents.GeneratedDocument", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="提醒函")

    objects = ScopedQuerySet.as_manager()
    scope_region_path = "title__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "复核提醒"
        constraints = [models.UniqueConstraint(fields=["title", "kind", "due_on"], name="reminder_once")]

    def __str__(self):
        return f"{self.title.subject} · {self.get_kind_display()}"


class ReReviewQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=[ReReview.Status.OPEN, ReReview.Status.SUBMITTED])


class ReReview(models.Model):
    """复核: opened when a title reaches three years; the unit re-submits an assessment, the province keeps or
    revokes the title."""

    class Status(models.TextChoices):
        OPEN = "open", "待提交"
        SUBMITTED = "submitted", "待审定"
        KEPT = "kept", "保留称号"
        REVOKED = "revoked", "撤销称号"

    STATUS_TONES = {"open": "warning", "submitted": "info", "kept": "success", "revoked": "danger"}

    title = models.ForeignKey(DemonstrationTitle, on_delete=models.PROTECT, related_name="rereviews",
                              verbose_name="示范称号")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划", editable=False)
    due_on = models.DateField("复核日期")
    opened_at = models.DateTimeField("启动时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    assessment = models.ForeignKey("evaluations.Assessment", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="复核评估")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decision = models.TextField("复核意见", blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="审定人")
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)
    history = HistoricalRecords()

    objects = ReReviewQuerySet.as_manager()
    scope_region_path = "region__path"
    scope_enterprise = "title__subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "复核"
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["title", "due_on"], name="rereview_once_per_due_date")]

    def __str__(self):
        return f"{self.title.subject} · {self.due_on:%Y}年复核"

    def get_absolute_url(self):
        return reverse("honours:rereview_detail", args=[self.pk])

    @property
    def status_tone(self):
        return self.STATUS_TONES.get(self.status, "secondary")


class Revocation(models.Model):
    """撤销命名: after a re-review, or on an event (a veto found in a spot check, a major risk report)."""

    class Cause(models.TextChoices):
        REREVIEW = "rereview", "复核未通过"
        SPOT_CHECK = "spot_check", "抽查发现一票否决情形"
        MAJOR_RISK = "major_risk", "发生重大劳动关系风险事件"
        OTHER = "other", "其他"

    title = models.OneToOneField(DemonstrationTitle, on_delete=models.PROTECT, related_name="revocation",
                                 verbose_name="示范称号")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划", editable=False)
    cause = models.CharField("撤销原因", max_length=12, choices=Cause.choices)
    reason = models.TextField("撤销理由")
    rereview = models.ForeignKey(ReReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="复核")
    doc_number = models.CharField("文号", max_length=60, blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="决定人")
    decided_on = models.DateField("撤销日期")
    notice = models.ForeignKey("documents.GeneratedDocument", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="撤销通知")
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "撤销命名"
        ordering = ["-decided_on"]

    def __str__(self):
        return f"撤销{self.title.subject}的命名"
