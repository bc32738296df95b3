"""The risk board: every figure is one aggregate query in the database, per child area as the coordinators'
structure page counts them (apps/coordinators/stats.py)."""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.coordinators.stats import DIRECT, child_code
from apps.core.figures import children_of

from .models import RiskReport


def counted(rows, key, choices):
    counts = {row[key]: row["n"] for row in rows}
    return [(label, counts.get(value, 0)) for value, label in choices]


def risk_board(user, region, today=None, months=12):
    today = today or timezone.localdate()
    base = RiskReport.objects.visible_to(user).inside(region.path)
    open_ = base.open()
    totals = open_.aggregate(open=Count("id"), major=Count("id", filter=Q(severity=RiskReport.Severity.MAJOR)),
                             overdue=Count("id", filter=Q(due_date__lt=today)), people=Sum("people_affected"),
                             amount=Sum("amount"))
    child = child_code("region__path", region.path)
    by_area = {row["child"]: row for row in open_.annotate(child=child).values("child").annotate(
        n=Count("id"), major=Count("id", filter=Q(severity=RiskReport.Severity.MAJOR)),
        overdue=Count("id", filter=Q(due_date__lt=today)), people=Sum("people_affected")).order_by()}
    areas = []
    for key, name in [(r.code, r.name) for r in children_of(region)] + [("", DIRECT)]:
        row = by_area.get(key)
        if key == "" and not row:
            continue
        row = row or {}
        areas.append({"code": key, "name": name, "n": row.get("n", 0), "major": row.get("major", 0),
                      "overdue": row.get("overdue", 0), "people": row.get("people") or 0})
    by_category = counted(open_.values("category").annotate(n=Count("id")).order_by(), "category",
                           RiskReport.Category.choices)
    index = today.year * 12 + today.month - 1 - (months - 1)
    start = datetime.date(index // 12, index % 12 + 1, 1)
    monthly = {(row["month"].year, row["month"].month): row for row in base.filter(
        reported_at__date__gte=start).annotate(month=TruncMonth("reported_at")).values("month").annotate(
        reported=Count("id"), major=Count("id", filter=Q(severity=RiskReport.Severity.MAJOR)),
        resolved=Count("id", filter=Q(status=RiskReport.Status.RESOLVED))).order_by()}
    trend = []
    cursor = start
    for _ in range(months):
        row = monthly.get((cursor.year, cursor.month), {})
        trend.append({"month": f"{cursor.year}-{cursor.month:02d}", "reported": row.get("reported", 0),
                      "major": row.get("major", 0), "resolved": row.get("resolved", 0)})
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return {"totals": totals, "areas": areas, "categories": by_category, "trend": trend,
            "period": f"{trend[0]['month']} 至 {trend[-1]['month']}"}
