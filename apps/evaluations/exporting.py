"""The assessment list's export on the one export engine (apps/core/exports.py).

Always a job (我的任务): an assessment list is read by city and province staff over thousands of sheets.
"""

from django.utils import timezone

from apps.core import exports

from .filters import AssessmentFilter
from .models import Assessment

HEADERS = ["创建主体", "主体类型", "所在区划", "年度", "评估类型", "第三方机构", "状态", "自评得分", "最终得分", "等级",
           "一票否决", "提交时间", "结论时间"]


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _score(value):
    return float(value) if value is not None else None


@exports.register
class AssessmentExporter(exports.Exporter):
    name = "evaluations.assessments"
    job_kind = "assessment_export"
    label = "评估表导出"
    model = Assessment
    filterset_class = AssessmentFilter
    headers = HEADERS
    sheet = "评估表"
    filename = "评估表"
    sync_limit = 0
    widths = {"创建主体": 30, "所在区划": 26, "第三方机构": 24, "提交时间": 17, "结论时间": 17}

    def order(self, queryset):
        return queryset.select_related("subject", "region", "agency").order_by("region__code", "pk")

    def rows(self, queryset):
        for a in queryset.iterator(chunk_size=exports.CHUNK):
            yield [a.subject.name, a.subject.get_kind_display(), a.region.full_name, a.year, a.get_kind_display(),
                   a.agency.name if a.agency else "", a.get_status_display(), _score(a.self_total),
                   _score(a.final_total), a.grade, "是" if a.veto_failed else "否", _when(a.submitted_at),
                   _when(a.concluded_at)]
