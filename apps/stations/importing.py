"""The station ledger's importer on the one import engine (apps/core/imports.py)."""

from apps.core.imports import RowsImporter, register

from . import excel
from .models import Station
from .resources import StationResource


@register
class StationImporter(RowsImporter):
    name = "stations.ledger"
    job_kind = "station_import"
    label = "服务站点导入"
    noun = "个站点"
    model = Station
    resource_class = StationResource
    max_rows = excel.MAX_ROWS
    page_url_name = "stations:station_import_job"
    validate_rows = staticmethod(excel.validate)
    write_rows = staticmethod(excel.write)
    preview_row = staticmethod(excel.preview_row)
    preview_headers = excel.PREVIEW_HEADERS

    def template(self):
        return excel.template_response(self.user).content
