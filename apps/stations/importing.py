"""The station ledger's import on the one import engine (apps/core/imports.py, ObjectImporter): what a row means,
checked for the whole file at once (a few queries, none per row). The columns, each cell's parse (the region and
the park found for the whole file), the template and the preview come from the resource (apps.stations.resources).
A station is identified by its township and name: a row naming an existing station updates it, any other row adds
one; an empty cell clears its column.
"""

from apps.core.imports import ObjectImporter, register

from .models import Station
from .resources import StationResource

ACCEPTANCE_DEFAULTS = {"acceptance_result": Station.Acceptance.PENDING, "acceptance_date": None,
                       "acceptance_evaluator": "", "model_status": Station.ModelStatus.NONE}


@register
class StationImporter(ObjectImporter):
    name = "stations.ledger"
    job_kind = "station_import"
    label = "服务站点导入"
    noun = "个站点"
    model = Station
    resource_class = StationResource
    page_url_name = "stations:station_import_job"
    key_fields = ("region_code", "name")
    # never written by an import: acceptance is a workflow step on the station's page (apps/stations/workflow.py)
    unwritten = tuple(ACCEPTANCE_DEFAULTS)
    required_message = "{}不能为空"
    integrity_text = "导入期间有同名站点被他人录入，本次未导入任何数据，请重新上传检查。"
    mark_required = False   # the template's header row is the export's (an export is imported as it is)
    template_sheet = "服务站点"

    def check(self, parsed, plan):
        self.once(parsed, "name", "与{row}重复：同一乡镇（街道）内站点名称不能重复", key=self.key_of)
        may_accept = self.user.has_perm("stations.accept_station")
        for _number, values, errors in parsed:
            accepted = {f: values[f] for f in ACCEPTANCE_DEFAULTS if f in values}
            if accepted and self.changes_acceptance(ACCEPTANCE_DEFAULTS | accepted, self.stored.get(self.key_of(values))):
                errors.append(("验收结果", ("" if may_accept else "您没有登记验收评估和样板站点的权限，")
                               + "验收结果只能在站点页面的“验收评估”中登记，导入不能修改验收相关列，请保持原值或留空"))
        super().check(parsed, plan)

    def new_row(self, values):
        target = self.stored.get(self.key_of(values)) or Station()
        for name in self.updated_fields:  # an empty cell clears the column (the model's default)
            setattr(target, name, values.get(name, Station._meta.get_field(name).get_default()))
        target.region = values["region_code"]
        return target

    def row_errors(self, station):
        return [("", message) for message in station.rule_errors().values()]

    @staticmethod
    def changes_acceptance(accepted, station):
        """The acceptance columns are exported for reading: left blank or as exported they are ignored."""
        if station is not None:
            return any(getattr(station, f) != accepted[f] for f in ACCEPTANCE_DEFAULTS)
        return (accepted["acceptance_result"] != Station.Acceptance.PENDING
                or accepted["model_status"] != Station.ModelStatus.NONE)
