"""The commendation list's Excel export on the one export engine: exactly the filtered visible rows;
身份证号 and phone leave only masked."""

from apps.core import exports
from apps.core.masking import mask_id_number, mask_phone

from .filters import CommendationFilter
from .models import Commendation

HEADERS = ["表彰年度", "表彰类别", "集体名称或个人姓名", "性别", "工作单位及职务", "身份证号（脱敏）", "联系电话（脱敏）",
           "所在区划", "推荐单位", "状态", "市级审核意见", "批准日期", "主要事迹"]


@exports.register
class CommendationExporter(exports.Exporter):
    name = "recognition.commendations"
    job_kind = "commendation_export"
    label = "表彰推荐导出"
    model = Commendation
    filterset_class = CommendationFilter
    headers = HEADERS
    sheet = "表彰推荐"
    filename = "和谐劳动关系创建表彰推荐"
    masked = {"身份证号（脱敏）": mask_id_number, "联系电话（脱敏）": mask_phone}
    note = "（身份证号、联系电话已脱敏）"
    widths = {"集体名称或个人姓名": 28, "工作单位及职务": 30, "身份证号（脱敏）": 22, "所在区划": 22, "推荐单位": 22,
              "主要事迹": 60}

    def order(self, queryset):
        return queryset.select_related("region", "nominator_region").order_by("-year", "kind", "region_path", "pk")

    def rows(self, queryset):
        for c in queryset.iterator(chunk_size=2000):
            yield [c.year, c.get_kind_display(), c.name, c.get_gender_display(), c.workplace, c.id_number, c.phone,
                   c.region.full_name, c.nominator_region.full_name or c.nominator_region.name,
                   c.get_status_display(), c.city_opinion, c.approved_on.isoformat() if c.approved_on else "",
                   c.deeds]
