"""督办与报告: the plan's 26 tasks and their quarterly progress, annual summary reports and campaign
evaluations, the tripartite mechanism's records, local work plans and bulletins.

Every ledger here is scoped by a region path (apps/core/scoping.py), so what a county files is readable by its
city and the province above it, and by no one beside it.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.models import MemberUnit
from apps.core.scoping import ScopedQuerySet

LEVEL_WORDS = {"province": "省级", "city": "市（州）级", "county": "县（市、区）级", "township": "乡镇（街道）级"}
YEARS = [(y, f"{y}年") for y in range(2023, 2028)]
QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def attachment_path(instance, filename):
    import secrets

    return f"supervision/{type(instance).__name__.lower()}/{secrets.token_hex(8)}-{filename[-80:]}"


# ------------------------------------------------------------------------------------ the 26 tasks


class WorkTaskQuerySet(models.QuerySet):
    def for_office(self, office):
        """The tasks this office is responsible for (its level and member unit are named by the annex)."""
        return self.filter(levels__contains=[office.region.level], units__contains=[office.member_unit])


class WorkTask(models.Model):
    """One row of the annex (工作任务表), word for word; the same for the whole province, not area data."""

    number = models.PositiveSmallIntegerField("序号", unique=True)
    work_item = models.CharField("工作项目", max_length=40)
    task = models.TextField("工作任务")
    responsible = models.CharField("责任单位", max_length=40)
    deadline_text = models.CharField("完成时限", max_length=20)
    deadline = models.DateField("截止日期", null=True, blank=True, help_text="“长期”任务无截止日期")
    levels = ArrayField(models.CharField(max_length=10), verbose_name="报送层级", default=list)
    units = ArrayField(models.CharField(max_length=10), verbose_name="报送成员单位", default=list)

    objects = WorkTaskQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "工作任务"
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.task}"

    def get_absolute_url(self):
        return reverse("supervision:task_detail", args=[self.number])

    def is_overdue_on(self, day):
        return self.deadline is not None and day > self.deadline

    def is_for(self, office):
        return office is not None and office.region.level in self.levels and office.member_unit in self.units

    @property
    def level_words(self):
        return "、".join(LEVEL_WORDS[lv] for lv in self.levels)

    @property
    def unit_words(self):
        return "、".join(dict(MemberUnit.choices)[u] for u in self.units)


class TaskProgressQuerySet(ScopedQuerySet):
    def latest_per_office(self):
        return self.order_by("task_id", "office_id", "-year", "-quarter").distinct("task_id", "office_id")


class TaskProgress(models.Model):
    """A responsible office's quarterly progress on one task: what was done, its figures, its files."""

    class Status(models.TextChoices):
        ONGOING = "ongoing", "推进中"
        COMPLETED = "completed", "已完成"

    task = models.ForeignKey(WorkTask, on_delete=models.PROTECT, related_name="progress", verbose_name="工作任务")
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="task_progress",
                               verbose_name="报送单位")
    year = models.PositiveSmallIntegerField("年度", choices=YEARS)
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTERS)
    status = models.CharField("完成情况", max_length=10, choices=Status.choices, default=Status.ONGOING)
    text = models.TextField("进展情况")
    figures = models.JSONField("主要数据", default=list, blank=True)
    attachment = models.FileField("附件", upload_to=attachment_path, blank=True, max_length=200)
    attachment_name = models.CharField("附件名", max_length=200, blank=True, default="")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name="报送人")
    reported_at = models.DateTimeField("报送时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = TaskProgressQuerySet.as_manager()
    scope_region_path = "office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "任务进展"
        ordering = ["-year", "-quarter", "task__number"]
        constraints = [models.UniqueConstraint(fields=["task", "office", "year", "quarter"],
                                               name="task_progress_once_a_quarter")]
        indexes = [models.Index(fields=["year", "quarter", "task"], name="task_progress_quarter")]

    def __str__(self):
        return f"{self.task.number}号任务 {self.year}年{self.get_quarter_display()}进展"

    def get_absolute_url(self):
        return reverse("supervision:progress_detail", args=[self.pk])


# ------------------------------------------------------------------------------ annual reports


class AnnualReportQuerySet(ScopedQuerySet):
    def late_on(self, day):
        """Reports not submitted by their due date (late now, or submitted late)."""
        from django.db.models import Q
        from django.db.models.functions import Coalesce

        # lateness counts from the first submission: a report returned and sent back is not late for that
        sent = Coalesce("first_submitted_on", "submitted_on")
        return self.annotate(sent_on=sent).filter(Q(sent_on__isnull=True, due_on__lt=day)
                                                  | Q(sent_on__gt=models.F("due_on")))


class AnnualReport(models.Model):
    """年度总结评估报告 of one area (also the 2025 mid-term and 2027 final campaign evaluations).

    The figures are computed from the ledgers (dashboards' figure registry) and stored as the report states
    them; staff write only the narrative sections. Submitted to the level above, which returns it with reasons
    or accepts it (apps/supervision/workflow.py).
    """

    class Kind(models.TextChoices):
        ANNUAL = "annual", "年度总结评估报告"
        MIDTERM = "midterm", "中期评估报告"
        FINAL = "final", "总结评估报告"

    class Status(models.TextChoices):
        DRAFT = "draft", "起草中"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已通过"
    EDITABLE = (Status.DRAFT, Status.RETURNED)  # a draft or a returned one is edited (its policy too)

    STATUS_TONES = {"draft": "secondary", "submitted": "primary", "returned": "warning", "accepted": "success"}
    NARRATIVE = ("achievements", "practices", "problems", "next_steps")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="annual_reports",
                               verbose_name="报送地区")
    kind = models.CharField("报告类型", max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField("年度", choices=YEARS)
    period_start = models.DateField("统计起始日")
    period_end = models.DateField("统计截止日")
    due_on = models.DateField("报送截止日")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    figures = models.JSONField("统计数据（系统计算）", default=dict, blank=True)
    figures_computed_at = models.DateTimeField("数据计算时间", null=True, blank=True)
    achievements = models.TextField("工作开展情况和主要成效", blank=True, default="")
    practices = models.TextField("经验做法和典型案例", blank=True, default="")
    problems = models.TextField("存在的问题和不足", blank=True, default="")
    next_steps = models.TextField("下一步工作打算", blank=True, default="")
    drafted_at = models.DateTimeField("起草时间", default=timezone.now)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="报送人")
    first_submitted_on = models.DateField("首次报送日期", null=True, blank=True,
                                          help_text="逾期天数从首次报送起算，退回后再报送不重新计算")
    returns = models.PositiveSmallIntegerField("退回次数", default=0)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    return_reason = models.TextField("退回理由", blank=True, default="")
    history = HistoricalRecords(excluded_fields=["figures"])

    objects = AnnualReportQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "年度总结评估报告"
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "kind", "year"], name="annual_report_once")]
        permissions = [("submit_annualreport", "可报送年度总结评估报告"),
                       ("review_annualreport", "可审核下级年度总结评估报告"),
                       ("draft_annualreport", "可起草全省年度总结评估报告")]

    def __str__(self):
        return f"{self.region.full_name}{self.year}年{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("supervision:report_detail", args=[self.pk])

    @property
    def tone(self):
        return self.STATUS_TONES.get(self.status, "secondary")

    @property
    def reviewer_region_id(self):
        """The level above receives the report; the province's own report is accepted by the province."""
        return self.region.parent_id or self.region_id

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    def days_late(self, today=None):
        """Days past the due date: of the first submission (a return and resubmission does not make an
        on-time office late), or until today while never submitted (0 = on time)."""
        end = self.first_submitted_on or self.submitted_on or (today or timezone.localdate())
        return max(0, (end - self.due_on).days)

    @property
    def narrative_missing(self):
        return [str(self._meta.get_field(f).verbose_name) for f in self.NARRATIVE if not getattr(self, f).strip()]


