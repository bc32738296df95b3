"""Figures of the risk early warning (统计指标; see apps/core/figures.py)."""

from django.db.models import Count, Q

from apps.core.figures import Figure, Source, end_of, register

from .models import RiskReport

RISKS = Source("risks.open_risks", lambda area, year: RiskReport.objects.visible_to(area).open(),
               {"open": Count("pk"), **{s: Count("pk", filter=Q(severity=s)) for s in RiskReport.Severity.values}},
               yearly=False, watch=("risks.RiskReport",),
               # open at the end of that day: reported by then, not resolved by then
               as_of=lambda area, day: RiskReport.objects.visible_to(area).filter(
                   Q(resolved_at__isnull=True) | Q(resolved_at__gte=end_of(day)), reported_at__lt=end_of(day)))

register(
    Figure("risks.open_risks", "在办风险", "件", "风险预警", value=RISKS["open"], higher_is_better=False,
           order=10, description="已上报或处置中、尚未化解的风险（现状）"),
    Figure("risks.open_risks_major", "在办重大风险", "件", "风险预警", value=RISKS["major"],
           higher_is_better=False, order=11),
    Figure("risks.open_risks_serious", "在办较大风险", "件", "风险预警", value=RISKS["serious"],
           higher_is_better=False, order=12),
    Figure("risks.open_risks_general", "在办一般风险", "件", "风险预警", value=RISKS["general"],
           higher_is_better=False, order=13),
)
