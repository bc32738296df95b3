"""全国推荐名单 export on the one export engine: valid provincial titles only, the list's own filters."""

from apps.core import exports

from .filters import TitleFilter
from .models import DemonstrationTitle


@exports.register
class NationalExporter(exports.Exporter):
    name = "honours.national"
    job_kind = "honours_national_export"
    label = "全国推荐备选名单导出"
    model = DemonstrationTitle
    filterset_class = TitleFilter
    headers = ["序号", "单位名称", "类别", "市（州）", "所在区划", "证书编号", "命名文号", "命名日期", "复核日期", "状态"]
    sheet = "全国推荐备选名单"
    filename = "全国推荐备选名单"
    widths = {"单位名称": 40, "所在区划": 30, "命名文号": 22}

    def base_queryset(self):
        return super().base_queryset().valid()

    def order(self, queryset):
        return queryset.order_by("city__code", "valid_from", "certificate_number")

    def rows(self, queryset):
        kinds = dict(DemonstrationTitle._meta.get_field("kind").flatchoices)
        statuses = dict(DemonstrationTitle.Status.choices)
        values = queryset.values_list("subject__name", "kind", "city__name", "region__full_name",
                                      "certificate_number", "naming__doc_number", "valid_from", "valid_until",
                                      "status")
        for n, (name, kind, city, region, cert, doc, start, until, status) in enumerate(values.iterator(), 1):
            yield [n, name, kinds.get(kind, kind), city, region, cert, doc, f"{start:%Y-%m-%d}",
                   f"{until:%Y-%m-%d}", statuses.get(status, status)]
