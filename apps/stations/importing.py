"""The station ledger's import on the one import engine (apps/core/ledger.py): what a row means, checked for the
whole file at once (a few queries, none per row). The columns, each cell's parse, the template and the preview
come from the resource (apps.stations.resources). A station is identified by its township and name: a row
naming an existing station updates it, any other row adds one; an empty cell clears its column.
"""

from apps.core.imports import register
from apps.core.ledger import LedgerImporter
from apps.parks.models import Park
from apps.regions.cells import RegionKeyedRows
from apps.regions.models import Region

from .models import Station
from .resources import StationResource

ACCEPTANCE_DEFAULTS = {"acceptance_result": Station.Acceptance.PENDING, "acceptance_date": None,
                       "acceptance_evaluator": "", "model_status": Station.ModelStatus.NONE}


@register
class StationImporter(RegionKeyedRows, LedgerImporter):
    name = "stations.ledger"
    job_kind = "station_import"
    label = "服务站点导入"
    noun = "个站点"
    model = Station
    resource_class = StationResource
    page_url_name = "stations:station_import_job"
    code_levels = (Region.Level.COUNTY, Region.Level.TOWNSHIP)   # the template's drop-down of area codes
    related = ("region", "park")
    # never written by an import: acceptance is a workflow step on the station's page (apps/stations/workflow.py)
    unwritten = ("region_code", *ACCEPTANCE_DEFAULTS)
    duplicate = "与第 {} 行重复：同一乡镇（街道）内站点名称不能重复"
    mark_required = False   # the template's header row is the export's (an export is imported as it is)
    template_sheet = "服务站点"

    def prepare(self, parsed):
        super().prepare(parsed)
        self.parks = {}
        for park in Park.objects.visible_to(self.user).select_related("region"):
            self.parks.setdefault(park.name, []).append(park)
        self.may_accept = self.user.has_perm("stations.accept_station")

    def row(self, number, values, said, clean):
        region = self.region_of(values, said)
        if "park" in values:
            values["park"] = self.park(values["park"], region, said)
        station = self.existing.get((region.pk, values.get("name", ""))) if region is not None else None
        accepted = {f: values[f] for f in ACCEPTANCE_DEFAULTS if f in values}
        if accepted and self.changes_acceptance(ACCEPTANCE_DEFAULTS | accepted, station):
            said.append(("" if self.may_accept else "您没有登记验收评估和样板站点的权限，")
                        + "验收结果只能在站点页面的“验收评估”中登记，导入不能修改验收相关列，请保持原值或留空")
        if region is not None and values.get("name"):
            self.once((region.pk, values["name"]), number, said)
        if not clean or said or region is None or "kind" not in values:
            return None
        target = station or Station()
        for name in self.written:  # an empty cell clears the column (the model's default)
            setattr(target, name, values.get(name, Station._meta.get_field(name).get_default()))
        target.region = region
        said.extend(target.rule_errors().values())
        return target

    @staticmethod
    def changes_acceptance(accepted, station):
        """The acceptance columns are exported for reading: left blank or as exported they are ignored."""
        if station is not None:
            return any(getattr(station, f) != accepted[f] for f in ACCEPTANCE_DEFAULTS)
        return (accepted["acceptance_result"] != Station.Acceptance.PENDING
                or accepted["model_status"] != Station.ModelStatus.NONE)

    def park(self, name, region, said):
        candidates = self.parks.get(name, [])
        if region is not None and len(candidates) > 1:
            candidates = [p for p in candidates if p.region.contains(region) or region.contains(p.region)]
        if not candidates:
            said.append(f"服务园区“{name}”不存在或不在您的管辖区域内")
        elif len(candidates) > 1:
            said.append(f"服务园区“{name}”有多个同名园区，请核对所在区划代码")
        else:
            return candidates[0]
        return None
