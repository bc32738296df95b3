"""评价评估: indicator systems (versioned, immutable once published), assessments of every kind with
per-indicator items and evidence, third-party agencies, workers' satisfaction ballots and spot checks."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import Max
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
from apps.enterprises.models import CAMPAIGN_YEARS, Subject


def default_grades():
    return [{"grade": "AAA", "min": 90}, {"grade": "AA", "min": 85}, {"grade": "A", "min": 80}]


class IndicatorSetQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status=IndicatorSet.Status.PUBLISHED)

    def current_for(self, subject_kind):
        """The newest published version for a kind of subject (what a new assessment uses)."""
        return self.published().filter(subject_kind=subject_kind).order_by("-version").first()


class IndicatorSet(models.Model):
    """评价指标体系: one version of the sheet for one kind of subject. Published versions never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    STATUS_TONES = {"draft": "warning", "published": "success"}

    subject_kind = models.CharField("适用主体", max_length=12, choices=Subject.Kind.choices)
    version = models.PositiveIntegerField("版本号")
    name = models.CharField("名称", max_length=120)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="制定单位区划", help_text="通常为湖北省（省三方办制定）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    total_points = models.DecimalField("总分", max_digits=6, decimal_places=1, default=100)
    pass_mark = models.DecimalField("达标分数线", max_digits=6, decimal_places=1, default=80,
                                    help_text="最终得分不低于此分数且无一票否决情形方为达标")
    grade_thresholds = models.JSONField("等级划分", default=default_grades, blank=True,
                                        help_text='如 [{"grade": "AAA", "min": 90}, {"grade": "AA", "min": 85}]')
    satisfaction_threshold = models.PositiveSmallIntegerField(
        "职工满意度否决线（%）", default=60, help_text="职工满意率低于此比例，评估不能达标")
    ballot_turnout = models.PositiveSmallIntegerField(
        "测评有效参与率（%）", default=60, help_text="参与测评的职工达到此比例，测评结果方为有效")
    notes = models.TextField("说明", blank=True, default="")
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="由此版本复制")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="发布人")
    history = HistoricalRecords()

    objects = IndicatorSetQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "评价指标体系"
        ordering = ["subject_kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["subject_kind", "version"], name="indicator_set_version")]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    @property
    def status_tone(self):
        return self.STATUS_TONES[self.status]

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    def grade_for(self, total):
        for row in sorted(self.grade_thresholds or [], key=lambda r: -Decimal(str(r["min"]))):
            if total >= Decimal(str(row["min"])):
                return row["grade"]
        return ""

    def scored_indicators(self):
        return self.indicators.filter(parent__isnull=False)

    def problems(self):
        """Why this draft cannot be published (empty list: it can)."""
        problems = []
        aspects = list(self.indicators.filter(parent__isnull=True).prefetch_related("children"))
        if not aspects:
            problems.append("尚未设置一级指标。")
        points = Decimal(0)
        for aspect in aspects:
            children = list(aspect.children.all())
            if not children:
                problems.append(f"一级指标“{aspect.name}”下没有二级指标。")
            points += sum((c.max_points for c in children), Decimal(0))
        if points != self.total_points:
            problems.append(f"二级指标分值合计 {points} 分，与总分 {self.total_points} 分不一致。")
        if self.pass_mark > self.total_points:
            problems.append("达标分数线高于总分。")
        return problems

    @transaction.atomic
    def new_version(self, user):
        """Copy this set (and all its indicators) into a new draft with the next version number."""
        version = (IndicatorSet.objects.filter(subject_kind=self.subject_kind).aggregate(v=Max("version"))["v"]
                   or 0) + 1
        copy = IndicatorSet.objects.create(
            subject_kind=self.subject_kind, version=version, name=self.name, region=self.region,
            total_points=self.total_points, pass_mark=self.pass_mark, grade_thresholds=self.grade_thresholds,
            satisfaction_threshold=self.satisfaction_threshold, ballot_turnout=self.ballot_turnout,
            notes=self.notes, based_on=self)
        for aspect in self.indicators.filter(parent__isnull=True).prefetch_related("children"):
            new_aspect = aspect.copy_to(copy, None)
            for child in aspect.children.all():
                child.copy_to(copy, new_aspect)
        return copy


class IndicatorQuerySet(ScopedQuerySet):
    pass


class Indicator(models.Model):
    """A first-level (aspect, no parent) or second-level (scored item) indicator of one set version."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="indicators",
                                      verbose_name="指标体系")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name="上级指标")
    code = models.CharField("编号", max_length=12)
    name = models.CharField("指标名称", max_length=200)
    guidance = models.TextField("评价要点", blank=True, default="")
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=1, default=0,
                                     help_text="一票否决项分值为 0")
    scoring_rule = models.TextField("评分规则", blank=True, default="")
    is_veto = models.BooleanField("一票否决项", default=False,
                                  help_text="存在此情形的，无论总分多少均不达标")
    evidence_required = models.BooleanField("须上传佐证材料", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = IndicatorQuerySet.as_manager()
    scope_region_path = "indicator_set__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "评价指标"
        ordering = ["indicator_set", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_once")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        old_parent = Indicator.objects.filter(pk=self.pk).values_list("parent_id", flat=True).first() if self.pk else None
        super().save(*args, **kwargs)
        for parent_id in {self.parent_id, old_parent} - {None}:
            Indicator.refresh_points(parent_id)

    def delete(self, *args, **kwargs):
        parent_id = self.parent_id
        result = super().delete(*args, **kwargs)
        if parent_id:
            Indicator.refresh_points(parent_id)
        return result

    @property
    def level(self):
        return 1 if self.parent_id is None else 2

    @staticmethod
    def refresh_points(aspect_id):
        """A first-level indicator's points are the sum of its items'."""
        total = Indicator.objects.filter(parent_id=aspect_id).aggregate(t=models.Sum("max_points"))["t"] or 0
        Indicator.objects.filter(pk=aspect_id).update(max_points=total)

    def copy_to(self, indicator_set, parent):
        return Indicator.objects.create(
            indicator_set=indicator_set, parent=parent, code=self.code, name=self.name, guidance=self.guidance,
            max_points=self.max_points, scoring_rule=self.scoring_rule, is_veto=self.is_veto,
            evidence_required=self.evidence_required, order=self.order)


class AgencyQuerySet(ScopedQuerySet):
    pass


class Agency(models.Model):
    """第三方评估机构, registered by a province or city office; its accounts see only assigned sheets."""

    name = models.CharField("机构名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    contact_person = models.CharField("联系人", max_length=50, blank=True, default="")
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, default="")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="登记单位区划")
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="agency", editable=False)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "第三方评估机构"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The agency's object grants are held by one group: every account of the agency joins it.
        if self.group_id is None:
            self.group = Group.objects.create(name=f"第三方机构-{secrets.token_hex(6)}")
        super().save(*args, **kwargs)

    def add_account(self, user):
        user.kind = user.Kind.AGENCY
        user.agency = self
        user.office = None
        user.save()
        user.groups.add(self.group)


class AssessmentQuerySet(ScopedQuerySet):
    def concluded(self):
        return self.filter(status__in=Assessment.CONCLUDED)


class Assessment(models.Model):
    """A score sheet of one subject for one year and one kind, on one indicator-set version."""

    class Kind(models.TextChoices):
        SELF = "self", "自评"
        TRIPARTITE = "tripartite", "三方评估"
        THIRD_PARTY = "third_party", "第三方评估"

    class Status(models.TextChoices):
        DRAFT = "draft", "填报中"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        PASSED = "passed", "达标"
        NOT_PASSED = "not_passed", "未达标"
        VETOED = "vetoed", "一票否决"

    CONCLUDED = (Status.PASSED, Status.NOT_PASSED, Status.VETOED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    STATUS_TONES = {"draft": "secondary", "submitted": "info", "returned": "warning", "passed": "success",
                    "not_passed": "danger", "vetoed": "danger"}

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="assessments",
                                verbose_name="创建主体")
    # the subject's region, copied so that area filters and provincial tables need no join through the
    # 200,000 subjects (kept in step by signals in apps.py when an enterprise or subject moves)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划", editable=False)
    year = models.PositiveSmallIntegerField("年度", choices=CAMPAIGN_YEARS)
    kind = models.CharField("评估类型", max_length=12, choices=Kind.choices, default=Kind.SELF)
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="assessments",
                                      verbose_name="指标体系版本")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="assessments", verbose_name="第三方机构")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField("自评得分", max_digits=6, decimal_places=1, null=True, blank=True)
    final_total = models.DecimalField("最终得分", max_digits=6, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等级", max_length=10, blank=True, default="")
    veto_failed = models.BooleanField("触发一票否决", default=False)
    return_reason = models.TextField("退回理由", blank=True, default="")
    conclusion = models.TextField("评估意见", blank=True, default="")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    concluded_at = models.DateTimeField("结论时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()
    scope_region_path = "region__path"
    scope_enterprise = "subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "评估表"
        ordering = ["-year", "-updated_at"]
        permissions = [("review_assessment", "审核评估表"), ("assign_agency", "委托第三方评估"),
                       ("manage_spotcheck", "组织抽查")]
        constraints = [models.UniqueConstraint(fields=["subject", "year", "kind", "agency"],
                                               name="assessment_once", nulls_distinct=False)]
        indexes = [models.Index(fields=["year", "kind", "status"], name="assessment_year_kind_status"),
                   models.Index(fields=["year", "kind", "region"], name="assessment_year_kind_region"),
                   models.Index(fields=["subject", "year"], name="assessment_subject_year")]

    def __str__(self):
        return f"{self.subject} · {self.year}年{self.get_kind_display()}"

    @property
    def status_tone(self):
        return self.STATUS_TONES[self.status]

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_concluded(self):
        return self.status in self.CONCLUDED

    @property
    def needs_ballot(self):
        return self.kind == self.Kind.SELF and self.subject.kind == Subject.Kind.ENTERPRISE

    def self_assessment(self):
        """For a third-party or tripartite sheet: the subject's own self-assessment of the year."""
        if self.kind == self.Kind.SELF:
            return None
        return Assessment.objects.filter(subject_id=self.subject_id, year=self.year,
                                         kind=self.Kind.SELF).first()

    @classmethod
    @transaction.atomic
    def start(cls, subject, year, kind, user, agency=None, indicator_set=None):
        """Open a sheet on the current published set, with one empty item per scored indicator."""
        indicator_set = indicator_set or IndicatorSet.objects.current_for(subject.kind)
        if indicator_set is None:
            raise ValueError(f"尚无已发布的{Subject.Kind(subject.kind).label}评价指标体系。")
        assessment, created = cls.objects.get_or_create(
            subject=subject, year=year, kind=kind, agency=agency,
            defaults={"indicator_set": indicator_set, "created_by": user, "region_id": subject.region_id})
        if created:
            AssessmentItem.objects.bulk_create(
                [AssessmentItem(assessment=assessment, indicator=i) for i in indicator_set.scored_indicators()])
        return assessment


class AssessmentItemQuerySet(ScopedQuerySet):
    pass


class AssessmentItem(models.Model):
    """One indicator on one sheet: the filler's score, the reviewer's score, the final score.

    A veto indicator carries no points: the filler and the reviewer say whether the veto situation
    exists (`self_veto` / `review_veto`, True = 存在否决情形)."""

    class ReviewStatus(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "采纳"
        ADJUSTED = "adjusted", "调整"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items",
                                   verbose_name="评估表")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="指标")
    self_score = models.DecimalField("自评分", max_digits=5, decimal_places=1, null=True, blank=True)
    self_veto = models.BooleanField("存在否决情形（自评）", null=True, blank=True)
    explanation = models.TextField("自评说明", blank=True, default="")
    review_status = models.CharField("审核", max_length=10, choices=ReviewStatus.choices,
                                     default=ReviewStatus.PENDING)
    review_score = models.DecimalField("审核分", max_digits=5, decimal_places=1, null=True, blank=True)
    review_veto = models.BooleanField("存在否决情形（审核）", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True, default="")
    history = HistoricalRecords()

    objects = AssessmentItemQuerySet.as_manager()
    scope_region_path = "assessment__region__path"
    scope_enterprise = "assessment__subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "评估项"
        ordering = ["indicator__order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="item_once")]

    def __str__(self):
        return f"{self.assessment} · {self.indicator.code}"

    @property
    def is_answered(self):
        return (self.self_veto is not None) if self.indicator.is_veto else (self.self_score is not None)

    @property
    def final_score(self):
        if self.review_status == self.ReviewStatus.ADJUSTED:
            return self.review_score
        return self.self_score

    @property
    def final_veto(self):
        if self.review_status == self.ReviewStatus.ADJUSTED and self.review_veto is not None:
            return self.review_veto
        return self.self_veto


def evidence_path(instance, filename):
    return f"evidence/{instance.item.assessment_id}/{secrets.token_hex(8)}-{filename[-80:]}"


class EvidenceQuerySet(ScopedQuerySet):
    pass


class Evidence(models.Model):
    """佐证材料 of one item; its type is checked from the content (magic bytes), not only the name."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="evidence",
                             verbose_name="评估项")
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    file_type = models.CharField("类型", max_length=8)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()
    scope_region_path = "item__assessment__region__path"
    scope_enterprise = "item__assessment__subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class SatisfactionBallot(models.Model):
    """职工满意度测评 of one self-assessment: a paper result with its minutes, or an online ballot."""

    class Method(models.TextChoices):
        PAPER = "paper", "线下纸质测评"
        ONLINE = "online", "线上匿名测评"

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="ballot",
                                      verbose_name="评估表")
    method = models.CharField("测评方式", max_length=8, choices=Method.choices)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    eligible = models.PositiveIntegerField("应参加职工人数")
    respondents = models.PositiveIntegerField("实际参加人数", default=0)
    satisfied = models.PositiveIntegerField("满意（含基本满意）人数", default=0)
    held_on = models.DateField("测评日期", null=True, blank=True)
    minutes = models.FileField("测评会议记录", upload_to="ballot-minutes/", blank=True, max_length=200)
    deadline = models.DateTimeField("截止时间", null=True, blank=True,
                                    help_text="线上测评到此时间自动结束；县（市、区）三方办也可提前结束")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "职工满意度测评"

    def __str__(self):
        return f"{self.assessment} · 满意度测评"

    @property
    def turnout(self):
        return Decimal(self.respondents * 100) / self.eligible if self.eligible else Decimal(0)

    @property
    def satisfaction(self):
        return Decimal(self.satisfied * 100) / self.respondents if self.respondents else Decimal(0)

    @property
    def is_valid(self):
        """The result counts only when it is final and enough workers answered: at least two thirds of the
        workers (as the workers' congress rules require) and at least the indicator set's turnout."""
        if self.method == self.Method.ONLINE and self.status != self.Status.CLOSED:
            return False
        return self.respondents * 3 >= self.eligible * 2 and self.turnout >= self.assessment.indicator_set.ballot_turnout

    @property
    def results_visible(self):
        """Answers (satisfied count, per-question tallies) are shown only once the ballot is closed: a live tally
        of a few answers would tell who answered what."""
        return self.status == self.Status.CLOSED

    @property
    def is_satisfied(self):
        return self.is_valid and self.satisfaction >= self.assessment.indicator_set.satisfaction_threshold


class BallotCode(models.Model):
    """A one-time anonymous code. Whether it was used is all it records: no answer points to it."""

    ballot = models.ForeignKey(SatisfactionBallot, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField("测评码", max_length=12, unique=True)
    used = models.BooleanField("已使用", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "测评码"

    def __str__(self):
        return self.code


class BallotAnswer(models.Model):
    """One worker's answers, kept apart from the codes (no code, no time, no user)."""

    ballot = models.ForeignKey(SatisfactionBallot, on_delete=models.CASCADE, related_name="answers")
    answers = models.JSONField("答卷")
    satisfied = models.BooleanField("总体满意")

    class Meta:
        verbose_name = verbose_name_plural = "测评答卷"

    def __str__(self):
        return f"答卷 {self.pk}"


class SpotCheckQuerySet(ScopedQuerySet):
    pass


class SpotCheck(models.Model):
    """抽查: a sample drawn by proportion with a recorded seed, so the draw can be reproduced."""

    class Target(models.TextChoices):
        SUBJECTS = "subjects", "已评估的创建主体"
        LOCALITIES = "localities", "县（市、区）"

    year = models.PositiveSmallIntegerField("年度", choices=CAMPAIGN_YEARS)
    target = models.CharField("抽查对象", max_length=12, choices=Target.choices, default=Target.SUBJECTS)
    proportion = models.DecimalField("抽查比例（%）", max_digits=5, decimal_places=2)
    seed = models.BigIntegerField("随机种子")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="组织单位区划")
    population = models.PositiveIntegerField("总体数量", default=0)
    title = models.CharField("名称", max_length=120)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name="抽取人")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = SpotCheckQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "抽查"
        ordering = ["-drawn_at"]

    def __str__(self):
        return self.title


class SpotCheckItemQuerySet(ScopedQuerySet):
    pass


class SpotCheckItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", "待核查"
        CONFIRMED = "confirmed", "情况属实"
        DISCREPANCY = "discrepancy", "存在问题"

    RESULT_TONES = {"pending": "secondary", "confirmed": "success", "discrepancy": "danger"}

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="items",
                                   verbose_name="抽查")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name="创建主体")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划")
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name="核查人")
    result = models.CharField("核查结果", max_length=12, choices=Result.choices, default=Result.PENDING)
    findings = models.TextField("核查发现", blank=True, default="")
    checked_on = models.DateField("核查日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = SpotCheckItemQuerySet.as_manager()
    scope_region_path = "spot_check__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "抽查对象"
        ordering = ["region__code", "pk"]

    def __str__(self):
        return str(self.subject or self.region)

    @property
    def result_tone(self):
        return self.RESULT_TONES[self.result]
