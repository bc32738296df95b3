"""Demo risk reports in 江岸区 (420102) and 西陵区 (420502), in every state, with their 处置记录.

Runs after the enterprises and coordinators demos (INSTALLED_APPS order): each report names an enterprise of
the county and one of its demo coordinators. Deterministic, small, and skipped when already loaded.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import User
from apps.coordinators.demo import COUNTIES
from apps.coordinators.models import Coordinator
from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .models import RiskEvent, RiskReport


def load_demo(stdout):
    if RiskReport.objects.filter(region__path__startswith="42/4201/420102/").exists():
        stdout.write("  风险预警演示数据已存在，跳过")
        return
    today = timezone.localdate()
    risks = 0
    for code in COUNTIES:
        county = Region.objects.get(code=code)
        firms = list(Enterprise.objects.inside(county.path).order_by("pk").values_list("pk", "region_id"))
        people = list(Coordinator.objects.inside(county.path).order_by("pk"))
        if people:
            risks += _risks(county, firms, people, today)
    stdout.write(f"  演示风险预警 {risks} 件（江岸区、西陵区）")


def _risks(county, firms, people, today):
    if not firms:
        return 0
    reporter = User.objects.filter(office__region=county, groups__name="录入").first() or User.objects.filter(
        office__region=county).first()
    if reporter is None:
        return 0
    cases = [
        ("wage_arrears", "major", "handling", 120, "186.50", "拖欠一线职工两个月工资，部分职工到政府上访", -2),
        ("layoff", "serious", "reported", 45, "0", "因订单下降拟裁减人员，未履行提前告知程序", -1),
        ("shutdown", "general", "resolved", 30, "12.00", "设备检修停产半月，职工待岗工资发放有争议", 10),
        ("social_insurance", "general", "reported", 18, "9.60", "连续三个月未足额缴纳社会保险费", 5),
        ("collective_dispute", "serious", "handling", 60, "35.00", "职工就加班费计算集体提出异议", 6),
        ("other", "general", "resolved", 8, "0", "劳务派遣用工比例偏高，存在同工不同酬投诉", 20),
    ]
    from apps.enterprises.models import CreationRecord

    shown = set(CreationRecord.objects.filter(status=CreationRecord.Status.DEMONSTRATION,
                                              subject__enterprise__in=[pk for pk, _r in firms])
                .values_list("subject__enterprise", flat=True))
    plain = [f for f in firms if f[0] not in shown] or firms
    made = 0
    for n, (category, severity, status, count, amount, text, due_offset) in enumerate(cases):
        # states agree: an open serious or major case is never on an enterprise the ledger shows as 示范
        pool = plain if status != "resolved" and severity != "general" else firms
        firm_pk, region_id = pool[(n * 7) % len(pool)]
        report = RiskReport(enterprise_id=firm_pk, region_id=region_id, category=category, severity=severity,
                            status=status, people_affected=count, amount=Decimal(amount), description=text,
                            actions_taken="已约谈企业负责人，督促依法整改", reported_by=reporter,
                            coordinator=people[n % len(people)], due_date=today + datetime.timedelta(days=due_offset))
        report._change_reason = "演示数据"
        report.save()
        reported_at = timezone.now() - datetime.timedelta(days=30 * n + 3)
        RiskReport.objects.filter(pk=report.pk).update(reported_at=reported_at)
        steps = [("", "reported", "上报风险", report.due_date)]
        if status in ("handling", "resolved"):
            steps.append(("reported", "handling", "已受理，派协调员驻企跟进", report.due_date))
        if status == "resolved":
            steps.append(("handling", "resolved", "企业已整改到位，职工诉求已解决", None))
            RiskReport.objects.filter(pk=report.pk).update(resolved_at=reported_at + datetime.timedelta(days=2))
        for day, (frm, to, note, due) in enumerate(steps):
            event = RiskEvent.objects.create(report=report, from_status=frm, to_status=to, actor=reporter, note=note,
                                             due_date=due)
            RiskEvent.objects.filter(pk=event.pk).update(at=reported_at + datetime.timedelta(days=day))
        made += 1
    return made
