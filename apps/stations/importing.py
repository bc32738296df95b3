"""The station ledger's importer on the one import engine (apps/core/imports.py)."""

from apps.core.imports import PREVIEW_ROWS, Importer, register

from . import excel
from .models import Station
from .resources import StationResource


class LedgerImporter(Importer):
    """What the station and park importers share: rows as {header: value}, a preview of the first rows."""

    # what the cells mean, from the app's module: validate_rows(data, user, progress) -> ImportPlan,
    # write_rows(plan, user, progress=…) -> {"created", "updated", "ids"}, preview_row(obj) -> [cells]
    validate_rows = write_rows = preview_row = None
    preview_headers = ()

    def validate(self, table, progress):
        return type(self).validate_rows(list(table.dicts(self.headers())), self.user, progress)

    def write(self, plan, progress):
        return type(self).write_rows(plan, self.user, progress=progress)

    def preview(self, plan):
        rows = sorted(plan.creates + plan.updates, key=lambda obj: obj.import_row)
        return {"preview_headers": list(self.preview_headers),
                "preview": [[obj.import_row, [str(c) for c in type(self).preview_row(obj)], bool(obj.pk)]
                            for obj in rows[:PREVIEW_ROWS]]}

    def integrity_message(self):
        return f"导入期间有同名{self.noun.removeprefix('个')}被他人录入，本次未导入任何数据，请重新上传检查。"


@register
class StationImporter(LedgerImporter):
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
