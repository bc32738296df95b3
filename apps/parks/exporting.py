"""The park ledger's export on the one export engine (apps/core/exports.py)."""

from apps.core import exports
from apps.core.masking import mask_phone
from apps.enterprises.models import CreationRecord

from . import services
from .filters import ParkFilter
from .models import Park

STATUS_LABELS = dict(CreationRecord.Status.choices)


@exports.register
class ParkExporter(exports.Exporter):
    name = "parks.industrial"
    job_kind = "park_export"
    label = "工业园区台账导出"
    model = Park
    filterset_class = ParkFilter
    sheet = "工业园区"
    filename = "工业园区台账"
    widths = {"园区名称": 30, "所在区划": 26, "管理机构": 26}
    masked = {"联系电话": mask_phone}  # re-imported masked, it keeps the stored number (apps.parks.importing)

    @property
    def headers(self):
        return ["园区名称", "园区级别", "所在区划代码", "所在区划", "管理机构", "入驻企业数", "从业职工数", "联系人",
                "联系电话", "服务站点数", f"{services.current_year()}年创建状态"]

    def order(self, queryset):
        return services.with_list_figures(queryset, self.user)

    def rows(self, queryset):
        for p in queryset.iterator(chunk_size=exports.CHUNK):
            yield [p.name, p.get_level_display(), p.region.code, p.region.full_name, p.managing_body,
                   p.enterprise_count, p.worker_count, p.contact_person, p.contact_phone, p.station_count,
                   STATUS_LABELS.get(p.status_this_year, "未登记")]
