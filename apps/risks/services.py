"""Filing a risk report and escalating overdue ones. (Every other state change of a risk is a step of
apps/risks/workflow.py, RiskWorkflow.)"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.coordinators.services import offices_users
from apps.documents.services import notify
from apps.regions.models import Region

from .models import RiskEvent, RiskReport


def region_chain(region):
    """The region's county, city and province rows (whatever exists above it), by code."""
    codes = region.path.strip("/").split("/")
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    chain = {}
    for code in codes:
        row = by_code[code]
        chain.setdefault(row.level, row)
    return chain


def _report_url(report):
    return reverse("risks:risk_detail", args=[report.pk])


def file_risk_report(form, user):
    """Save a new report from a validated form; a 重大 one notifies the city and province offices at once."""
    with transaction.atomic():
        report = form.save(commit=False)
        enterprise = report.enterprise
        if not type(enterprise).objects.visible_to(user).filter(pk=enterprise.pk).exists():
            raise PermissionDenied("所选企业不在您的管辖区域内，不能上报。")
        report.region = enterprise.region
        report.reported_by = user
        report.due_date = report.default_due_date()
        report.escalation = "county"
        report._change_reason = "上报风险"
        report.save()
        RiskEvent.objects.create(report=report, from_status="", to_status=report.status, actor=user,
                                 note=report.actions_taken or "上报风险", due_date=report.due_date)
        chain = region_chain(report.region)
        local = [chain[level] for level in ("county", "township") if level in chain]
        recipients = offices_users(local)
        level = "info"
        if report.severity == RiskReport.Severity.MAJOR:
            recipients += offices_users([chain[lv] for lv in ("city", "province") if lv in chain])
            level = "danger"
        recipients = [u for u in recipients if u.pk != user.pk]
        if recipients:
            notify(recipients, f"【{report.get_severity_display()}风险】{enterprise.name}：{report.get_category_display()}",
                   body=f"涉及{report.people_affected}人，金额{report.amount}万元。{report.description[:200]}",
                   url=_report_url(report), level=level)
    return report


def escalate_overdue(today=None):
    """Move every overdue open report up one level (county → city → province), at most once a day.

    Each row is claimed by a conditional UPDATE before anyone is notified, so two sweeps (or a retry after
    a crash) never escalate or notify twice on the same day.
    """
    today = today or timezone.localdate()
    next_level = {"county": "city", "city": "province"}
    escalated = 0
    candidates = (RiskReport.objects.overdue(today).exclude(escalation="province")
                  .filter(Q(last_escalated_on__isnull=True) | Q(last_escalated_on__lt=today))
                  .values_list("pk", "escalation"))
    for pk, level in list(candidates):
        with transaction.atomic():
            claimed = RiskReport.objects.filter(
                Q(last_escalated_on__isnull=True) | Q(last_escalated_on__lt=today),
                pk=pk, escalation=level, due_date__lt=today).exclude(status=RiskReport.Status.RESOLVED).update(
                escalation=next_level[level], last_escalated_on=today)
            if not claimed:
                continue
            report = RiskReport.objects.select_related("enterprise", "region").get(pk=pk)
            target = region_chain(report.region).get(next_level[level])
            RiskEvent.objects.create(report=report, from_status=report.status, to_status="escalated", actor=None,
                                     note=f"超过办理时限（{report.due_date:%Y-%m-%d}）未处置完毕，自动升级至"
                                          f"{report.get_escalation_display()}督办。", due_date=report.due_date)
            if target is not None:
                notify(offices_users([target]), f"【超期升级】{report.enterprise.name}：{report.get_category_display()}",
                       body=f"该风险已超过办理时限{(today - report.due_date).days}天，升级至"
                            f"{report.get_escalation_display()}督办。",
                       url=_report_url(report), level="warning")
            escalated += 1
    return escalated
