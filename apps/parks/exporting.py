"""The park ledger's export on the one export engine (apps/core/exports.py): the resource's columns, each cell
taken by its column's name and written by its widget (so an export is imported again as it is), then the list's
station count and this year's creation status."""

from apps.core import exports, widgets
from apps.core.masking import mask_phone
from apps.enterprises.models import CreationRecord

from . import services
from .filters import ParkFilter
from .models import Park
from .resources import ParkResource

STATUS_LABELS = dict(CreationRecord.Status.choices)
STATIONS = widgets.extra_column("服务站点数")


def export_columns():
    return [*widgets.columns(ParkResource), STATIONS,
            widgets.extra_column(f"{services.current_year()}年创建状态")]


@exports.register
class ParkExporter(exports.Exporter):
    name = "parks.industrial"
    job_kind = "park_export"
    label = "工业园区台账导出"
    model = Park
    filterset_class = ParkFilter
    sheet = "工业园区"
    filename = "工业园区台账"
    widths = ParkResource.Meta.widths
    masked = {"联系电话": mask_phone}  # re-imported masked, it keeps the stored number (apps.parks.importing)

    @property
    def headers(self):
        return [c.header for c in export_columns()]

    def order(self, queryset):
        return services.with_list_figures(queryset, self.user)

    def rows(self, queryset):
        *declared, stations, status = export_columns()
        return widgets.export_rows([*declared, stations, status], queryset, chunk=exports.CHUNK, extra={
            stations.name: ("station_count", lambda count: count),
            status.name: ("status_this_year", lambda value: STATUS_LABELS.get(value, "未登记"))})