# ------------------------------------------------------------------------ the tripartite mechanism (item 1)


class MeetingQuerySet(ScopedQuerySet):
    pass


class Meeting(models.Model):
    """A meeting of a level's tripartite committee or of its executive meeting, with its resolutions."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "三方委员会会议"
        EXECUTIVE = "executive", "三方执行会议"
        EXPERTS = "experts", "专家委员会会议"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="地区")
    kind = models.CharField("会议类型", max_length=10, choices=Kind.choices)
    held_on = models.DateField("会议日期")
    title = models.CharField("会议名称", max_length=120)
    attendee_units = ArrayField(models.CharField(max_length=10, choices=MemberUnit.choices),
                                verbose_name="出席成员单位", default=list)
    attendees = models.TextField("出席人员", blank=True, default="", help_text="按成员单位列出姓名和职务")
    resolutions = models.TextField("议定事项", help_text="会议研究决定的事项，每项一段")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name="记录人")
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "三方会议记录"
        ordering = ["-held_on"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:meeting_detail", args=[self.pk])

    @property
    def unit_labels(self):
        labels = dict(MemberUnit.choices)
        return [labels.get(u, u) for u in self.attendee_units]


class FollowUpActionQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=FollowUpAction.Status.OPEN)


class FollowUpAction(models.Model):
    """A follow-up action decided by a meeting: who owns it and by when (it joins the task board)."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        DONE = "done", "已办结"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name="会议")
    description = models.CharField("落实事项", max_length=300)
    owner = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+",
                              verbose_name="责任单位")
    due_on = models.DateField("完成时限")
    status = models.CharField("状态", max_length=6, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("办结日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = FollowUpActionQuerySet.as_manager()
    scope_region_path = "owner__region__path"  # the owner sees it, and every level above (the meeting's)

    class Meta:
        verbose_name = verbose_name_plural = "会议落实事项"
        ordering = ["due_on"]

    def __str__(self):
        return self.description

    def is_overdue_on(self, day):
        return self.status == self.Status.OPEN and day > self.due_on


class ExpertMemberQuerySet(ScopedQuerySet):
    def serving(self):
        return self.filter(active=True)


class ExpertMember(models.Model):
    """A member of the executive meeting's expert committee: a user of kind expert, so that selection rounds
    can assign experts from this roster."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_member",
                                verbose_name="专家账号")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="聘任地区")
    organization = models.CharField("工作单位", max_length=100)
    title = models.CharField("职务职称", max_length=60, blank=True, default="")
    specialty = models.CharField("研究领域", max_length=100, blank=True, default="")
    appointed_on = models.DateField("聘任日期")
    term_ends_on = models.DateField("聘期届满", null=True, blank=True)
    active = models.BooleanField("在聘", default=True)
    history = HistoricalRecords()

    objects = ExpertMemberQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "专家委员会成员"
        ordering = ["-active", "user__full_name"]

    def __str__(self):
        return str(self.user)


class AnalysisQuerySet(ScopedQuerySet):
    pass


class Analysis(models.Model):
    """形势分析研判 and 调查研究 reports, filed by an office and readable by every level above it."""

    class Kind(models.TextChoices):
        SITUATION = "situation", "形势分析研判"
        RESEARCH = "research", "调研报告"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="地区")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    title = models.CharField("标题", max_length=150)
    period = models.CharField("所涉期间", max_length=40, help_text="如 2026年第三季度")
    summary = models.TextField("主要内容")
    attachment = models.FileField("全文", upload_to=attachment_path, blank=True, max_length=200)
    attachment_name = models.CharField("全文文件名", max_length=200, blank=True, default="")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name="报送人")
    filed_at = models.DateTimeField("报送时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = AnalysisQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "形势分析与调研报告"
        ordering = ["-filed_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:analysis_detail", args=[self.pk])


# ------------------------------------------------------------------------------ local work plans


class WorkPlanQuerySet(ScopedQuerySet):
    pass


# 一、实施步骤 1–2: the province's plan by early June 2023, each locality's by early July 2023 (上旬 = the 10th)
PROVINCE_PLAN_DUE = datetime.date(2023, 6, 10)
LOCAL_PLAN_DUE = datetime.date(2023, 7, 10)


def plan_due_for(region):
    return PROVINCE_PLAN_DUE if region.level == "province" else LOCAL_PLAN_DUE


class WorkPlan(models.Model):
    """工作方案 of one area (province, city or county): uploaded once, lateness counted from its due date."""

    region = models.OneToOneField("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="地区")
    title = models.CharField("方案名称", max_length=150)
    doc_number = models.CharField("文号", max_length=60, blank=True, default="")
    issued_on = models.DateField("印发日期")
    attachment = models.FileField("方案全文", upload_to=attachment_path, max_length=200)
    attachment_name = models.CharField("文件名", max_length=200, blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = WorkPlanQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "工作方案"
        ordering = ["region__code"]

    def __str__(self):
        return self.title

    @property
    def due_on(self):
        return plan_due_for(self.region)

    @property
    def days_late(self):
        return max(0, (self.issued_on - self.due_on).days)


# ------------------------------------------------------------------------------------------ bulletins


class BulletinQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Bulletins of the user's area, and the published bulletins of every area above it (a city reads the
        province's bulletin once it is published)."""
        own = super().visible_to(user)
        path = getattr(user, "scope_path", None) if user is not None and user.is_authenticated else None
        if not path or not user.is_active:
            return own
        parts = path.strip("/").split("/")
        above = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
        return own | self.filter(status=Bulletin.Status.PUBLISHED, region__path__in=above)


class Bulletin(models.Model):
    """通报: the sub-areas of an area (cities under the province) ranked by key figures, published as an
    official document to the offices below."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已印发"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="印发地区")
    year = models.PositiveSmallIntegerField("年度", choices=YEARS)
    title = models.CharField("标题", max_length=150)
    doc_number = models.CharField("文号", max_length=60, help_text="如 鄂劳三方〔2026〕5号")
    opening = models.TextField("导语", blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    rankings = models.JSONField("排名（系统计算）", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name="起草人")
    published_at = models.DateTimeField("印发时间", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["rankings"])

    objects = BulletinQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-year", "-pk"]
        permissions = [("publish_bulletin", "可印发通报")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:bulletin_detail", args=[self.pk])
