"""The risk list's export on the one export engine (apps/core/exports.py)."""

from django.utils import timezone

from apps.core import exports

from .filters import RiskFilter
from .models import RiskReport


@exports.register
class RiskExporter(exports.Exporter):
    name = "risks.reports"
    job_kind = "risk_export"
    label = "风险预警导出"
    model = RiskReport
    filterset_class = RiskFilter
    headers = ["上报时间", "涉及企业", "统一社会信用代码", "所在区划", "风险类别", "风险等级", "涉及人数", "涉及金额（万元）",
               "处置状态", "办理时限", "督办层级", "风险情况", "已采取措施"]
    sheet = "风险预警"
    filename = "风险预警"
    widths = {"上报时间": 17, "涉及企业": 28, "统一社会信用代码": 22, "所在区划": 26, "风险情况": 40, "已采取措施": 40}

    def order(self, queryset):
        return queryset.select_related("enterprise", "region").order_by("-reported_at", "pk")

    def rows(self, queryset):
        for r in queryset.iterator(chunk_size=exports.CHUNK):
            yield [timezone.localtime(r.reported_at).strftime("%Y-%m-%d %H:%M"), r.enterprise.name, r.enterprise.uscc,
                   r.region.full_name, r.get_category_display(), r.get_severity_display(), r.people_affected,
                   float(r.amount), r.get_status_display(), r.due_date, r.get_escalation_display(), r.description,
                   r.actions_taken]
