"""Figures of assessments (统计指标; see apps/core/figures.py), counted as 评估结果统计 counts them."""

from django.db.models import Count, Q

from apps.core.figures import Figure, Source, register

from .models import Assessment

S = Assessment.Status
SHEETS = Source("evaluations.self_assessments", lambda area, year: Assessment.objects.visible_to(area)
                .filter(year=year, kind=Assessment.Kind.SELF),
                {"total": Count("pk"), "concluded": Count("pk", filter=Q(status__in=Assessment.CONCLUDED)),
                 "passed": Count("pk", filter=Q(status=S.PASSED))}, watch=("evaluations.Assessment",))

register(
    Figure("evaluations.assessments", "自评评估表", "份", "评价评估", value=SHEETS["total"], order=10,
           description="本年度的自评评估表（各状态）"),
    Figure("evaluations.concluded", "已出结论的评估表", "份", "评价评估", value=SHEETS["concluded"], order=11,
           description="本年度达标、未达标或一票否决的自评评估表"),
    Figure("evaluations.pass_rate", "评估达标率", "%", "评价评估", order=12,
           numerator=SHEETS["passed"], denominator=SHEETS["concluded"],
           description="本年度达标的自评评估表 ÷ 已出结论的自评评估表"),
)
