"""风险预警: risk reports about enterprises, filed by coordinators and offices, handled through their workflow
(apps/risks/workflow.py), escalated when overdue (apps/risks/services.py), and read by the honours, evaluations
and exchange apps.

The tables were moved here from apps.coordinators (risks/migrations/0001 and 0002): same rows, same ids, same
content types (their app_label moved), so permissions, object grants and history followed.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet


class RiskReportQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status=RiskReport.Status.RESOLVED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class RiskReport(models.Model):
    """风险预警: a risk at an enterprise, reported → handling → resolved, escalating when overdue."""

    class Category(models.TextChoices):
        WAGE_ARREARS = "wage_arrears", "欠薪"
        LAYOFF = "layoff", "裁员"
        SHUTDOWN = "shutdown", "停工停产"
        COLLECTIVE_DISPUTE = "collective_dispute", "集体劳动争议"
        SOCIAL_INSURANCE = "social_insurance", "社保欠缴"
        OTHER = "other", "其他"

    class Severity(models.TextChoices):
        GENERAL = "general", "一般"
        SERIOUS = "serious", "较大"
        MAJOR = "major", "重大"

    class Status(models.TextChoices):
        REPORTED = "reported", "已上报"
        HANDLING = "handling", "处置中"
        RESOLVED = "resolved", "已化解"

    SEVERITY_TONES = {"general": "info", "serious": "warning", "major": "danger"}
    STATUS_TONES = {"reported": "warning", "handling": "primary", "resolved": "success"}
    # days allowed before the next step is due, by severity
    DUE_DAYS = {"general": 7, "serious": 3, "major": 1}
    ESCALATION_LEVELS = ["county", "city", "province"]

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="risk_reports",
                                   verbose_name="涉及企业",
                                   error_messages={"invalid_choice": "所选企业不在您的管辖区域内，不能上报。"})
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="risk_reports",
                               verbose_name="所在区划", editable=False)
    category = models.CharField("风险类别", max_length=20, choices=Category.choices)
    people_affected = models.PositiveIntegerField("涉及人数")
    amount = models.DecimalField("涉及金额（万元）", max_digits=12, decimal_places=2, default=0)
    severity = models.CharField("风险等级", max_length=8, choices=Severity.choices)
    description = models.TextField("风险情况")
    actions_taken = models.TextField("已采取措施", blank=True, default="")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="上报人", editable=False)
    coordinator = models.ForeignKey("coordinators.Coordinator", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="risk_reports", verbose_name="发现协调员")
    status = models.CharField("处置状态", max_length=10, choices=Status.choices, default=Status.REPORTED)
    due_date = models.DateField("办理时限", editable=False)
    escalation = models.CharField("督办层级", max_length=10, default="county", editable=False,
                                  choices=[("county", "县级"), ("city", "市级"), ("province", "省级")])
    last_escalated_on = models.DateField("最近升级日期", null=True, blank=True, editable=False)
    reported_at = models.DateTimeField("上报时间", auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField("化解时间", null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = RiskReportQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "风险预警"
        ordering = ["-reported_at"]
        permissions = [("handle_riskreport", "可受理处置风险"), ("resolve_riskreport", "可办结风险")]
        indexes = [models.Index(fields=["status", "due_date"], name="risk_status_due")]

    def __str__(self):
        return f"{self.enterprise} · {self.get_category_display()}"

    @property
    def severity_tone(self):
        return self.SEVERITY_TONES[self.severity]

    @property
    def status_tone(self):
        return self.STATUS_TONES[self.status]

    @property
    def is_overdue(self):
        return self.status != self.Status.RESOLVED and self.due_date < timezone.localdate()

    def default_due_date(self, today=None):
        return (today or timezone.localdate()) + datetime.timedelta(days=self.DUE_DAYS[self.severity])


class RiskEvent(models.Model):
    """One step of a risk report's workflow: who moved it, from where to where, why, and the new due date."""

    report = models.ForeignKey(RiskReport, on_delete=models.CASCADE, related_name="events", verbose_name="风险")
    from_status = models.CharField("原状态", max_length=10, blank=True, default="")
    to_status = models.CharField("新状态", max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="操作人")
    note = models.TextField("处置说明")
    due_date = models.DateField("办理时限", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "风险处置记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id} {self.from_status}→{self.to_status}"


    def status_label(self, value):
        return RiskReport.Status(value).label if value in RiskReport.Status.values else value

    @property
    def from_label(self):
        return self.status_label(self.from_status) if self.from_status else "—"

    @property
    def to_label(self):
        if self.to_status == "escalated":
            return "升级督办"
        return self.status_label(self.to_status)
