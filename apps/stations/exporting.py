"""The station ledger's export on the one export engine (apps/core/exports.py): the resource's columns, each
cell taken by its column's name and written by its widget (so an export is imported again as it is)."""

from apps.core import exports, widgets

from .filters import StationFilter
from .models import Station
from .resources import StationResource


@exports.register
class StationExporter(exports.Exporter):
    name = "stations.ledger"
    job_kind = "station_export"
    label = "服务站点台账导出"
    model = Station
    filterset_class = StationFilter
    sheet = "服务站点"
    filename = "服务站点台账"
    widths = StationResource.Meta.widths

    @property
    def headers(self):
        return [c.header for c in widgets.columns(StationResource)]

    def order(self, queryset):
        return queryset.order_by("region__code", "name", "pk")

    def rows(self, queryset):
        return widgets.export_rows(widgets.columns(StationResource), queryset, chunk=exports.CHUNK, extra={
            "model_status": ("model_status", lambda status: "" if status == Station.ModelStatus.NONE
                             else Station.ModelStatus(status).label)})
