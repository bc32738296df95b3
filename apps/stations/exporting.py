"""The station ledger's export on the one export engine (apps/core/exports.py): the import template's columns."""

from apps.core import exports

from . import excel
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
    headers = excel.HEADERS
    sheet = "服务站点"
    filename = "服务站点台账"
    widths = StationResource.Meta.widths

    def order(self, queryset):
        return queryset.select_related("region", "park").order_by("region__code", "name", "pk")

    def rows(self, queryset):
        return (excel.station_row(station) for station in queryset.iterator(chunk_size=exports.CHUNK))
